package io.codeanatomy.bench;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.SqlPolicy;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Prints EXPLAIN ANALYZE of TPC-H queries on our engine: the plan a query ran with, rows and time per operator, to
 * find where a slow query spends its time. Usage: {@code TpchExplain --sf 1 --queries 4,21 [--runs N]}; the last of
 * {@code N} runs is printed (earlier ones warm the JIT), with each join's estimated input rows, and with
 * {@code -Dtpch.logical=true} the optimized logical plan.
 */
public final class TpchExplain {
    private TpchExplain() {}

    /** Each join's estimated input rows and the side it builds, as the planner saw them. */
    private static String joinEstimates(Session session, String sql) {
        StringBuilder text = new StringBuilder();
        var bundle = session.sql(sql).planBundle();
        if (Boolean.getBoolean("tpch.logical")) {
            text.append(bundle.optimized().text()).append('\n');
        }
        for (var join : bundle.joins()) {
            text.append(String.format("  %s %s / %s: %,.0f / %,.0f, build %s (%s)%n", join.type(), join.leftTable(),
                    join.rightTable(), join.leftRows(), join.rightRows(), join.build(), join.decidedBy()));
        }
        return text.toString();
    }

    public static void main(String[] args) throws Exception {
        TpchOptions options = TpchOptions.parse(args);
        RuntimeProfile profile = RuntimeProfile.defaults().withName("tpch-explain").withSql(SqlPolicy.readWrite())
                .withTargetPartitions(options.partitions());
        profile = profile.withFeatures(profile.features().withJoinDynamicFilters(options.dynamicFilters()));
        List<TpchData> tables = new ArrayList<>();
        try (EngineRuntime runtime = EngineRuntime.create()) {
            BufferAllocator data = runtime.rootAllocator().newChildAllocator("tpch-data", 0, Long.MAX_VALUE);
            try {
                tables.addAll(TpchData.generateArrowOnly(options.scaleFactor(), data, profile.execution().batchSize()));
                for (int q : options.queries()) {
                    TpchQuery query = TpchQuery.load(q);
                    String plan = "";
                    for (int run = 0; run < options.runs(); run++) {
                        try (Session session = Sessions.builder(profile).runtime(runtime).build()) {
                            tables.forEach(t -> session.register(t.name(), t.table()));
                            query.setup().forEach(session::execute);
                            long start = System.nanoTime();
                            try (QueryResult result = session.sql("EXPLAIN ANALYZE " + query.query()).collect()) {
                                StringBuilder text = new StringBuilder();
                                result.rows().forEach(row -> text.append(row.getLast()).append('\n'));
                                plan = text.toString();
                            }
                            plan = "q" + q + " run " + (run + 1) + ": " + (System.nanoTime() - start) / 1_000_000 + " ms\n" + plan
                                    + "join estimates (rows left / right, build side):\n" + joinEstimates(session, query.query());
                            query.teardown().forEach(session::execute);
                        }
                    }
                    System.out.println(plan);
                }
            } finally {
                tables.forEach(t -> t.table().close());
                data.close();
            }
        }
    }
}
