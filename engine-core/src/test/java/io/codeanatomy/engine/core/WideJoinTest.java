package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Comma joins wider than the exhaustive join-order heuristic takes (the greedy order, the pre-qualified column names):
 * tables listed in an order where joining neighbours would be a cross product still plan and run at once, and give
 * the rows a chain of key lookups gives.
 */
@ExtendWith(ArrowLeakCheck.class)
class WideJoinTest {
    private static final int TABLES = 14;
    private static final int ROWS = 10;
    private Session session;
    private final List<MemoryTable> tables = new ArrayList<>();

    /** Table ti(ai, bi, xi, id): ai = 0..9, bi = (ai * 3 + i) % 10, xi = 'ti-ai', id = ai (in every table). */
    @BeforeEach
    void setUp(EngineRuntime runtime) {
        session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
        for (int t = 0; t < TABLES; t++) {
            Schema schema = new Schema(List.of(TestTables.field("a" + t, new ArrowType.Int(64, true), true),
                    TestTables.field("b" + t, new ArrowType.Int(64, true), true),
                    TestTables.field("x" + t, ArrowType.Utf8.INSTANCE, true),
                    TestTables.field("id", new ArrowType.Int(64, true), true)));
            List<List<Object>> rows = new ArrayList<>();
            for (long a = 0; a < ROWS; a++) {
                rows.add(List.of(a, (a * 3 + t) % ROWS, "t" + t + "-" + a, a));
            }
            MemoryTable table = MemoryTable.fromRows(session.allocator(), schema, rows);
            tables.add(table);
            session.register("t" + t, table);
        }
    }

    @AfterEach
    void tearDown() {
        tables.forEach(MemoryTable::close);
        session.close();
    }

    @Test
    void chainOfEquiJoinsListedOutOfOrderRunsWithoutCrossProducts() {
        // the chain t0 -> t1 -> ... through b(i) = a(i+1), FROM and WHERE shuffled so that neighbours are unrelated
        List<Integer> order = IntStream.range(0, TABLES).boxed().collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(order, new Random(7));
        List<String> conditions = new ArrayList<>();
        for (int t = 0; t + 1 < TABLES; t++) {
            conditions.add(t % 2 == 0 ? "b" + t + " = a" + (t + 1) : "a" + (t + 1) + " = b" + t);
        }
        Collections.shuffle(conditions, new Random(11));
        conditions.add("a0 = 4");
        String sql = "SELECT x0, x" + (TABLES - 1) + " FROM "
                + order.stream().map(t -> "t" + t).collect(Collectors.joining(", "))
                + " WHERE " + String.join(" AND ", conditions);
        long a = 4;
        for (int t = 0; t + 1 < TABLES; t++) {
            a = (a * 3 + t) % ROWS;   // b(t) of the row reached in t, which is a(t+1) of the next
        }
        try (QueryResult result = session.sql(sql).collect()) {
            assertThat(result.rows()).containsExactly(List.of("t0-4", "t" + (TABLES - 1) + "-" + a));
        }
    }

    @Test
    void qualifiedAndUnqualifiedNamesMixInAWideJoin() {
        StringBuilder sql = new StringBuilder("SELECT t0.id, x3, count(*) AS n FROM ");
        sql.append(IntStream.range(0, 10).mapToObj(t -> "t" + t + (t == 3 ? " AS q" : "")).collect(Collectors.joining(", ")));
        sql.append(" WHERE ");
        List<String> conditions = new ArrayList<>();
        for (int t = 1; t < 10; t++) {
            conditions.add((t == 3 ? "q" : "t" + t) + ".id = t0.id");
        }
        sql.append(String.join(" AND ", conditions)).append(" AND a0 IN (SELECT a1 FROM t1 WHERE b1 < 5) GROUP BY t0.id, x3 ORDER BY 1");
        try (QueryResult result = session.sql(sql.toString()).collect()) {
            // b1 = (a1 * 3 + 1) % 10 < 5 for a1 in {0, 1, 3, 4, 7}
            assertThat(result.rows()).containsExactly(List.of(0L, "t3-0", 1L), List.of(1L, "t3-1", 1L),
                    List.of(3L, "t3-3", 1L), List.of(4L, "t3-4", 1L), List.of(7L, "t3-7", 1L));
        }
    }

    @Test
    void aNameSeveralTablesHaveStaysAmbiguous() {
        String from = IntStream.range(0, 10).mapToObj(t -> "t" + t).collect(Collectors.joining(", "));
        assertThatThrownBy(() -> session.sql("SELECT id FROM " + from + " WHERE a0 = a1").collect().close())
                .hasMessageContaining("ambiguous");
    }

    @Test
    void aCommonTableExpressionMayShadowATableOfAWideJoin() {
        // t1 here is the CTE (columns z, w), not the catalog table (a1, b1, x1, id)
        String from = IntStream.range(0, 10).mapToObj(t -> "t" + t).collect(Collectors.joining(", "));
        String sql = "WITH t1 AS (SELECT a0 AS z, b0 AS w FROM t0) SELECT count(*) FROM " + from
                + " WHERE z = t0.id AND a2 = t0.id AND a3 = t0.id AND a4 = t0.id AND a5 = t0.id AND a6 = t0.id"
                + " AND a7 = t0.id AND a8 = t0.id AND a9 = t0.id";
        try (QueryResult result = session.sql(sql).collect()) {
            assertThat(result.rows()).containsExactly(List.of(10L));
        }
    }
}
