package io.codeanatomy.bench;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.SqlPolicy;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Plans TPC-H queries without running them, to profile the planner alone: each query is planned {@code --runs}
 * times in a fresh session (as the benchmark does), after {@code --warmup} rounds; prints the median planning time per
 * query and their sum, as the planning thread's CPU time (less disturbed by other processes than wall time). Usage: {@code TpchPlanning --sf 0.01 --queries 1-22 --runs 20 --warmup 10}.
 */
public final class TpchPlanning {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private TpchPlanning() {}

    public static void main(String[] args) throws Exception {
        TpchOptions options = TpchOptions.parse(args);
        RuntimeProfile profile = RuntimeProfile.defaults().withName("tpch-planning").withSql(SqlPolicy.readWrite())
                .withTargetPartitions(options.partitions());
        List<TpchData> tables = new ArrayList<>();
        try (EngineRuntime runtime = EngineRuntime.create()) {
            BufferAllocator data = runtime.rootAllocator().newChildAllocator("tpch-data", 0, Long.MAX_VALUE);
            try {
                tables.addAll(TpchData.generateArrowOnly(options.scaleFactor(), data, profile.execution().batchSize()));
                List<TpchQuery> queries = new ArrayList<>();
                for (int q : options.queries()) {
                    queries.add(TpchQuery.load(q));
                }
                for (int round = 0; round < options.warmup(); round++) {
                    queries.forEach(query -> plan(runtime, profile, tables, query));
                }
                double total = 0;
                for (TpchQuery query : queries) {
                    List<Double> millis = new ArrayList<>();
                    for (int run = 0; run < options.runs(); run++) {
                        millis.add(plan(runtime, profile, tables, query) / 1e6);
                    }
                    double median = Stats.median(millis);
                    total += median;
                    System.out.printf("q%d %.1f ms CPU%n", query.number(), median);
                }
                System.out.printf("sum of medians %.1f ms CPU%n", total);
                // where the time goes: each phase's share, from the planner's own phase timings over one more round
                java.util.Map<String, Double> phases = new java.util.TreeMap<>();
                for (TpchQuery query : queries) {
                    try (Session session = Sessions.builder(profile).runtime(runtime).build()) {
                        tables.forEach(t -> session.register(t.name(), t.table()));
                        query.setup().forEach(session::execute);
                        session.sql(query.query()).planBundle().manifest().phaseMillis().forEach((k, v) -> phases.merge(k, v, Double::sum));
                        query.teardown().forEach(session::execute);
                    }
                }
                phases.forEach((phase, millis) -> System.out.printf("  %-40s %7.1f ms%n", phase, millis));
            } finally {
                tables.forEach(t -> t.table().close());
                data.close();
            }
        }
    }

    private static long plan(EngineRuntime runtime, RuntimeProfile profile, List<TpchData> tables, TpchQuery query) {
        try (Session session = Sessions.builder(profile).runtime(runtime).build()) {
            tables.forEach(t -> session.register(t.name(), t.table()));
            query.setup().forEach(session::execute);
            long start = THREADS.getCurrentThreadCpuTime();
            session.sql(query.query()).schema();
            long planned = THREADS.getCurrentThreadCpuTime() - start;
            query.teardown().forEach(session::execute);
            return planned;
        }
    }
}
