package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pipelines split across workers (morsel-driven) give the rows the same query gives on one thread, as multisets,
 * for every join type a pipeline can probe; errors in a worker reach the caller; early ends free everything.
 */
@ExtendWith(ArrowLeakCheck.class)
class ParallelExecutionTest {
    private static final int ROWS = 60_000;
    private static final String[] QUERIES = {
        "SELECT f.k % 7 AS g, count(*), sum(f.v), min(f.s), max(f.v) FROM fact f WHERE f.v % 3 <> 0 GROUP BY f.k % 7",
        "SELECT f.id, d.name, f.v * 2 FROM fact f JOIN dim d ON d.k = f.k WHERE f.v > 100",
        "SELECT f.id, d.name FROM fact f LEFT JOIN dim d ON d.k = f.k AND d.name <> 'd3'",
        "SELECT f.id FROM fact f WHERE f.k IN (SELECT k FROM dim WHERE name LIKE 'd1%')",
        "SELECT f.id FROM fact f WHERE NOT EXISTS (SELECT 1 FROM dim d WHERE d.k = f.k AND d.k < 50)",
        "SELECT d.name, count(*) FROM fact f JOIN dim d ON d.k = f.k JOIN dim e ON e.k = f.v % 100 GROUP BY d.name",
        "SELECT f.id, d.k FROM fact f FULL JOIN dim d ON d.k = f.k + 190",
        // joins that mark build rows, hashing the small side: workers share the marks, the region emits the rest
        "SELECT f.id, d.name FROM fact f RIGHT JOIN dim d ON d.k = f.k + 100",
        "SELECT d.k, d.name FROM dim d WHERE EXISTS (SELECT 1 FROM fact f WHERE f.k = d.k AND f.v > d.k * 5)",
        "SELECT d.k FROM dim d WHERE NOT EXISTS (SELECT 1 FROM fact f WHERE f.k = d.k AND f.v < d.k)",
        "SELECT id, s FROM fact WHERE s IS NULL OR s LIKE '%7' UNION ALL SELECT id, s FROM fact WHERE v < 10",
        // split aggregations: per-worker partial groups merged by a final aggregation
        "SELECT k % 5, avg(v), avg(CAST(v AS DECIMAL(10, 2))), avg(CAST(v AS DOUBLE)), count(s), "
                + "sum(CAST(v AS DECIMAL(12, 3))), bool_and(v < 990), any_value(k % 5) FROM fact GROUP BY k % 5",
        "SELECT count(*), count(s), sum(v), avg(v), min(s), max(s) FROM fact WHERE v < 0",
        "SELECT count(DISTINCT s), sum(v) FROM fact WHERE k > 3",
        "SELECT count(*), count(DISTINCT id) FROM fact WHERE id IN (5, 6)",
        // partial aggregations over joins that mark build rows (TPC-H q13's shape): the unmatched build rows the
        // region emits at the end go through the partial aggregation too
        "SELECT d.k, count(f.id), sum(f.v), min(d.name) FROM fact f RIGHT JOIN dim d ON d.k = f.k + 100 AND f.v % 4 <> 1 "
                + "GROUP BY d.k",
        "SELECT d.k % 3, count(*), count(f.id) FROM fact f FULL JOIN dim d ON d.k = f.k + 190 GROUP BY d.k % 3",
        // thousands of groups, NULL keys among them: the final phase merges them in partitions on several threads
        "SELECT id % 5000, s, count(*), sum(v), min(s), avg(v) FROM fact GROUP BY id % 5000, s",
        // partial values shared among calls: sums with averages, counts of a column without NULLs with COUNT(*), but
        // not a count of a column with NULLs, nor values under another FILTER
        // (an average of integers sums in DECIMAL(38, 0), which a BIGINT sum does not share)
        "SELECT k % 5, sum(d), avg(d), count(v), count(*), count(s), avg(d) FILTER (WHERE v > 500), "
                + "sum(d) FILTER (WHERE v > 500), count(s) FILTER (WHERE v > 500), count(*) FILTER (WHERE v > 500), "
                + "sum(v), avg(v) FROM (SELECT k, v, s, CAST(v AS DECIMAL(12, 2)) AS d FROM fact) GROUP BY k % 5",
    };

