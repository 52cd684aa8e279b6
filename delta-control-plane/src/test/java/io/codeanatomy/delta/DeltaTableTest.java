package io.codeanatomy.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowLeakCheck.class)
class DeltaTableTest {
    @TempDir
    Path dir;

    static Session session(EngineRuntime runtime) {
        return Sessions.builder(RuntimeProfile.batch().withName("delta-test")).runtime(runtime).build();
    }

    static DeltaWriteResult write(Session session, DeltaTable table, String sql, WriteMode mode, WriteOptions options) {
        try (BatchStream rows = session.sql(sql).stream()) {
            return DeltaWriter.write(table, rows, mode, options);
        }
    }

    static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.sql(sql).collect()) {
            return result.rows();
        }
    }

    static Expression gt(String column, long value) {
        return new Expression.Comparison(Expression.ComparisonOperator.GT, new Expression.Column(column),
                new Expression.Literal(value, new ArrowType.Int(64, true)));
    }

    @Test
    void createAppendReadAndTimeTravel(EngineRuntime runtime) {
        DeltaTable table = DeltaTable.forPath(dir.resolve("t"));
        try (Session session = session(runtime)) {
            DeltaWriteResult created = write(session, table,
                    "SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) AS v(id, name)", WriteMode.CREATE, WriteOptions.DEFAULT);
            assertThat(created.commit().version()).isZero();
            assertThat(created.rowsWritten()).isEqualTo(3);
            write(session, table, "SELECT * FROM (VALUES (4, 'd'), (5, NULL)) AS v(id, name)", WriteMode.APPEND, WriteOptions.DEFAULT);
            assertThat(table.version()).isEqualTo(1);

            session.register("t", DeltaTableProvider.latest(table));
            session.register("t0", DeltaTableProvider.atVersion(table, 0));
            assertThat(rows(session, "SELECT id, name FROM t ORDER BY id")).containsExactly(
                    List.of(1, "a"), List.of(2, "b"), List.of(3, "c"), List.of(4, "d"), java.util.Arrays.asList(5, null));
            assertThat(rows(session, "SELECT count(*) FROM t0")).containsExactly(List.of(3L));
            assertThat(rows(session, "SELECT name FROM t WHERE id > 3 AND name IS NOT NULL")).containsExactly(List.of("d"));

            DmlMetrics deleted = DeltaDml.delete(table, gt("id", 3));
            assertThat(deleted.rowsDeleted()).isEqualTo(2);
            assertThat(deleted.filesScanned()).isEqualTo(1);
            assertThat(rows(session, "SELECT count(*) FROM t")).containsExactly(List.of(3L));

            DmlMetrics updated = DeltaDml.update(table, Map.of("name", new Expression.Literal("z", ArrowType.Utf8.INSTANCE)), gt("id", 1));
            assertThat(updated.rowsUpdated()).isEqualTo(2);
            assertThat(rows(session, "SELECT id, name FROM t ORDER BY id")).containsExactly(
                    List.of(1, "a"), List.of(2, "z"), List.of(3, "z"));
        }
    }

    @Test
    void partsWrittenOnSeveralThreadsAreCommittedTogether(EngineRuntime runtime) throws Exception {
        DeltaTable table = DeltaTable.forPath(dir.resolve("parts"));
        try (Session session = session(runtime)) {
            write(session, table, "SELECT * FROM (VALUES (9, 'old')) AS v(id, name)", WriteMode.CREATE, WriteOptions.DEFAULT);
            DeltaWriter.Parts parts;
            try (BatchStream first = session.sql("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)").stream()) {
                parts = DeltaWriter.parts(table, first.schema(), WriteMode.OVERWRITE, WriteOptions.DEFAULT);
                parts.add(first);
            }
            assertThat(table.version()).as("nothing is committed before commit()").isZero();
            Thread other = new Thread(() -> {
                try (BatchStream rows = session.sql("SELECT * FROM (VALUES (3, 'c')) AS v(id, name)").stream()) {
                    parts.add(rows);
                }
            });
            other.start();
            other.join();
            DeltaWriteResult result = parts.commit();
            assertThat(result.commit().version()).isEqualTo(1);
            assertThat(result.rowsWritten()).isEqualTo(3);
            assertThat(result.filesAdded()).isEqualTo(2);
            assertThat(result.filesRemoved()).isEqualTo(1);
            assertThatThrownBy(parts::commit).isInstanceOf(IllegalStateException.class);
            session.register("parts", DeltaTableProvider.latest(table));
            assertThat(rows(session, "SELECT id, name FROM parts ORDER BY id")).containsExactly(
                    List.of(1, "a"), List.of(2, "b"), List.of(3, "c"));
            try (BatchStream wrong = session.sql("SELECT 'x' AS other").stream()) {
                DeltaWriter.Parts next = DeltaWriter.parts(table, wrong.schema(), WriteMode.APPEND, WriteOptions.DEFAULT);
                assertThatThrownBy(() -> next.add(wrong)).isInstanceOf(DeltaSchemaException.class);
            }
        }
    }

    @Test
    void postCommitCheckpointHooksAreRun(EngineRuntime runtime) throws Exception {
        DeltaTable table = DeltaTable.forPath(dir.resolve("hooks"));
        try (Session session = session(runtime)) {
            write(session, table, "SELECT 0 AS id", WriteMode.CREATE,
                    WriteOptions.DEFAULT.withTableProperties(Map.of("delta.checkpointInterval", "2")));
            DeltaWriteResult first = write(session, table, "SELECT 1 AS id", WriteMode.APPEND, WriteOptions.DEFAULT);
            DeltaWriteResult second = write(session, table, "SELECT 2 AS id", WriteMode.APPEND, WriteOptions.DEFAULT);
            assertThat(first.commit().hooksRun()).doesNotContain("CHECKPOINT");
            assertThat(second.commit().hooksRun()).contains("CHECKPOINT");     // version 2: a multiple of the interval
            assertThat(second.commit().hookFailures()).isEmpty();
            assertThat(java.nio.file.Files.exists(dir.resolve("hooks/_delta_log/00000000000000000002.checkpoint.parquet"))).isTrue();
        }
    }

    @Test
    void guardedDeleteRefusesMissingOrTrivialPredicates() {
        DeltaTable table = DeltaTable.forPath(dir.resolve("g"));
        assertThatThrownBy(() -> DeltaDml.delete(table, null)).hasMessageContaining("deleteAll");
        assertThatThrownBy(() -> DeltaDml.delete(table, new Expression.Literal(true, ArrowType.Bool.INSTANCE)))
                .hasMessageContaining("deleteAll");
    }
}
