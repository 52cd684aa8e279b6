package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WHERE-clause EXISTS, NOT EXISTS and IN subqueries planned as semi and anti joins give the rows SQL defines, NULLs
 * included, checked against a direct evaluation of each predicate over random tables; forms that are not rewritten
 * (NOT IN, a subquery under OR) still give the right rows.
 */
@ExtendWith(ArrowLeakCheck.class)
class SubqueryJoinTest {
    private Session session;
    private final List<MemoryTable> tables = new ArrayList<>();
    private final List<Long[]> t = new ArrayList<>();     // (a, b)
    private final List<Long[]> u = new ArrayList<>();     // (x, y)

    @BeforeEach
    void setUp(EngineRuntime runtime) {
        session = Sessions.builder(RuntimeProfile.defaults().withTargetPartitions(2).withBatchSize(256)).runtime(runtime).build();
        Random random = new Random(42);
        for (int i = 0; i < 3_000; i++) {
            t.add(new Long[] {maybeNull(random, 60), maybeNull(random, 10)});
        }
        for (int i = 0; i < 400; i++) {
            u.add(new Long[] {maybeNull(random, 40), maybeNull(random, 10)});
        }
        register("t", "a", "b", t);
        register("u", "x", "y", u);
    }

    @AfterEach
    void tearDown() {
        tables.forEach(MemoryTable::close);
        session.close();
    }

    @Test
    void correlatedExistsWithANonEquiConditionIsASemiJoin() {
        String sql = "SELECT a, b FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.x = t.a AND u.y <> t.b)";
        assertThat(explain(sql)).contains("SEMI").contains("residual=").doesNotContain("HashAggregate");
        assertThat(rows(sql)).containsExactlyInAnyOrderElementsOf(expected(r -> any(r, (o, s) -> eq(s[0], o[0]) && ne(s[1], o[1])))).isNotEmpty();
    }

    @Test
    void correlatedNotExistsIsAnAntiJoin() {
        String sql = "SELECT a, b FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.x = t.a AND u.y < t.b)";
        assertThat(explain(sql)).contains("ANTI").doesNotContain("HashAggregate");
        assertThat(rows(sql)).containsExactlyInAnyOrderElementsOf(expected(r -> !any(r, (o, s) -> eq(s[0], o[0]) && lt(s[1], o[1])))).isNotEmpty();
    }

    @Test
    void correlatedInSubqueriesAreSemiJoinsWithoutADistinct() {
        String sql = "SELECT a, b FROM t WHERE a IN (SELECT x FROM u WHERE u.y > t.b)";
        assertThat(explain(sql)).contains("SEMI").doesNotContain("HashAggregate");
        assertThat(rows(sql)).containsExactlyInAnyOrderElementsOf(expected(r -> any(r, (o, s) -> eq(s[0], o[0]) && gt(s[1], o[1])))).isNotEmpty();
        // uncorrelated IN stays a join to the subquery's distinct values, which join ordering can move
        String plain = "SELECT a, b FROM t WHERE a IN (SELECT x FROM u WHERE y > 3)";
        assertThat(explain(plain)).contains("INNER");
        assertThat(rows(plain)).containsExactlyInAnyOrderElementsOf(expected(r -> any(r, (o, s) -> eq(s[0], o[0]) && gt(s[1], 3)))).isNotEmpty();
        String pairs = "SELECT a, b FROM t WHERE (a, b) IN (SELECT x, y + 1 FROM u WHERE u.x <> t.b)";
        assertThat(rows(pairs)).containsExactlyInAnyOrderElementsOf(
                expected(r -> any(r, (o, s) -> eq(s[0], o[0]) && s[1] != null && eq(s[1] + 1L, o[1]) && ne(s[0], o[1])))).isNotEmpty();
    }

    @Test
    void severalSubqueriesAndPlainConjunctsCombine() {
        String sql = "SELECT a, b FROM t WHERE b > 2 AND EXISTS (SELECT 1 FROM u WHERE u.x = t.a) "
                + "AND NOT EXISTS (SELECT 1 FROM u WHERE u.x = t.a AND u.y = t.b) AND a IN (SELECT x + 1 FROM u)";
        assertThat(explain(sql)).contains("SEMI").contains("ANTI");
        assertThat(rows(sql)).containsExactlyInAnyOrderElementsOf(expected(r -> gt(r[1], 2)
                && any(r, (o, s) -> eq(s[0], o[0]))
                && !any(r, (o, s) -> eq(s[0], o[0]) && eq(s[1], o[1]))
                && any(r, (o, s) -> s[0] != null && eq(s[0] + 1L, o[0])))).isNotEmpty();
    }