    @Test
    void splitPipelinesGiveTheRowsOfOneThread(EngineRuntime runtime) {
        try (Fixture serialFixture = fixture(runtime, 1); Fixture parallelFixture = fixture(runtime, 4)) {
            Session serial = serialFixture.session();
            Session parallel = parallelFixture.session();
            for (String sql : QUERIES) {
                assertThat(explain(parallel, sql)).as(sql).contains("Parallel: degree=4");
                assertThat(explain(serial, sql)).as(sql).doesNotContain("Parallel");
                List<List<Object>> expected = rows(serial, sql);
                assertThat(expected).as(sql).isNotEmpty();
                assertThat(rows(parallel, sql)).as(sql).containsExactlyInAnyOrderElementsOf(expected);
            }
            assertThat(explain(parallel, QUERIES[8])).contains("RIGHT_SEMI");
            assertThat(explain(parallel, QUERIES[9])).contains("RIGHT_ANTI");
            assertThat(explain(parallel, QUERIES[11])).contains("avg_merge");
            assertThat(explain(parallel, QUERIES[17])).contains("merge=partitioned(4)");
            assertThat(explain(serial, QUERIES[17])).doesNotContain("merge=");
            // in the partial aggregation: d's sum and count(*) once each, with and without the filter, count(s), and v's
            // two sums
            assertThat(explain(parallel, QUERIES[18])).containsPattern(
                    "aggregates=\\[sum\\(\\$\\d\\), count\\(\\*\\), count\\(\\$\\d\\), sum\\(\\$\\d\\) FILTER \\(WHERE \\$\\d\\), "
                            + "count\\(\\*\\) FILTER \\(WHERE \\$\\d\\), count\\(\\$\\d\\) FILTER \\(WHERE \\$\\d\\), sum\\(\\$\\d\\), sum\\(\\$\\d\\)\\]");
            // the partial aggregation runs in the workers, under the region, above the marking join
            assertThat(explain(parallel, QUERIES[15])).containsPattern(
                    "(?s)Parallel: degree=4.*HashAggregate.*HashJoin: type=RIGHT");
            assertThat(rows(parallel, QUERIES[15])).as("one row per dim key").hasSize(rows(serial, "SELECT k FROM dim").size());
            assertThat(rows(parallel, QUERIES[12])).containsExactly(java.util.Arrays.asList(0L, 0L, null, null, null, null));
            // an aggregation that does not split, straight over a scan, sees every row on one thread: one row, not
            // one per worker (it did come out once per worker when a scan had nothing to split above it)
            String unsplit = "SELECT count(*), count(DISTINCT s) FROM fact";
            assertThat(explain(parallel, unsplit)).doesNotContain("Parallel");
            assertThat(rows(parallel, unsplit)).containsExactly(List.of((long) ROWS, 97L));
            // ORDER BY above a split pipeline still orders
            String ordered = "SELECT id FROM fact WHERE v % 11 = 0 ORDER BY id DESC LIMIT 20";
            assertThat(rows(parallel, ordered)).containsExactlyElementsOf(rows(serial, ordered));
        }
    }

