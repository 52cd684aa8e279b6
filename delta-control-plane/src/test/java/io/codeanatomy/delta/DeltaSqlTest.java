package io.codeanatomy.delta;

import static io.codeanatomy.delta.DeltaTableTest.rows;
import static io.codeanatomy.delta.DeltaTableTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.SqlPolicy;
import io.codeanatomy.engine.core.SqlPolicyViolation;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowLeakCheck.class)
class DeltaSqlTest {
    @TempDir
    Path dir;

    @Test
    void insertDeleteAndUpdateThroughSql(EngineRuntime runtime) {
        DeltaTable table = DeltaTable.forPath(dir.resolve("t"));
        try (Session session = DeltaTableTest.session(runtime)) {
            write(session, table, "SELECT * FROM (VALUES (1, 'py', 10), (2, 'java', 20), (3, 'py', 30)) AS v(id, lang, n)",
                    WriteMode.CREATE, WriteOptions.partitionedBy("lang"));
            session.register("t", DeltaTableProvider.latest(table));

            assertThat(session.execute("INSERT INTO t SELECT 4, 'java', 40")).isEqualTo(1);
            assertThat(session.execute("DELETE FROM t WHERE lang = 'py' AND n > 15")).isEqualTo(1);
            assertThat(session.execute("UPDATE t SET n = n + 1, lang = upper(lang) WHERE id >= ?", 2)).isEqualTo(2);
            assertThat(rows(session, "SELECT id, lang, n FROM t ORDER BY id")).containsExactly(
                    List.of(1, "py", 10), List.of(2, "JAVA", 21), List.of(4, "JAVA", 41));
            assertThat(table.version()).isEqualTo(3);
            assertThat(table.partitionColumns()).containsExactly("lang");

            assertThatThrownBy(() -> session.execute("DELETE FROM t")).hasMessageContaining("deleteAll");
            assertThatThrownBy(() -> session.execute("DELETE FROM t WHERE id IN (SELECT 1)"))
                    .hasMessageContaining("subqueries");
            assertThat(table.version()).isEqualTo(3);
        }
    }

    @Test
    void readOnlySessionsCannotChangeDeltaTables(EngineRuntime runtime) {
        DeltaTable table = DeltaTable.forPath(dir.resolve("ro"));
        try (Session writer = DeltaTableTest.session(runtime)) {
            write(writer, table, "SELECT 1 AS id", WriteMode.CREATE, WriteOptions.DEFAULT);
        }
        try (Session session = Sessions.builder(RuntimeProfile.batch().withName("ro").withSql(SqlPolicy.readOnly()))
                .runtime(runtime).build()) {
            session.register("t", DeltaTableProvider.latest(table));
            assertThatThrownBy(() -> session.execute("DELETE FROM t WHERE id = 1")).isInstanceOf(SqlPolicyViolation.class);
            assertThat(rows(session, "SELECT id FROM t")).containsExactly(List.of(1));
        }
        assertThat(table.version()).isZero();
    }
}
