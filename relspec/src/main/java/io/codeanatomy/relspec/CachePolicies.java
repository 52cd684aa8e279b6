package io.codeanatomy.relspec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses a {@link CachePolicy} per view from its fan-out, estimated size and how far that estimate can be trusted:
 * <ul>
 *   <li>a build output is always materialized (it is written out anyway);</li>
 *   <li>a view read by one view or none is not cached: its query is inlined where it is read;</li>
 *   <li>a view read by several is computed once: in memory when its estimate is confidently under the memory
 *       threshold, in a Delta staging table when it is larger or the estimate is a guess (a wrong guess in memory
 *       costs an out-of-memory failure, on disk only time).</li>
 * </ul>
 *
 * @since 0.1
 */
public final class CachePolicies {
    /** Views estimated above this many rows are staged in Delta rather than held in memory. */
    public static final long MEMORY_ROW_LIMIT = 5_000_000;

    private CachePolicies() {}

    /**
     * @param estimates per view: estimated rows and whether the estimate is confident
     * @param outputs   views the build writes out
     */
    public static List<CacheDecision> derive(TaskGraph graph, Map<String, Estimate> estimates, Set<String> outputs) {
        List<CacheDecision> decisions = new ArrayList<>();
        for (String view : graph.views().keySet()) {
            int fanOut = graph.fanOut(view);
            Estimate estimate = estimates.getOrDefault(view, new Estimate(-1, false));
            CachePolicy policy;
            String rationale;
            if (outputs.contains(view)) {
                policy = CachePolicy.MEMORY;
                rationale = "build output: materialized once, then written to Delta";
            } else if (fanOut <= 1) {
                policy = CachePolicy.NONE;
                rationale = fanOut == 0 ? "no reader" : "one reader: inlined into it";
            } else if (estimate.confident() && estimate.rows() >= 0 && estimate.rows() <= MEMORY_ROW_LIMIT) {
                policy = CachePolicy.MEMORY;
                rationale = fanOut + " readers, about " + estimate.rows() + " rows (confident): computed once in memory";
            } else {
                policy = CachePolicy.DELTA_STAGING;
                rationale = fanOut + " readers, " + (estimate.confident() ? "about " + estimate.rows() + " rows, over the memory limit"
                        : "size unknown") + ": computed once into a Delta staging table";
            }
            decisions.add(new CacheDecision(view, policy, fanOut, estimate.rows(), estimate.confident(), rationale));
        }
        return decisions;
    }

    /**
     * A view's size estimate.
     *
     * @param rows      estimated rows, -1 if unknown
     * @param confident whether it rests on known input sizes
     */
    public record Estimate(long rows, boolean confident) {}
}