    /** Build sides of 131,072 rows and more are hashed in partitions, in parallel: same rows as one table gives. */
    @Test
    void largeBuildSidesHashedInParallelPartitionsJoinLikeOneTable(EngineRuntime runtime) {
        try (Fixture serialFixture = fixture(runtime, 1); Fixture parallelFixture = fixture(runtime, 4)) {
            for (String sql : List.of(
                    "SELECT f.id, b.id FROM fact f LEFT JOIN big b ON b.k = f.id",
                    "SELECT /*+ BUILD(b) */ f.id, b.s FROM fact f JOIN big b ON b.k = f.k AND b.s = f.s",
                    "SELECT f.id, b.id FROM fact f RIGHT JOIN big b ON b.k = f.id + 100000 WHERE b.id % 10 = 0")) {
                List<List<Object>> expected = rows(serialFixture.session(), sql);
                assertThat(expected).as(sql).isNotEmpty();
                assertThat(rows(parallelFixture.session(), sql)).as(sql).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    @Test
    void aWorkerErrorReachesTheCallerAndFreesEverything(EngineRuntime runtime) {
        try (Fixture fixture = fixture(runtime, 4)) {
            Session parallel = fixture.session();
            assertThatThrownBy(() -> rows(parallel, "SELECT sum(CAST(CASE WHEN id = 54321 THEN 'x' ELSE '1' END AS INTEGER)) FROM fact"))
                    .isInstanceOf(CodeAnatomyException.class).hasMessageContaining("x");
            // the session is still usable
            assertThat(rows(parallel, "SELECT count(*) FROM fact WHERE v >= 0")).containsExactly(List.of((long) ROWS));
        }
    }

    @Test
    void cancellingAParallelQueryStopsItsWorkersAndFreesTheirMemory(EngineRuntime runtime) throws Exception {
        try (Fixture fixture = fixture(runtime, 4)) {
            Session parallel = fixture.session();
            String slow = "SELECT count(*) FROM fact f JOIN big b ON b.s = f.s WHERE f.v + b.id >= 0";   // ~124 M pairs
            assertThat(explain(parallel, slow)).contains("Parallel");
            java.util.concurrent.CompletableFuture<Object> query = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (QueryResult result = parallel.sql(slow).collect()) {
                    return result.rows();
                } catch (RuntimeException e) {
                    return e;
                }
            });
            int cancelled = 0;
            while (cancelled == 0 && !query.isDone()) {
                cancelled = parallel.cancelRunningQueries();
                Thread.sleep(5);
            }
            assertThat(cancelled).isEqualTo(1);
            assertThat(query.get(60, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(QueryCancelledException.class);
            assertThat(rows(parallel, "SELECT count(*) FROM fact")).containsExactly(List.of((long) ROWS));
        }
    }

    @Test
    void aLimitEndsTheWorkersEarly(EngineRuntime runtime) {
        try (Fixture fixture = fixture(runtime, 4)) {
            Session parallel = fixture.session();
            assertThat(rows(parallel, "SELECT id FROM fact WHERE v >= 0 LIMIT 5")).hasSize(5);
            try (QueryResult ignored = parallel.sql("SELECT f.id, d.name FROM fact f JOIN dim d ON d.k = f.k").collect()) {
                assertThat(ignored.rowCount()).isPositive();
            }
        }
    }

    private static Fixture fixture(EngineRuntime runtime, int partitions) {
        Session session = Sessions.builder(RuntimeProfile.defaults().withTargetPartitions(partitions).withBatchSize(1024))
                .runtime(runtime).build();
        List<MemoryTable> tables = new ArrayList<>();
        List<List<Object>> fact = new ArrayList<>();
        for (long i = 0; i < ROWS; i++) {
            fact.add(Arrays.asList(i, i % 200, (i * 7919) % 1000, i % 13 == 0 ? null : "s" + (i % 97)));
        }
        List<List<Object>> dim = new ArrayList<>();
        for (long k = 0; k < 150; k++) {
            dim.add(List.of(k, "d" + k));
        }
        tables.add(MemoryTable.fromRows(session.allocator(), new Schema(List.of(
                TestTables.field("id", new ArrowType.Int(64, true), false),
                TestTables.field("k", new ArrowType.Int(64, true), false),
                TestTables.field("v", new ArrowType.Int(64, true), false),
                TestTables.field("s", ArrowType.Utf8.INSTANCE, true))), fact));
        tables.add(MemoryTable.fromRows(session.allocator(), new Schema(List.of(
                TestTables.field("k", new ArrowType.Int(64, true), false),
                TestTables.field("name", ArrowType.Utf8.INSTANCE, false))), dim));
        List<List<Object>> big = new ArrayList<>();
        for (long i = 0; i < 200_000; i++) {     // a build side over the parallel-hashing threshold, keys repeated, some NULL
            big.add(Arrays.asList(i, i % 97 == 0 ? null : i % 150_000, "s" + (i % 97)));
        }
        tables.add(MemoryTable.fromRows(session.allocator(), new Schema(List.of(
                TestTables.field("id", new ArrowType.Int(64, true), false),
                TestTables.field("k", new ArrowType.Int(64, true), true),
                TestTables.field("s", ArrowType.Utf8.INSTANCE, false))), big));
        session.register("fact", tables.get(0));
        session.register("dim", tables.get(1));
        session.register("big", tables.get(2));
        return new Fixture(session, tables);
    }

    /** A session and the tables registered in it, closed together. */
    private record Fixture(Session session, List<MemoryTable> tables) implements AutoCloseable {
        @Override
        public void close() {
            tables.forEach(MemoryTable::close);
            session.close();
        }
    }

    private static String explain(Session session, String sql) {
        return rows(session, "EXPLAIN " + sql).toString();
    }

    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.sql(sql).collect()) {
            return result.rows();
        }
    }
}