    @Test
    void formsThatAreNotSemiJoinsKeepTheirMeaning() {
        // NOT IN over a subquery with a NULL is never TRUE: no rows
        assertThat(u.stream().anyMatch(s -> s[0] == null)).isTrue();
        assertThat(rows("SELECT a FROM t WHERE a NOT IN (SELECT x FROM u)")).isEmpty();
        String notInNonNull = "SELECT a, b FROM t WHERE a NOT IN (SELECT x FROM u WHERE x IS NOT NULL)";
        assertThat(rows(notInNonNull)).containsExactlyInAnyOrderElementsOf(
                expected(r -> r[0] != null && u.stream().noneMatch(s -> Objects.equals(s[0], r[0])))).isNotEmpty();
        String underOr = "SELECT a, b FROM t WHERE b = 1 OR EXISTS (SELECT 1 FROM u WHERE u.x = t.a AND u.y > t.b)";
        assertThat(rows(underOr)).containsExactlyInAnyOrderElementsOf(
                expected(r -> eq(r[1], 1L) || any(r, (o, s) -> eq(s[0], o[0]) && gt(s[1], o[1])))).isNotEmpty();
    }

    @Test
    void comparisonsWithCorrelatedAggregatesJoinTheAggregatePerKey() {
        String min = "SELECT a, b FROM t WHERE b >= (SELECT MIN(y) FROM u WHERE u.x = t.a)";
        assertThat(decorrelated(min)).isFalse();
        assertThat(explain(min)).contains("HashAggregate").contains("INNER");
        assertThat(rows(min)).containsExactlyInAnyOrderElementsOf(
                expected(r -> ge(r[1], yOf(r, (o, s) -> eq(s[0], o[0]), Math::min)))).isNotEmpty();
        // projections over and under the aggregate, uncorrelated conjuncts inside and outside
        String sum = "SELECT a, b FROM t WHERE a > 5 AND b * 10 < (SELECT 2 * SUM(y + 1) FROM u WHERE u.x = t.a AND u.y > 2)";
        assertThat(decorrelated(sum)).isFalse();
        assertThat(rows(sum)).containsExactlyInAnyOrderElementsOf(expected(r -> {
            Long total = yOf(r, (o, s) -> eq(s[0], o[0]) && gt(s[1], 2), Long::sum);     // of y, and 1 per row:
            long count = u.stream().filter(s -> eq(s[0], r[0]) && gt(s[1], 2)).count();
            return gt(r[0], 5) && r[1] != null && total != null && r[1] * 10 < 2 * (total + count);
        })).isNotEmpty();
        // two keys, written either way round, and the subquery on the left of the comparison
        String two = "SELECT a, b FROM t WHERE (SELECT MAX(y) + 1 FROM u WHERE t.b = u.y AND u.x = t.a) > b";
        assertThat(decorrelated(two)).isFalse();
        assertThat(rows(two)).containsExactlyInAnyOrderElementsOf(
                expected(r -> any(r, (o, s) -> eq(s[0], o[0]) && eq(s[1], o[1])))).isNotEmpty();
        // next to an IN, which becomes a join of its own
        String withIn = "SELECT a, b FROM t WHERE a IN (SELECT x FROM u WHERE y > 3) "
                + "AND b <= (SELECT MAX(y) FROM u WHERE u.x = t.a)";
        assertThat(decorrelated(withIn)).isFalse();
        assertThat(rows(withIn)).containsExactlyInAnyOrderElementsOf(expected(r -> any(r, (o, s) -> eq(s[0], o[0]) && gt(s[1], 3))
                && le(r[1], yOf(r, (o, s) -> eq(s[0], o[0]), Math::max)))).isNotEmpty();
    }

    /** Inside a subquery that is itself unnested (TPC-H q20's shape): the aggregate's keys come from the inner row. */
    @Test
    void correlatedAggregatesInsideAnInSubqueryJoinToo() {
        String nested = "SELECT a, b FROM t WHERE a IN (SELECT x FROM u WHERE u.y > (SELECT MIN(t2.b) FROM t AS t2 WHERE t2.a = u.x))";
        assertThat(decorrelated(nested)).isFalse();
        assertThat(rows(nested)).containsExactlyInAnyOrderElementsOf(expected(r -> u.stream().anyMatch(s -> eq(s[0], r[0])
                && gt(s[1], t.stream().filter(o -> eq(o[0], s[0])).map(o -> o[1]).filter(Objects::nonNull)
                        .min(Long::compare).orElse(null))))).isNotEmpty();
    }

