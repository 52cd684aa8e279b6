package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** Joins, subqueries and set operations, each compared with H2 running the same SQL on the same rows. */
@ExtendWith(ArrowLeakCheck.class)
class JoinAndSetOperationTest {
    private Session session;
    private MemoryTable a;
    private MemoryTable b;
    private Connection h2;

    private static final List<List<Object>> A_ROWS = List.of(
            Arrays.asList(1L, "x", 10L), Arrays.asList(2L, "y", 20L), Arrays.asList(3L, null, 30L),
            Arrays.asList(4L, "x", null), Arrays.asList(null, "z", 50L), Arrays.asList(2L, "y", 21L));
    private static final List<List<Object>> B_ROWS = List.of(
            Arrays.asList(2L, "two", 5L), Arrays.asList(3L, "three", 35L), Arrays.asList(3L, "drei", 25L),
            Arrays.asList(5L, "five", 1L), Arrays.asList(null, "none", 0L));

    @BeforeEach
    void setUp(EngineRuntime runtime) throws Exception {
        session = Sessions.builder(RuntimeProfile.defaults().withBatchSize(2)).runtime(runtime).build();
        Schema schemaA = new Schema(List.of(TestTables.field("id", new ArrowType.Int(64, true), true),
                TestTables.field("tag", ArrowType.Utf8.INSTANCE, true), TestTables.field("v", new ArrowType.Int(64, true), true)));
        Schema schemaB = new Schema(List.of(TestTables.field("id", new ArrowType.Int(64, true), true),
                TestTables.field("label", ArrowType.Utf8.INSTANCE, true), TestTables.field("w", new ArrowType.Int(64, true), true)));
        a = MemoryTable.fromRows(session.allocator(), schemaA, A_ROWS);
        b = MemoryTable.fromRows(session.allocator(), schemaB, B_ROWS);
        session.register("a", a);
        session.register("b", b);
        h2 = DriverManager.getConnection("jdbc:h2:mem:");
        try (Statement s = h2.createStatement()) {
            s.execute("CREATE TABLE a (id BIGINT, tag VARCHAR, v BIGINT)");
            s.execute("CREATE TABLE b (id BIGINT, label VARCHAR, w BIGINT)");
            for (List<Object> row : A_ROWS) {
                s.execute("INSERT INTO a VALUES (" + sql(row.get(0)) + ", " + sql(row.get(1)) + ", " + sql(row.get(2)) + ")");
            }
            for (List<Object> row : B_ROWS) {
                s.execute("INSERT INTO b VALUES (" + sql(row.get(0)) + ", " + sql(row.get(1)) + ", " + sql(row.get(2)) + ")");
            }
        }
    }

    /** Numbers compare by value across engines (H2 sums BIGINT to DECIMAL). */
    private static Object normalize(Object v) {
        return v instanceof Number n ? new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString() : v;
    }

    @org.junit.jupiter.api.Test
    void fullOuterJoinKeepsUnmatchedRowsOfBothSides() {
        try (QueryResult result = session.sql("SELECT a.id, b.id FROM a FULL JOIN b ON a.id = b.id").collect()) {
            assertThat(result.rows()).containsExactlyInAnyOrder(List.of(2L, 2L), List.of(2L, 2L), List.of(3L, 3L),
                    List.of(3L, 3L), Arrays.asList(1L, null), Arrays.asList(4L, null), Arrays.asList(null, null),
                    Arrays.asList(null, 5L), Arrays.asList(null, null));
        }
    }

