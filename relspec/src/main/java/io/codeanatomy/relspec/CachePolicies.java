package io.codeanatomy.relspec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chooses a {@link CachePolicy} per view from its fan-out, estimated size and how far that estimate can be trusted:
 * <ul>
 *   <li>a view read once (by one view, or by the build's write of an output) or not at all is not cached: its query
 *       is inlined where it is read, so an output no view reads streams from its query into its Delta table (a view
 *       named twice in its one reader's query is read twice);</li>
 *   <li>only reads by views the build's writes need count: a view no write needs, directly or through other views,
 *       is only registered and never run;</li>
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
     * @param estimates   per view: estimated rows and whether the estimate is confident
     * @param outputReads per view the build writes out: how many times the write reads it (1 for a full write; an
     *                    incremental write reads it more often, to find the files whose rows changed)
     */
    public static List<CacheDecision> derive(TaskGraph graph, Map<String, Estimate> estimates,
                                             Map<String, Integer> outputReads) {
        java.util.Set<String> needed = needed(graph, outputReads);
        List<CacheDecision> decisions = new ArrayList<>();
        for (String view : graph.views().keySet()) {
            int writeReads = outputReads.getOrDefault(view, 0);
            int fanOut = writeReads;
            for (String reader : graph.dependents().getOrDefault(view, List.of())) {
                fanOut += needed.contains(reader) ? references(graph.views().get(reader).definition().sql(), view) : 0;
            }
            Estimate estimate = estimates.getOrDefault(view, new Estimate(-1, false));
            CachePolicy policy;
            String rationale;
            if (writeReads > 0 && fanOut == 1) {
                policy = CachePolicy.NONE;
                rationale = "build output read only by its write: streamed from its query into Delta";
            } else if (writeReads > 0) {
                policy = CachePolicy.MEMORY;
                rationale = "build output read " + fanOut + " times (views and the write): materialized once";
            } else if (fanOut <= 1) {
                policy = CachePolicy.NONE;
                rationale = fanOut == 0 ? "no reader" : "read once: inlined into its reader";
            } else if (estimate.confident() && estimate.rows() >= 0 && estimate.rows() <= MEMORY_ROW_LIMIT) {
                policy = CachePolicy.MEMORY;
                rationale = "read " + fanOut + " times, about " + estimate.rows() + " rows (confident): computed once in memory";
            } else {
                policy = CachePolicy.DELTA_STAGING;
                rationale = "read " + fanOut + " times, " + (estimate.confident() ? "about " + estimate.rows() + " rows, over the memory limit"
                        : "size unknown") + ": computed once into a Delta staging table";
            }
            decisions.add(new CacheDecision(view, policy, fanOut, estimate.rows(), estimate.confident(), rationale));
        }
        return decisions;
    }

    /**
     * The views the build's writes need: the outputs and, transitively, every view they read. A view no write needs
     * (say the union of an output's parts, when the build writes the parts) is only registered and never run, so its
     * reads are not counted in its inputs' fan-out. With no outputs given, every view counts as needed.
     */
    private static java.util.Set<String> needed(TaskGraph graph, Map<String, Integer> outputReads) {
        if (outputReads.values().stream().noneMatch(reads -> reads > 0)) {
            return graph.views().keySet();
        }
        java.util.Set<String> needed = new java.util.HashSet<>();
        java.util.ArrayDeque<String> pending = new java.util.ArrayDeque<>();
        outputReads.forEach((view, reads) -> {
            if (reads > 0 && graph.views().containsKey(view)) {
                pending.add(view);
            }
        });
        while (!pending.isEmpty()) {
            String view = pending.pop();
            if (needed.add(view)) {
                pending.addAll(graph.upstream(view));
            }
        }
        return needed;
    }

    /**
     * How many times {@code sql} names {@code view} (at least once: it reads it). An inlined view is computed, and
     * planned, once per place its reader's query names it, so a view named twice by its one reader is read twice.
     * A name in a comment or a string literal counts too: that can only cache a view that need not be, never the
     * reverse.
     */
    static int references(String sql, String view) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(
                "(?<![A-Za-z0-9_$])" + java.util.regex.Pattern.quote(view) + "(?![A-Za-z0-9_$])",
                java.util.regex.Pattern.CASE_INSENSITIVE).matcher(sql);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return Math.max(1, count);
    }

    /**
     * A view's size estimate.
     *
     * @param rows      estimated rows, -1 if unknown
     * @param confident whether it rests on known input sizes
     */
    public record Estimate(long rows, boolean confident) {}
}
