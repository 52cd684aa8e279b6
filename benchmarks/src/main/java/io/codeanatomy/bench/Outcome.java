package io.codeanatomy.bench;

import java.util.List;

/** What one engine did on one query: measured, timed out, or failed. */
sealed interface Outcome {
    /**
     * Timed runs of one engine on one query.
     *
     * @param runMillis      each timed run, in order
     * @param coldPlanMillis planning time of the first run in the process (ours only; NaN otherwise)
     * @param warmPlanMillis median planning time of the timed runs (ours only; NaN otherwise)
     * @param peakBytes      the engine's peak Arrow memory during the query, or -1
     * @param rows           the last run's result, rendered
     * @param disturbed      whether an abandoned run of an earlier query was still using a core meanwhile
     * @param cpuMillis      the process's CPU time during each timed run (all threads, JIT and GC included): a
     *                       figure other load on the machine moves much less than wall time
     */
    record Measured(List<Double> runMillis, double coldPlanMillis, double warmPlanMillis, long peakBytes,
                    List<List<String>> rows, boolean disturbed, List<Double> cpuMillis) implements Outcome {
        public Measured {
            runMillis = List.copyOf(runMillis);
            rows = List.copyOf(rows);
            cpuMillis = List.copyOf(cpuMillis);
        }

        double medianMillis() {
            return Stats.median(runMillis);
        }

        double medianCpuMillis() {
            return Stats.median(cpuMillis);
        }
    }

    /** A run (warm-up or timed) took longer than the timeout; the remaining runs were skipped. */
    record TimedOut(int seconds) implements Outcome {}

    /** The engine raised an error. */
    record Failed(String message) implements Outcome {}
}