    @org.junit.jupiter.api.Test
    void groupingSetsRollupAndCube() {
        try (QueryResult result = session.sql("SELECT tag, count(*), GROUPING(tag) FROM a GROUP BY ROLLUP(tag)").collect()) {
            assertThat(result.rows()).containsExactlyInAnyOrder(List.of("x", 2L, 0L), List.of("y", 2L, 0L),
                    Arrays.asList(null, 1L, 0L), List.of("z", 1L, 0L), Arrays.asList(null, 6L, 1L));
        }
        try (QueryResult result = session.sql("SELECT tag, id, sum(v) FROM a WHERE id IS NOT NULL AND tag IS NOT NULL "
                + "GROUP BY CUBE(tag, id)").collect()) {
            assertThat(result.rows()).containsExactlyInAnyOrder(List.of("x", 1L, 10L), Arrays.asList("x", 4L, null),
                    List.of("y", 2L, 41L), Arrays.asList("x", null, 10L), Arrays.asList("y", null, 41L),
                    Arrays.asList(null, 1L, 10L), Arrays.asList(null, 4L, null), Arrays.asList(null, 2L, 41L),
                    Arrays.asList(null, null, 51L));
        }
    }

    @org.junit.jupiter.api.Test
    void columnsOnlyAFilterReadsStopAtTheFilter() {
        String sql = "SELECT b.label, count(a.id) FROM a RIGHT JOIN b ON a.id = b.id AND a.tag NOT LIKE '%z%' GROUP BY b.label";
        try (QueryResult result = session.sql("EXPLAIN " + sql).collect()) {
            String plan = result.rows().toString();
            // the join reads a.id alone: tag is dropped right above the filter that reads it
            assertThat(plan).containsPattern("Project: id\\s*\\n\\s*Filter: NOT LIKE\\(tag\\)");
        }
    }

    @org.junit.jupiter.api.Test
    void joinsEmitOnlyTheColumnsTheirParentReads() {
        String sql = "SELECT a1.tag, b1.label FROM a a1 JOIN b b1 ON a1.id = b1.id JOIN a a2 ON a2.id = b1.id";
        try (QueryResult result = session.sql("EXPLAIN " + sql).collect()) {
            String plan = result.rows().toString();
            // the top join emits tag and label alone; the one below it (a1 with b1, of four columns) tag, one id and
            // label: a1.id, equal to b1.id, is not carried up
            assertThat(plan).containsPattern("HashJoin: [^\\n]*output=\\[\\$\\d+, \\$\\d+\\][^\\n]*\\n\\s*HashJoin: [^\\n]*"
                    + "output=\\[\\$\\d+, \\$\\d+, \\$\\d+\\]");
            assertThat(plan).doesNotContain("Project:");
        }
    }

    /** An equality with an expression of one side is hashed on, as an equality of columns is (no nested loop). */
    @org.junit.jupiter.api.Test
    void aJoinOnAnExpressionIsAHashJoin() throws Exception {
        for (String sql : List.of("SELECT a.id, b.label FROM a JOIN b ON b.id = a.id + 1",
                "SELECT a.tag, b.label FROM a JOIN b ON b.label = a.tag || 'wo'",
                "SELECT a.id FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.id = a.v / 10 + 1)")) {
            try (QueryResult result = session.sql("EXPLAIN " + sql).collect()) {
                assertThat(result.rows().toString()).as(sql).contains("HashJoin").doesNotContain("NestedLoopJoin");
            }
            matchesH2(sql);
        }
    }

