package io.codeanatomy.bench;

import java.util.List;

/**
 * One engine under measurement. The harness calls {@link #begin}, then {@link #run} several times, then {@link #end}
 * for each query, all from its own threads: a run executes on a fresh thread so that it can be abandoned when it
 * exceeds the timeout, and {@link #cancel} is then called from another thread.
 */
sealed interface BenchEngine extends AutoCloseable permits OurEngine, JdbcEngine {
    String name();

    /** Prepares for a query (our engine opens a fresh session so that its allocator's peak is the query's). */
    void begin(TpchQuery query);

    /** Runs the query's setup, the timed statement and its teardown; the rows are rendered by {@link Rows#text}. */
    Run run(TpchQuery query) throws Exception;

    /**
     * Asks the running statement to stop; best effort, from another thread.
     *
     * @return whether the engine can cancel at all (if not, the run's thread is abandoned and keeps a core busy)
     */
    boolean cancel();

    /** Ends the query; returns the engine's peak Arrow bytes during it, or -1 when not measured. */
    long end(TpchQuery query, boolean abandoned);

    @Override
    void close() throws Exception;

    /**
     * One timed run.
     *
     * @param nanos         wall time of the timed statement, from SQL text to the last row fetched
     * @param planningNanos the part of it spent parsing and planning, or -1 when the engine does not say
     * @param rows          the result rendered as text
     */
    record Run(long nanos, long planningNanos, List<List<String>> rows) {
        public Run {
            rows = List.copyOf(rows);
        }
    }
}
