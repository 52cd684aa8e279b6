package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Hash aggregation over many groups and batches, checked against a plain Java computation of the same rows. */
@ExtendWith(ArrowLeakCheck.class)
class AggregationTest {
    /**
     * One integer key compares by hash alone, and NULL's hash is a real value's (0x5bd1e995): NULL and that value stay
     * apart whichever comes first, in GROUP BY and in joins (where NULL never matches).
     */
    @Test
    void nullAndTheValueSharingItsHashStayApart(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build()) {
            long shared = 0x5bd1e995L;
            for (String values : List.of("(NULL), (" + shared + "), (" + shared + "), (NULL), (5)",
                    "(" + shared + "), (NULL), (5), (NULL), (" + shared + ")")) {
                String t = "(SELECT CAST(k AS BIGINT) AS k FROM (VALUES " + values + ") AS v(k))";
                try (QueryResult result = session.sql("SELECT k, count(*) FROM " + t + " g GROUP BY k ORDER BY k NULLS FIRST").collect()) {
                    assertThat(result.rows()).containsExactly(Arrays.asList(null, 2L), List.of(5L, 1L), List.of(shared, 2L));
                }
                try (QueryResult result = session.sql("SELECT a.k, count(*) FROM " + t + " a JOIN " + t
                        + " b ON a.k = b.k GROUP BY a.k ORDER BY a.k").collect()) {
                    assertThat(result.rows()).containsExactly(List.of(5L, 1L), List.of(shared, 4L));
                }
            }
        }
    }

    /**
     * Aggregates whose FILTER keeps no row of a batch see an empty batch: a sum over no rows stays NULL and a count 0,
     * also when the aggregate (or the only group so far) has one group, the case that adds rows without looking at ids.
     */
    @Test
    void filteredAggregatesOverNoRowsOfABatchStayNull(EngineRuntime runtime) {
        String t = "(SELECT CAST(x AS BIGINT) AS x, CAST(x AS DOUBLE) AS d, 'g' AS k FROM (VALUES (1), (2), (3)) AS v(x))";
        String aggregates = "sum(x) FILTER (WHERE x > 5), sum(d) FILTER (WHERE x > 5), count(x) FILTER (WHERE x > 5), "
                + "avg(x) FILTER (WHERE x > 5), sum(x) FILTER (WHERE x > 2)";
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build()) {
            for (String query : List.of("SELECT " + aggregates + " FROM " + t + " t",
                    "SELECT " + aggregates + " FROM " + t + " t GROUP BY k")) {
                try (QueryResult result = session.sql(query).collect()) {
                    assertThat(result.rows()).as(query).containsExactly(Arrays.asList(null, null, 0L, null, 3L));
                }
            }
        }
    }

    @Test
    void groupsCountsSumsAndDistinctsMatchAReference(EngineRuntime runtime) {
        Schema schema = new Schema(List.of(TestTables.field("k", ArrowType.Utf8.INSTANCE, true),
                TestTables.field("n", new ArrowType.Int(64, true), true),
                TestTables.field("d", new ArrowType.Decimal(10, 2, 128), true),
                TestTables.field("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), true)));
        Random random = new Random(42);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            String key = random.nextInt(50) == 0 ? null : "key-" + random.nextInt(2_000);
            Long n = random.nextInt(20) == 0 ? null : (long) random.nextInt(100);
            BigDecimal d = BigDecimal.valueOf(random.nextInt(1000), 2);
            rows.add(Arrays.asList(key, n, d, random.nextBoolean() ? 0.0 : -0.0));
        }
        Map<String, long[]> expected = new TreeMap<>(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        Map<String, Set<Long>> distinct = new HashMap<>();
        Map<String, BigDecimal> sums = new HashMap<>();
        for (List<Object> row : rows) {
            String key = (String) row.get(0);
            long[] agg = expected.computeIfAbsent(key, k -> new long[3]);
            agg[0]++;
            if (row.get(1) != null) {
                agg[1]++;
                distinct.computeIfAbsent(key, k -> new HashSet<>()).add((Long) row.get(1));
                if ((Long) row.get(1) > 50) {
                    agg[2]++;
                }
            }
            sums.merge(key, (BigDecimal) row.get(2), BigDecimal::add);
        }
        try (Session session = Sessions.builder(RuntimeProfile.defaults().withBatchSize(1000)).runtime(runtime).build();
             MemoryTable table = MemoryTable.fromRows(session.allocator(), schema, rows)) {
            session.register("t", table);
            try (QueryResult result = session.sql("SELECT k, count(*), count(n), count(DISTINCT n), "
                    + "count(*) FILTER (WHERE n > 50), sum(d) FROM t GROUP BY k ORDER BY k NULLS FIRST").collect()) {
                List<List<Object>> actual = result.rows();
                assertThat(actual).hasSize(expected.size());
                int i = 0;
                for (Map.Entry<String, long[]> e : expected.entrySet()) {
                    List<Object> row = actual.get(i++);
                    assertThat(row.get(0)).isEqualTo(e.getKey());
                    assertThat(row.get(1)).isEqualTo(e.getValue()[0]);
                    assertThat(row.get(2)).isEqualTo(e.getValue()[1]);
                    assertThat(row.get(3)).isEqualTo((long) distinct.getOrDefault(e.getKey(), Set.of()).size());
                    assertThat(row.get(4)).isEqualTo(e.getValue()[2]);
                    assertThat((BigDecimal) row.get(5)).isEqualByComparingTo(sums.get(e.getKey()));
                }
            }
            try (QueryResult result = session.sql("SELECT x, count(*) FROM t GROUP BY x").collect()) {
                assertThat(result.rows()).as("-0.0 and 0.0 are one group").hasSize(1);
            }
            try (QueryResult result = session.sql("SELECT d, count(*) FROM t WHERE d < 0.05 GROUP BY d ORDER BY d").collect()) {
                assertThat(result.rows()).extracting(r -> ((BigDecimal) r.get(0)).toPlainString())
                        .containsExactly("0.00", "0.01", "0.02", "0.03", "0.04");
            }
            session.deregister(TableName.of("t"));
        }
    }

    @Test
    void sumsThatOverflow64BitsOnTheWayStayExact(EngineRuntime runtime) {
        long big = 900_000_000_000_000_000L;
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(List.of(1L, big));                             // 2.7e21 in all: past 64 bits for good
            rows.add(List.of(2L, i < 1500 ? big : -big));           // past 64 bits, then back to 0
            rows.add(List.of(3L, (long) i));                        // never near
        }
        Schema schema = new Schema(List.of(TestTables.field("k", new ArrowType.Int(64, true), false),
                TestTables.field("v", new ArrowType.Int(64, true), false)));
        for (int partitions : new int[] {1, 2}) {
            try (Session session = Sessions.builder(RuntimeProfile.defaults().withTargetPartitions(partitions)
                    .withBatchSize(512)).runtime(runtime).build();
                 MemoryTable table = MemoryTable.fromRows(session.allocator(), schema, rows)) {
                session.register("t", table);
                try (QueryResult result = session.sql(
                        "SELECT k, sum(CAST(v AS DECIMAL(18, 0))) FROM t GROUP BY k ORDER BY k").collect()) {
                    assertThat(result.rows()).extracting(r -> ((BigDecimal) r.get(1)).toPlainString())
                            .containsExactly("2700000000000000000000", "0", String.valueOf(2999L * 3000 / 2));
                }
                session.deregister(TableName.of("t"));
            }
        }
    }

    @Test
    void aGlobalAggregateOverNoRowsHasOneRow(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
             MemoryTable people = TestTables.people(session.allocator())) {
            session.register("people", people);
            try (QueryResult result = session.sql("SELECT count(*), sum(age), max(name) FROM people WHERE id > 100").collect()) {
                assertThat(result.rows()).containsExactly(Arrays.asList(0L, null, null));
            }
            try (QueryResult result = session.sql("SELECT name, count(*) FROM people WHERE id > 100 GROUP BY name").collect()) {
                assertThat(result.rows()).isEmpty();
            }
            session.deregister(TableName.of("people"));
        }
    }
}