    @org.junit.jupiter.api.Test
    void anAggregationReadTwiceIsComputedOnce() {
        String sql = "SELECT t.tag, t.n, u.n FROM (SELECT tag, count(*) AS n FROM a GROUP BY tag) t "
                + "JOIN (SELECT tag, count(*) AS n FROM a GROUP BY tag) u ON t.tag = u.tag";
        try (QueryResult result = session.sql("EXPLAIN ANALYZE " + sql).collect()) {
            String plan = result.rows().toString();
            assertThat(plan).contains("SharedResult: computed once, read 2 times");
            // the one aggregation under both places ran once: its scan read the six rows of a once
            assertThat(plan).containsPattern("Scan: main.a, columns=\\[tag\\]\\s*\\[rows=6,");
        }
        try (QueryResult result = session.sql(sql).collect()) {
            assertThat(result.rows()).containsExactlyInAnyOrder(List.of("x", 2L, 2L), List.of("y", 2L, 2L),
                    List.of("z", 1L, 1L));
        }
        // an aggregation of values that may differ between reads is computed at each place
        String random = "SELECT t.n, u.n FROM (SELECT sum(v * random()) AS n FROM a) t, (SELECT sum(v * random()) AS n FROM a) u";
        try (QueryResult result = session.sql("EXPLAIN " + random).collect()) {
            assertThat(result.rows().toString()).doesNotContain("SharedResult");
        }
        try (QueryResult result = session.sql("EXPLAIN SELECT t.n, u.n FROM (SELECT count(*) AS n FROM a) t, "
                + "(SELECT count(*) AS n FROM a) u").collect()) {
            assertThat(result.rows().toString()).contains("SharedResult");
        }
    }

    private static String sql(Object v) {
        return v == null ? "NULL" : v instanceof String s ? "'" + s + "'" : v.toString();
    }