    /** A subquery that is not NULL over no rows keeps the outer rows no key matches; those stay with Calcite's path. */
    @Test
    void correlatedScalarsThatAreNotNullOverNoRowsKeepUnmatchedRows() {
        assertThat(t.stream().anyMatch(r -> r[0] != null && u.stream().noneMatch(s -> eq(s[0], r[0])))).isTrue();
        String count = "SELECT a, b FROM t WHERE b >= (SELECT COUNT(*) FROM u WHERE u.x = t.a)";
        assertThat(decorrelated(count)).isTrue();
        assertThat(rows(count)).containsExactlyInAnyOrderElementsOf(
                expected(r -> ge(r[1], u.stream().filter(s -> eq(s[0], r[0])).count()))).isNotEmpty();
        String coalesced = "SELECT a, b FROM t WHERE b > (SELECT COALESCE(MAX(y), -1) FROM u WHERE u.x = t.a)";
        assertThat(decorrelated(coalesced)).isTrue();
        assertThat(rows(coalesced)).containsExactlyInAnyOrderElementsOf(expected(r -> {
            Long max = yOf(r, (o, s) -> eq(s[0], o[0]), Math::max);
            return gt(r[1], max == null ? -1 : max);
        })).isNotEmpty();
        String isNull = "SELECT a, b FROM t WHERE (SELECT MAX(y) FROM u WHERE u.x = t.a) IS NULL";
        assertThat(decorrelated(isNull)).isTrue();
        assertThat(rows(isNull)).containsExactlyInAnyOrderElementsOf(
                expected(r -> yOf(r, (o, s) -> eq(s[0], o[0]), Math::max) == null)).isNotEmpty();
    }

    /**
     * The non-NULL values of u.y on the rows of u that {@code match} the outer row, folded by {@code combine}
     * (MIN, MAX, SUM): NULL when there are none, as SQL's aggregates give.
     */
    private Long yOf(Long[] outer, BiPredicate<Long[], Long[]> match, java.util.function.BinaryOperator<Long> combine) {
        return u.stream().filter(s -> match.test(outer, s)).map(s -> s[1]).filter(Objects::nonNull).reduce(combine).orElse(null);
    }

    /** Whether planning {@code sql} ran Calcite's decorrelator, which only correlates left after the rewrites need. */
    private boolean decorrelated(String sql) {
        return session.sql(sql).planBundle().manifest().phaseMillis().containsKey("logical.decorrelate");
    }

    /** Whether some row of u and the outer row of t satisfy {@code condition}. */
    private boolean any(Long[] outer, BiPredicate<Long[], Long[]> condition) {
        return u.stream().anyMatch(s -> condition.test(outer, s));
    }

    private List<List<Object>> expected(Predicate<Long[]> keep) {
        return t.stream().filter(keep).map(r -> Arrays.<Object>asList(r[0], r[1])).toList();
    }

    // SQL comparisons: UNKNOWN (a NULL operand) is not TRUE
    private static boolean eq(Long a, Long b) {
        return a != null && b != null && a.longValue() == b.longValue();
    }


    private static boolean ne(Long a, Long b) {
        return a != null && b != null && a.longValue() != b.longValue();
    }

    private static boolean lt(Long a, Long b) {
        return a != null && b != null && a < b;
    }

    private static boolean ge(Long a, Long b) {
        return a != null && b != null && a >= b;
    }

    private static boolean le(Long a, Long b) {
        return a != null && b != null && a <= b;
    }

    private static boolean gt(Long a, Long b) {
        return a != null && b != null && a > b;
    }

    private static boolean gt(Long a, long b) {
        return a != null && a > b;
    }

    private static Long maybeNull(Random random, int bound) {
        return random.nextInt(20) == 0 ? null : (long) random.nextInt(bound);
    }

    private void register(String name, String first, String second, List<Long[]> rows) {
        List<List<Object>> data = rows.stream().map(r -> Arrays.<Object>asList(r[0], r[1])).toList();
        MemoryTable table = MemoryTable.fromRows(session.allocator(), new Schema(List.of(
                TestTables.field(first, new ArrowType.Int(64, true), true),
                TestTables.field(second, new ArrowType.Int(64, true), true))), data);
        tables.add(table);
        session.register(name, table);
    }

    private String explain(String sql) {
        return rows("EXPLAIN " + sql).toString();
    }

    private List<List<Object>> rows(String sql) {
        try (QueryResult result = session.sql(sql).collect()) {
            return result.rows();
        }
    }
}
