package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.FilterSupport;
import io.codeanatomy.engine.core.spi.ScanRequest;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.codeanatomy.engine.core.spi.TableStatistics;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What planning asks of the tables it reads: column statistics only of the columns it estimates with, and each
 * view's body validated a bounded number of times however deep views nest.
 */
@ExtendWith(ArrowLeakCheck.class)
class PlanningWorkTest {
    private Session session;
    private final List<MemoryTable> tables = new ArrayList<>();

    @BeforeEach
    void setUp(EngineRuntime runtime) {
        session = Sessions.builder(RuntimeProfile.defaults().withSql(io.codeanatomy.engine.core.SqlPolicy.readWrite()))
                .runtime(runtime).build();
    }

    @AfterEach
    void tearDown() {
        tables.forEach(MemoryTable::close);
        session.close();
    }

    @Test
    void aJoinReadsStatisticsOfItsKeysOnly() {
        Observed items = register("items", List.of("id", "name", "owner"),
                List.of(List.of(1L, "a", 10L), List.of(2L, "b", 10L), List.of(3L, "c", 11L)));
        Observed owners = register("owners", List.of("oid", "label", "size"),
                List.of(List.of(10L, "x", 1L), List.of(11L, "y", 2L)));
        try (QueryResult result = session.sql("SELECT i.name, o.label FROM items i JOIN owners o ON i.owner = o.oid")
                .collect()) {
            assertThat(result.rows()).hasSize(3);
        }
        assertThat(items.statisticsRead).doesNotContain("name", "id");
        assertThat(owners.statisticsRead).doesNotContain("label", "size");
    }

    @Test
    void joinChoicesAreThoseOfThePlanBundle() {
        register("items", List.of("id", "owner"), List.of(List.of(1L, 10L), List.of(2L, 10L), List.of(3L, 11L)));
        register("owners", List.of("oid", "size"), List.of(List.of(10L, 1L), List.of(11L, 2L)));
        String sql = "SELECT count(*) FROM items i JOIN owners o ON i.owner = o.oid";
        DataFrame frame = session.sql(sql);
        assertThat(frame.joinChoices()).hasSize(1).isEqualTo(session.sql(sql).planBundle().joins());
        DataFrame hinted = frame.buildSide("items");
        assertThat(hinted.joinChoices()).isEqualTo(hinted.planBundle().joins());
        assertThat(hinted.joinChoices().getFirst().decidedBy()).isEqualTo(io.codeanatomy.engine.core.plan.JoinChoice.Source.HINT);
    }

    @Test
    void nestedViewsAreValidatedOncePerStatement() {
        Observed base = register("base", List.of("x", "y"), List.of(List.of(1L, 2L), List.of(3L, 4L)));
        int depth = 10;
        session.execute("CREATE VIEW v1 AS SELECT x, y FROM base");
        for (int i = 2; i <= depth; i++) {
            session.execute("CREATE VIEW v" + i + " AS SELECT x, y FROM v" + (i - 1) + " WHERE y > " + i % 2);
        }
        base.schemaCalls.set(0);
        try (QueryResult result = session.sql("SELECT count(*) FROM v" + depth).collect()) {
            assertThat(result.rows()).containsExactly(List.of(2L));
        }
        // each view is looked up several times per reference; unless its row type is kept for the statement, every
        // lookup validates its body again, down the chain (44 row types of the base table here instead of 6)
        assertThat(base.schemaCalls.get()).isLessThanOrEqualTo(depth);
    }

    @Test
    void creatingAViewValidatesItsBodyWithoutExpandingTheViewsItReads() {
        Observed base = register("base", List.of("x", "y"), List.of(List.of(1L, 2L), List.of(3L, 4L)));
        session.execute("CREATE VIEW w1 AS SELECT x, y FROM base");
        session.execute("CREATE VIEW w2 AS SELECT x, y FROM w1 WHERE y > 0");
        base.schemaCalls.set(0);
        base.statisticsRead.clear();
        session.execute("CREATE VIEW w3 AS SELECT x FROM w2");
        // validating w3 looks base up through w2 and w1 (twice); converting it too expanded both views (6 lookups)
        assertThat(base.schemaCalls.get()).isLessThanOrEqualTo(2);
        assertThatThrownBy(() -> session.execute("CREATE VIEW w4 AS SELECT z FROM w2"))
                .hasMessageContaining("Column 'z' not found");
        try (QueryResult result = session.sql("SELECT sum(x) FROM w3").collect()) {
            assertThat(result.rows()).containsExactly(List.of(4L));
        }
    }

    private Observed register(String name, List<String> columns, List<List<Object>> rows) {
        List<Field> fields = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            ArrowType type = rows.getFirst().get(c) instanceof Long ? new ArrowType.Int(64, true) : ArrowType.Utf8.INSTANCE;
            fields.add(TestTables.field(columns.get(c), type, false));
        }
        MemoryTable table = MemoryTable.fromRows(session.allocator(), new Schema(fields), rows);
        tables.add(table);
        Observed observed = new Observed(table);
        session.register(name, observed);
        return observed;
    }

    /** A memory table that records which column statistics are read and how often its schema is asked for. */
    private static final class Observed implements TableProvider {
        private final MemoryTable table;
        final Set<String> statisticsRead = ConcurrentHashMap.newKeySet();
        final AtomicInteger schemaCalls = new AtomicInteger();

        Observed(MemoryTable table) {
            this.table = table;
        }

        @Override
        public Schema schema() {
            schemaCalls.incrementAndGet();
            return table.schema();
        }

        @Override
        public TableStatistics statistics(SessionView session) {
            TableStatistics inner = table.statistics(session);
            return TableStatistics.lazy(inner.rowCount(), table.schema().getFields().stream().map(Field::getName).toList(),
                    column -> {
                        statisticsRead.add(column);
                        return inner.column(column);
                    });
        }

        @Override
        public FilterSupport filterSupport(SessionView session, Expression filter) {
            return table.filterSupport(session, filter);
        }

        @Override
        public BatchStream scan(SessionView session, ScanRequest request) {
            return table.scan(session, request);
        }
    }
}
