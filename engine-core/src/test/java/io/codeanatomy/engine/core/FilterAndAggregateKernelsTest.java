package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Filters narrowed conjunct by conjunct, comparisons against constants, columns read through dense and sparse
 * selections, and aggregations that evaluate the projection below them: every answer is checked against the same
 * predicate evaluated in Java over the generated rows, with NULLs in every column, serial and parallel.
 */
@ExtendWith(ArrowLeakCheck.class)
class FilterAndAggregateKernelsTest {
    private static final int ROWS = 20_000;
    private static final LocalDate EPOCH = LocalDate.of(1995, 1, 1);

    /** One generated row: a INT, b BIGINT, d DECIMAL(12,2), x DOUBLE, s VARCHAR, dt DATE; null fields are NULL. */
    private record Row(Integer a, long b, BigDecimal d, double x, String s, LocalDate day) {
        List<Object> values() {
            return Arrays.asList(a, b, d, x, s, day);
        }
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Integer a = i % 13 == 0 ? null : i % 100;
            long b = (i * 7L) % 1000;
            BigDecimal d = i % 17 == 0 ? null : BigDecimal.valueOf((i % 500) * 25L, 2);
            double x = i % 101 == 0 ? -0.0 : (i % 50) - 25.0;
            String s = i % 19 == 0 ? null : "s" + (i % 37) + (i % 5 == 0 ? "-a-longer-value-" + i % 3 : "");
            rows.add(new Row(a, b, d, x, s, EPOCH.plusDays(i % 400)));
        }
        return rows;
    }

    private static long count(List<Row> rows, Predicate<Row> where) {
        return rows.stream().filter(where).count();
    }

    private static long sumB(List<Row> rows, Predicate<Row> where) {
        return rows.stream().filter(where).mapToLong(Row::b).sum();
    }

    @Test
    void filtersMatchJavaEvaluation(EngineRuntime runtime) {
        List<Row> rows = rows();
        Predicate<Row> q1 = r -> r.a() != null && r.a() >= 10 && r.a() < 90 && r.d() != null
                && r.d().compareTo(new BigDecimal("50.5")) <= 0 && r.s() != null && !r.s().equals("s3");
        Predicate<Row> q2 = r -> r.a() != null && 5 < r.a() && r.d() != null && new BigDecimal("100.0").compareTo(r.d()) > 0;
        Predicate<Row> q3 = r -> r.x() == 0.0;
        Predicate<Row> q4 = r -> r.b() != 0 && 1000 / r.b() > 5;
        Predicate<Row> q5 = r -> !r.day().isBefore(EPOCH.plusDays(99)) && r.day().isBefore(EPOCH.plusDays(120)) && r.x() > -1.5;
        Predicate<Row> q6 = r -> r.s() != null && r.s().compareTo("s20") >= 0 && r.a() != null && r.a() % 20 == 0;
        Predicate<Row> q7 = r -> r.b() != 7 && r.a() != null && r.a() == 42;
        Predicate<Row> q8 = r -> r.d() != null && r.d().compareTo(new BigDecimal("12.50")) != 0
                && !r.day().isAfter(EPOCH.plusDays(31)) && r.a() != null && r.a() > 3 && r.a() <= 3;
        Predicate<Row> q8b = r -> r.d() != null && r.d().compareTo(new BigDecimal("12.50")) != 0
                && !r.day().isAfter(EPOCH.plusDays(31));
        Predicate<Row> q9 = r -> r.a() != null && r.a() % 3 == 0 && r.a() > 50 && r.b() >= 500 && r.b() < 900;
        Predicate<Row> q10 = r -> r.b() >= 200 && r.b() <= 600 && r.d() != null
                && r.d().compareTo(new BigDecimal("10.00")) >= 0 && r.d().compareTo(new BigDecimal("90.25")) <= 0;
        for (int partitions : new int[] {1, 2}) {
            try (Fixture f = new Fixture(runtime, partitions, rows)) {
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE a >= 10 AND a < 90 AND d <= 50.5 AND s <> 's3'"))
                        .containsExactly(List.of(count(rows, q1), sumB(rows, q1)));
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE 5 < a AND 100.0 > d"))
                        .containsExactly(List.of(count(rows, q2), sumB(rows, q2)));
                // an aggregation over a (filtered) scan reads only the columns it and the filter need
                assertThat(f.rows("EXPLAIN SELECT count(*) FROM t WHERE a >= 10").toString()).contains("columns=[a]");
                assertThat(f.rows("EXPLAIN SELECT s, sum(b) FROM t WHERE a >= 10 GROUP BY s").toString())
                        .contains("columns=[a, b, s]");
                assertThat(f.rows("SELECT count(*) FROM t")).containsExactly(List.of((long) ROWS));
                // comparisons with a constant show it, on the side it was written
                assertThat(f.rows("EXPLAIN SELECT count(*) FROM t WHERE a >= 10 AND 5 < b AND s <> 's3'").toString())
                        .contains("(a >= 10)", "(5 < b)", "(s <> 's3')");
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE x = 0"))
                        .containsExactly(List.of(count(rows, q3), sumB(rows, q3)));
                // the division only sees rows the first conjunct kept
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE b <> 0 AND 1000 / b > 5"))
                        .containsExactly(List.of(count(rows, q4), sumB(rows, q4)));
                // conjuncts that cannot fail go first, cheapest per row dropped first; the division keeps its place
                // after them, so it never sees b = 0 here either
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE 1000 / b > 5 AND b <> 0"))
                        .containsExactly(List.of(count(rows, q4), sumB(rows, q4)));
                assertThat(f.rows("EXPLAIN SELECT count(*) FROM t WHERE s LIKE '%a%' AND 1000 / b > 5 AND s <> 's3' AND a >= 10")
                        .toString()).containsPattern("Filter: \\(\\(a >= 10\\) AND [^\\n]* AND \\(\\(1000 / b\\) > 5\\)\\)\\n");
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE dt >= DATE '1995-04-10' AND dt < DATE '1995-05-01' AND x > -1.5"))
                        .containsExactly(List.of(count(rows, q5), sumB(rows, q5)));
                // comparisons with constants run on the Arrow buffers in place, as ranges (NULLs, <>, an empty range,
                // a column another conjunct unpacked first)
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE b <> 7 AND a = 42"))
                        .containsExactly(List.of(count(rows, q7), sumB(rows, q7)));
                assertThat(f.rows("SELECT count(*) FROM t WHERE d <> 12.50 AND dt <= DATE '1995-02-01' AND a > 3 AND a <= 3"))
                        .containsExactly(List.of(count(rows, q8)));
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE d <> 12.50 AND dt <= DATE '1995-02-01'"))
                        .containsExactly(List.of(count(rows, q8b), sumB(rows, q8b)));
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE a % 3 = 0 AND a > 50 AND b >= 500 AND b < 900"))
                        .containsExactly(List.of(count(rows, q9), sumB(rows, q9)));
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE s >= 's20' AND a % 20 = 0"))
                        .containsExactly(List.of(count(rows, q6), sumB(rows, q6)));
                // BETWEEN of literals is a range test (a SEARCH) that the filter splits into its two comparisons, side
                // by side in its own conjunction, so each pair runs as one range in place
                String between = "SELECT count(*), sum(b) FROM t WHERE b BETWEEN 200 AND 600 AND d BETWEEN 10.00 AND 90.25";
                assertThat(f.rows(between)).containsExactly(List.of(count(rows, q10), sumB(rows, q10)));
                assertThat(f.rows("EXPLAIN " + between).toString()).containsPattern(
                        "Filter: \\(\\(\\w >= [0-9.]+\\) AND \\(\\w <= [0-9.]+\\) AND \\(\\w >= [0-9.]+\\) AND \\(\\w <= [0-9.]+\\)\\)");
            }
        }
    }

    @Test
    void inListsMatchJavaEvaluation(EngineRuntime runtime) {
        List<Row> rows = rows();
        java.util.function.Function<Row, String> prefix = r -> r.s() == null ? null : r.s().substring(0, Math.min(2, r.s().length()));
        java.util.function.Function<Row, String> prefix3 = r -> r.s() == null ? null : r.s().substring(0, Math.min(3, r.s().length()));
        List<String> longPrefixes = List.of("s1", "s10", "s11", "s12", "s13", "s14", "s15", "s2", "s20", "s21", "s3", "zz");
        Predicate<Row> text = r -> r.s() != null && List.of("s1", "s3", "s9").contains(prefix.apply(r));
        Predicate<Row> textHashed = r -> r.s() != null && longPrefixes.contains(prefix3.apply(r));
        Predicate<Row> notIn = r -> r.s() != null && !List.of("s1", "s2").contains(r.s());
        Predicate<Row> ints = r -> r.a() != null && List.of(1, 5, 42, 77).contains(r.a());
        Predicate<Row> manyInts = r -> r.a() != null && r.a() % 3 == 0 && r.a() <= 30;
        Predicate<Row> decimals = r -> r.d() != null && List.of(new BigDecimal("12.50"), new BigDecimal("0.25"),
                new BigDecimal("100.00")).contains(r.d());
        Predicate<Row> dates = r -> r.day().equals(EPOCH.plusDays(1)) || r.day().equals(EPOCH.plusDays(59));
        Predicate<Row> mixed = r -> (r.a() != null && (r.a() == 1 || r.a() == 5)) || r.b() == 7;
        for (int partitions : new int[] {1, 2}) {
            try (Fixture f = new Fixture(runtime, partitions, rows)) {
                // the operand is evaluated once and looked up in the list: EXPLAIN shows IN, not an OR of equalities
                String sql = "SELECT count(*), sum(b) FROM t WHERE SUBSTRING(s, 1, 2) IN ('s1', 's3', 's9')";
                assertThat(f.rows("EXPLAIN " + sql).toString()).contains("(SUBSTRING(s, 1, 2) IN ('s1', 's3', 's9'))");
                assertThat(f.rows(sql)).containsExactly(List.of(count(rows, text), sumB(rows, text)));
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE SUBSTRING(s, 1, 3) IN ("
                        + String.join(", ", longPrefixes.stream().map(p -> "'" + p + "'").toList()) + ")"))
                        .containsExactly(List.of(count(rows, textHashed), sumB(rows, textHashed)));
                assertThat(f.rows("EXPLAIN SELECT count(*) FROM t WHERE s NOT IN ('s1', 's2') AND d IN (12.50, 0.25) "
                        + "AND dt IN (DATE '1995-01-02', DATE '1995-03-01')").toString())
                        .contains("(s NOT IN ('s1', 's2'))", "(d IN (0.25, 12.50))", "(dt IN (1995-01-02, 1995-03-01))");
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE s NOT IN ('s1', 's2')"))
                        .containsExactly(List.of(count(rows, notIn), sumB(rows, notIn)));
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE a IN (1, 5, 42, 77)"))
                        .containsExactly(List.of(count(rows, ints), sumB(rows, ints)));
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE a IN (0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30)"))
                        .containsExactly(List.of(count(rows, manyInts), sumB(rows, manyInts)));
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE d IN (12.50, 0.25, 100.00)"))
                        .containsExactly(List.of(count(rows, decimals), sumB(rows, decimals)));
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE dt IN (DATE '1995-01-02', DATE '1995-03-01')"))
                        .containsExactly(List.of(count(rows, dates), sumB(rows, dates)));
                assertThat(f.rows("SELECT count(*), sum(b) FROM t WHERE a = 1 OR b = 7 OR a = 5"))
                        .containsExactly(List.of(count(rows, mixed), sumB(rows, mixed)));
                // a NULL operand gives NULL, in both directions
                long nullA = rows.stream().filter(r -> r.a() == null).count();
                assertThat(f.rows("SELECT count(*) FROM t WHERE (a IN (1, 5)) IS NULL")).containsExactly(List.of(nullA));
                assertThat(f.rows("SELECT count(*) FROM t WHERE (a NOT IN (1, 5)) IS NULL")).containsExactly(List.of(nullA));
            }
        }
    }

    @Test
    void arithmeticWithAConstantMatchesJavaEvaluation(EngineRuntime runtime) {
        List<Row> rows = rows();
        BigDecimal oneMinusD = BigDecimal.ZERO;
        BigDecimal dMinusHalf = BigDecimal.ZERO;
        BigDecimal dTimesThree = BigDecimal.ZERO;
        long sevenMinusA = 0;
        long aPlusB = 0;
        for (Row r : rows) {
            if (r.d() != null) {
                oneMinusD = oneMinusD.add(BigDecimal.ONE.subtract(r.d()));
                dMinusHalf = dMinusHalf.add(r.d().subtract(new BigDecimal("0.5")));
                dTimesThree = dTimesThree.add(r.d().multiply(new BigDecimal("3.10")));
            }
            if (r.a() != null) {
                sevenMinusA += 7 - r.a();
                aPlusB += r.a() * 3L + r.b();
            }
        }
        for (int partitions : new int[] {1, 2}) {
            try (Fixture f = new Fixture(runtime, partitions, rows)) {
                // the constant on either side of a non-commutative operator, on decimals and integers, with NULLs
                String sql = "SELECT sum(1.00 - d), sum(d - 0.5), sum(d * 3.10), sum(7 - a), sum(a * 3 + b) FROM t";
                assertThat(f.rows("EXPLAIN " + sql).toString()).contains("(1.00 - d)", "(d - 0.50)", "(7 - CAST(a))");
                List<Object> got = f.rows(sql).getFirst();
                assertThat((BigDecimal) got.get(0)).isEqualByComparingTo(oneMinusD);
                assertThat((BigDecimal) got.get(1)).isEqualByComparingTo(dMinusHalf);
                assertThat((BigDecimal) got.get(2)).isEqualByComparingTo(dTimesThree);
                assertThat(got.subList(3, 5)).containsExactly(sevenMinusA, aPlusB);
                // an INT result that leaves the type's range is an error, as without a constant
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.rows("SELECT sum(a * 2147483647) FROM t"))
                        .hasMessageContaining("overflow");
            }
        }
    }

    /**
     * A subexpression that occurs more than once in a projection is evaluated once per batch and reused: the sums agree
     * with Java, and an occurrence under a CASE branch still sees only that branch's rows (no INT overflow where a row
     * the branch skips would have overflowed), while one outside any branch fails as it would alone.
     */
    @Test
    void sharedSubexpressionsMatchJavaEvaluation(EngineRuntime runtime) {
        List<Row> rows = rows();
        BigDecimal twice = BigDecimal.ZERO;
        BigDecimal squared = BigDecimal.ZERO;
        long small = 0;
        for (Row r : rows) {
            if (r.d() != null) {
                BigDecimal term = r.d().add(BigDecimal.ONE).multiply(BigDecimal.TWO);
                twice = twice.add(term);
                squared = squared.add(term.multiply(r.d().add(BigDecimal.ONE)));
            }
            if (r.a() != null && r.a() < 2) {
                small += r.a() * 2147483647L;
            }
        }
        for (int partitions : new int[] {1, 2}) {
            try (Fixture f = new Fixture(runtime, partitions, rows)) {
                String overflowsAboveOne = "a * 2147483647";      // an INT: a = 2 overflows it
                String sql = "SELECT sum((d + 1) * 2), sum((d + 1) * 2 * (d + 1)), "
                        + "sum(CASE WHEN a < 2 THEN " + overflowsAboveOne + " END), "
                        + "sum(CAST(CASE WHEN a < 2 THEN " + overflowsAboveOne + " ELSE 0 END AS BIGINT)) FROM t";
                List<Object> got = f.rows(sql).getFirst();
                assertThat((BigDecimal) got.get(0)).isEqualByComparingTo(twice);
                assertThat((BigDecimal) got.get(1)).isEqualByComparingTo(squared);
                assertThat(got.subList(2, 4)).containsExactly(small, small);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.rows("SELECT sum(" + overflowsAboveOne
                        + "), sum(CASE WHEN a < 2 THEN " + overflowsAboveOne + " END) FROM t")).hasMessageContaining("overflow");
            }
        }
    }

    /** Groups of the rows {@code where} keeps: text key to [count, sum(d), max(x), min(dt), sum(d * 2 + a)]. */
    private static Map<String, List<Object>> groups(List<Row> rows, Predicate<Row> where) {
        Map<String, List<Object>> out = new TreeMap<>();
        for (Row r : rows) {
            if (!where.test(r)) {
                continue;
            }
            String key = String.valueOf(r.s());
            List<Object> g = out.computeIfAbsent(key, k -> new ArrayList<>(Arrays.asList(0L, null, null, null, null)));
            g.set(0, (Long) g.get(0) + 1);
            if (r.d() != null) {
                g.set(1, g.get(1) == null ? r.d() : ((BigDecimal) g.get(1)).add(r.d()));
            }
            g.set(2, g.get(2) == null ? r.x() : Math.max((Double) g.get(2), r.x()));
            g.set(3, g.get(3) == null || r.day().isBefore((LocalDate) g.get(3)) ? r.day() : g.get(3));
            if (r.d() != null && r.a() != null) {
                BigDecimal term = r.d().multiply(BigDecimal.TWO).add(BigDecimal.valueOf(r.a()));
                g.set(4, g.get(4) == null ? term : ((BigDecimal) g.get(4)).add(term));
            }
        }
        return out;
    }

    @Test
    void aggregationsOverSparseAndDenseSelectionsMatchJavaEvaluation(EngineRuntime runtime) {
        List<Row> rows = rows();
        String select = "SELECT s, count(*), sum(d), max(x), min(dt), sum(d * 2 + a) FROM t WHERE ";
        Map<String, Predicate<Row>> cases = Map.of(
                "a % 20 = 0", r -> r.a() != null && r.a() % 20 == 0,                  // about 5% of each batch
                "b > 100", r -> r.b() > 100,                                           // about 90%
                "b > 100 AND dt < DATE '1995-09-01'", r -> r.b() > 100 && r.day().isBefore(LocalDate.of(1995, 9, 1)));
        for (int partitions : new int[] {1, 2}) {
            try (Fixture f = new Fixture(runtime, partitions, rows)) {
                for (var c : cases.entrySet()) {
                    Map<String, List<Object>> actual = new TreeMap<>();
                    for (List<Object> row : f.rows(select + c.getKey() + " GROUP BY s")) {
                        actual.put(String.valueOf(row.get(0)), normalized(row.subList(1, row.size())));
                    }
                    Map<String, List<Object>> expected = new TreeMap<>();
                    groups(rows, c.getValue()).forEach((k, v) -> expected.put(k, normalized(v)));
                    assertThat(actual).as(c.getKey()).isEqualTo(expected);
                }
                // the aggregation computes d * 2 + a itself: no projection writes it to a vector first
                String plan = f.rows("EXPLAIN " + select + "b > 100 GROUP BY s").toString();
                assertThat(plan).contains("inputs=[").doesNotContain("Project:");
            }
        }
    }

    /**
     * Aggregates without GROUP BY put every row in one group, which counts and sums in a register: NULLs skipped,
     * and a sum that overflows 64 bits inside one batch widens (a decimal) or fails (BIGINT), as with groups.
     */
    @Test
    void globalAggregatesMatchJavaEvaluation(EngineRuntime runtime) {
        List<Row> rows = rows();
        Map<String, Predicate<Row>> cases = Map.of(
                "TRUE", r -> true,
                "a % 20 = 0", r -> r.a() != null && r.a() % 20 == 0,
                "b > 100 AND dt < DATE '1995-09-01'", r -> r.b() > 100 && r.day().isBefore(LocalDate.of(1995, 9, 1)),
                "b < 0", r -> r.b() < 0);
        for (int partitions : new int[] {1, 2}) {
            try (Fixture f = new Fixture(runtime, partitions, rows)) {
                for (var c : cases.entrySet()) {
                    List<Row> kept = rows.stream().filter(c.getValue()).toList();
                    BigDecimal sumD = kept.stream().map(Row::d).filter(java.util.Objects::nonNull)
                            .reduce(BigDecimal::add).orElse(null);
                    double sumX = 0;
                    for (Row r : kept) {
                        sumX += r.x();
                    }
                    List<Object> expected = normalized(Arrays.asList((long) kept.size(),
                            kept.stream().filter(r -> r.a() != null).count(), sumD, kept.isEmpty() ? null : sumB(rows, c.getValue()),
                            kept.isEmpty() ? null : sumX));
                    List<Object> actual = normalized(f.rows("SELECT count(*), count(a), sum(d), sum(b), sum(x) FROM t WHERE "
                            + c.getKey()).getFirst());
                    assertThat(actual.subList(0, 4)).as(c.getKey()).isEqualTo(expected.subList(0, 4));
                    if (expected.get(4) == null) {
                        assertThat(actual.get(4)).as(c.getKey()).isNull();
                    } else {
                        assertThat((Double) actual.get(4)).as(c.getKey())
                                .isCloseTo((Double) expected.get(4), org.assertj.core.data.Offset.offset(1e-6));
                    }
                }
                // each value fits in 64 bits, their sum does not: it widens to the exact decimal
                BigDecimal big = new BigDecimal("1e14");
                BigDecimal wide = rows.stream().map(Row::d).filter(java.util.Objects::nonNull).map(big::multiply)
                        .reduce(BigDecimal::add).orElseThrow();
                Object actual = f.rows("SELECT sum(CAST(d AS DECIMAL(30, 2)) * 100000000000000) FROM t").getFirst().getFirst();
                assertThat(((BigDecimal) actual).compareTo(wide)).isZero();
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.rows("SELECT sum(b * 9223372036854775) FROM t"))
                        .hasMessageContaining("overflow");
            }
        }
    }

    /** Decimals compared by value (sums may carry a different scale), counts as longs. */
    private static List<Object> normalized(List<Object> values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            out.add(v instanceof BigDecimal bd ? bd.stripTrailingZeros().toPlainString()
                    : v instanceof Number n && !(v instanceof Double) ? n.longValue() : v);
        }
        return out;
    }

    private static final class Fixture implements AutoCloseable {
        private final Session session;
        private final MemoryTable table;

        Fixture(EngineRuntime runtime, int partitions, List<Row> rows) {
            RuntimeProfile profile = RuntimeProfile.defaults().withTargetPartitions(partitions).withBatchSize(1024);
            session = Sessions.builder(profile).runtime(runtime).build();
            Schema schema = new Schema(List.of(
                    TestTables.field("a", new ArrowType.Int(32, true), true),
                    TestTables.field("b", new ArrowType.Int(64, true), false),
                    TestTables.field("d", new ArrowType.Decimal(12, 2, 128), true),
                    TestTables.field("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), false),
                    TestTables.field("s", ArrowType.Utf8.INSTANCE, true),
                    TestTables.field("dt", new ArrowType.Date(DateUnit.DAY), false)));
            table = MemoryTable.fromRows(session.allocator(), schema, rows.stream().map(Row::values).toList());
            session.register("t", table);
        }

        List<List<Object>> rows(String sql) {
            try (QueryResult result = session.sql(sql).collect()) {
                return result.rows().stream().map(r -> r.stream().map(v -> v instanceof Number n && !(v instanceof Double)
                        && !(v instanceof BigDecimal) ? (Object) n.longValue() : v).toList()).toList();
            }
        }

        @Override
        public void close() {
            table.close();
            session.close();
        }
    }
}