    @AfterEach
    void tearDown() throws Exception {
        h2.close();
        a.close();
        b.close();
        session.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT a.id, a.tag, b.label FROM a JOIN b ON a.id = b.id",
            // two range tests of one column that exclude each other: one empty in-place test, no row
            "SELECT id, v FROM a WHERE v > 25 AND v < 15",
            "SELECT id, v FROM a WHERE v >= 20 AND v <= 30",
            "SELECT a.id, a.v, b.label FROM a, b WHERE a.id = b.id AND a.v > b.w",
            "SELECT a.id, a.tag, b.label FROM a LEFT JOIN b ON a.id = b.id",
            "SELECT a.id, b.id, b.label FROM a RIGHT JOIN b ON a.id = b.id",
            "SELECT a.id, b.id FROM a JOIN b ON a.v > b.w",
            "SELECT a.id, b.label FROM a CROSS JOIN b",
            "SELECT id, tag FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.id = a.id)",
            "SELECT id, tag FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.id = a.id AND b.w > 10)",
            "SELECT id FROM a WHERE id IN (SELECT id FROM b)",
            "SELECT id FROM a WHERE id NOT IN (SELECT id FROM b WHERE id IS NOT NULL)",
            "SELECT id FROM a WHERE id NOT IN (SELECT id FROM b)",
            "SELECT id, (SELECT max(w) FROM b WHERE b.id = a.id) AS best FROM a",
            "SELECT id, v FROM a WHERE v > (SELECT avg(w) FROM b)",
            // comparisons with correlated aggregates: joins with the aggregate grouped by the keys, or (COUNT) not
            "SELECT a.id, a.v FROM a WHERE a.v >= (SELECT min(w) FROM b WHERE b.id = a.id AND b.label LIKE 't%')",
            "SELECT id FROM a WHERE (SELECT sum(w) FROM b WHERE b.id = a.id) > 4 AND tag <> 'x'",
            "SELECT id, v FROM a WHERE v / 10 > (SELECT count(*) FROM b WHERE b.id = a.id)",
            "SELECT id, sum(v) FROM a GROUP BY id HAVING sum(v) > (SELECT max(w) FROM b WHERE b.id = a.id)",
            "SELECT id FROM a UNION ALL SELECT id FROM b",
            "SELECT id FROM a UNION SELECT id FROM b",
            "SELECT id FROM a INTERSECT SELECT id FROM b",
            "SELECT id FROM a EXCEPT SELECT id FROM b",
            "SELECT tag, count(*), sum(w) FROM a JOIN b ON a.id = b.id GROUP BY tag",
            // join conditions that become filters below the join, on columns nothing above reads (TPC-H q13)
            "SELECT b.label, count(a.id) FROM a RIGHT JOIN b ON a.id = b.id AND a.tag NOT LIKE '%z%' GROUP BY b.label",
            "SELECT a.id, b.w FROM a JOIN b ON a.id = b.id WHERE a.tag <> 'x' AND b.label LIKE 't%'",
            // equalities of two different columns with constants: only those of one column make an IN list
            "SELECT a.id, b.id, b.w FROM a JOIN b ON a.v > b.w WHERE a.id = 2 OR b.id = 3 OR a.id = 4 OR b.id = 5",
            // chains of joins whose parents read few of their columns: each join emits only those (q5, q7, q9)
            "SELECT a1.tag, b1.label FROM a a1 JOIN b b1 ON a1.id = b1.id JOIN a a2 ON a2.id = b1.id LEFT JOIN b b2 ON b2.id = a2.id",
            "SELECT b1.label, sum(a1.v) FROM a a1 JOIN b b1 ON a1.id = b1.id JOIN a a2 ON a2.tag = a1.tag AND a2.v < b1.w GROUP BY b1.label",
            "SELECT b.label, a.v FROM a JOIN b ON a.id = b.id WHERE a.tag IN (SELECT tag FROM a a3 WHERE a3.v > 15)",
            "SELECT a.v, b2.w FROM b LEFT JOIN a ON a.id = b.id JOIN b b2 ON b2.id = b.id",
            "SELECT b2.label, a.tag FROM a RIGHT JOIN b ON a.id = b.id JOIN b b2 ON b2.w > b.w",
            "SELECT b.w * 2 + a.v, upper(b.label) FROM a JOIN b ON a.id = b.id JOIN a a2 ON a2.v = a.v",
            // one aggregation read at two places (TPC-H q15): computed once
            "SELECT a.id, t.total FROM a JOIN (SELECT id, sum(v) AS total FROM a GROUP BY id) t ON a.id = t.id "
                    + "WHERE t.total = (SELECT max(total) FROM (SELECT id, sum(v) AS total FROM a GROUP BY id) u)",
            "SELECT t.tag, t.n, u.n FROM (SELECT tag, count(*) AS n FROM a GROUP BY tag) t "
                    + "LEFT JOIN (SELECT tag, count(*) AS n FROM a GROUP BY tag) u ON t.tag = u.tag",
            "SELECT id, v, row_number() OVER (PARTITION BY tag ORDER BY v NULLS LAST) FROM a",
            "SELECT id, tag, rank() OVER (ORDER BY tag NULLS LAST), dense_rank() OVER (ORDER BY tag NULLS LAST) FROM a",
            "SELECT id, sum(v) OVER (PARTITION BY tag ORDER BY v NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM a",
            "SELECT id, count(*) OVER (PARTITION BY tag), max(v) OVER (), min(v) OVER (PARTITION BY tag) FROM a",
            "SELECT id, lag(v) OVER (ORDER BY v NULLS LAST), lead(v, 1) OVER (ORDER BY v NULLS LAST) FROM a",
            "SELECT id, sum(v) OVER (ORDER BY v NULLS LAST ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM a",
            "SELECT id, first_value(v) OVER (PARTITION BY tag ORDER BY v NULLS LAST) FROM a",
            "SELECT id, sum(v) OVER (ORDER BY tag NULLS LAST) FROM a"})
    void matchesH2(String query) throws Exception {
        List<List<Object>> expected = new ArrayList<>();
        try (Statement s = h2.createStatement(); ResultSet rs = s.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    Object v = rs.getObject(c);
                    row.add(normalize(v));
                }
                expected.add(row);
            }
        }
        List<List<Object>> actual = new ArrayList<>();
        try (QueryResult result = session.sql(query).collect()) {
            for (List<Object> row : result.rows()) {
                List<Object> normalized = new ArrayList<>();
                for (Object v : row) {
                    normalized.add(normalize(v));
                }
                actual.add(normalized);
            }
        }
        Comparator<List<Object>> byText = Comparator.comparing(Object::toString);
        expected.sort(byText);
        actual.sort(byText);
        assertThat(actual).as(query).isEqualTo(expected);
    }
}
