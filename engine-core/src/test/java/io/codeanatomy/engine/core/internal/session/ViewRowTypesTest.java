package io.codeanatomy.engine.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.PlanningException;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.SqlPolicy;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A view's row type is validated once and kept between statements, for as long as what its body reads keeps its row
 * types; a table or view replaced under it, with other columns, gets the body validated again.
 */
@ExtendWith(ArrowLeakCheck.class)
class ViewRowTypesTest {
    private Session session;
    private BufferAllocator allocator;
    private final List<MemoryTable> tables = new ArrayList<>();

    @BeforeEach
    void setUp(EngineRuntime runtime) {
        session = Sessions.builder(RuntimeProfile.defaults().withSql(SqlPolicy.readWrite())).runtime(runtime).build();
        allocator = runtime.rootAllocator().newChildAllocator("view-row-types", 0, Long.MAX_VALUE);
    }

    @AfterEach
    void tearDown() {
        session.close();
        tables.forEach(MemoryTable::close);
        allocator.close();
    }

    @Test
    void aViewIsValidatedOnceForAllTheStatementsThatReadIt() {
        register("t", List.of(List.of(1L, 2L), List.of(3L, 4L)), "x", "y");
        session.execute("CREATE VIEW v1 AS SELECT x, y FROM t");
        session.execute("CREATE VIEW v2 AS SELECT x FROM v1 WHERE y > 2");
        assertThat(validations()).isEqualTo(2);     // each body when its view was created; v2 found v1's kept
        for (int i = 0; i < 3; i++) {
            assertThat(rows("SELECT * FROM v2")).containsExactly(List.of(3L));
            assertThat(rows("SELECT count(*) FROM v1 JOIN v2 ON v1.x = v2.x")).containsExactly(List.of(1L));
        }
        assertThat(validations()).isEqualTo(2);
    }

    @Test
    void aTableReplacedWithOtherColumnsUnderAChainOfViewsChangesTheirRowTypes() {
        register("t", List.of(List.of(1L, 2L)), "x", "y");
        session.execute("CREATE VIEW v1 AS SELECT * FROM t");
        session.execute("CREATE VIEW v2 AS SELECT * FROM v1");
        assertThat(columns("SELECT * FROM v2")).containsExactly("x", "y");

        session.deregister(TableName.parse("t"));
        register("t", List.of(List.of(5L, 6L, "seven")), "x", "y", "z");
        assertThat(columns("SELECT * FROM v2")).containsExactly("x", "y", "z");
        assertThat(rows("SELECT z FROM v2")).containsExactly(List.of("seven"));

        // the same columns again, from another provider: both kept types still hold
        long before = validations();
        session.deregister(TableName.parse("t"));
        register("t", List.of(List.of(8L, 9L, "ten")), "x", "y", "z");
        assertThat(rows("SELECT * FROM v2")).containsExactly(List.of(8L, 9L, "ten"));
        assertThat(validations()).isEqualTo(before);
    }

    @Test
    void aRedefinedViewChangesTheRowTypesOfTheViewsThatReadIt() {
        register("t", List.of(List.of(1L, 2L)), "x", "y");
        session.execute("CREATE VIEW v1 AS SELECT x FROM t");
        session.execute("CREATE VIEW v2 AS SELECT * FROM v1");
        assertThat(columns("SELECT * FROM v2")).containsExactly("x");
        session.execute("CREATE OR REPLACE VIEW v1 AS SELECT x, x + y AS s FROM t");
        assertThat(rows("SELECT * FROM v2")).containsExactly(List.of(1L, 3L));
    }

    @Test
    void viewsRedefinedToReadEachOtherAreRefusedWhenRead() {
        register("t", List.of(List.of(1L, 2L)), "x", "y");
        session.execute("CREATE VIEW a AS SELECT x FROM t");
        session.execute("CREATE VIEW b AS SELECT x FROM a");
        session.execute("CREATE OR REPLACE VIEW a AS SELECT x FROM b");     // b still reads the old a here
        assertThatThrownBy(() -> rows("SELECT * FROM b"))
                .isInstanceOf(PlanningException.class)
                .hasMessageContaining("refers to itself");
    }

    private long validations() {
        return ((EngineSession) session).viewTypes().validations();
    }

    private List<List<Object>> rows(String sql) {
        try (QueryResult result = session.sql(sql).collect()) {
            return result.rows();
        }
    }

    private List<String> columns(String sql) {
        return session.sql(sql).schema().getFields().stream().map(Field::getName).toList();
    }

    private void register(String name, List<List<Object>> rows, String... columns) {
        List<Field> fields = new ArrayList<>();
        for (int c = 0; c < columns.length; c++) {
            ArrowType type = rows.getFirst().get(c) instanceof Long
                    ? new ArrowType.Int(64, true) : ArrowType.Utf8.INSTANCE;
            fields.add(Field.notNullable(columns[c], type));
        }
        MemoryTable table = MemoryTable.fromRows(allocator, new Schema(fields), rows);
        tables.add(table);
        session.register(name, table);
    }
}
