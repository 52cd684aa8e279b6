package io.codeanatomy.extract;

import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A running extraction. Thread-safe.
 *
 * @since 0.1
 */
public interface ExtractionJob {
    /** Asks the run to stop: no new files start, running ones are interrupted at their next check. Idempotent. */
    void cancel();

    boolean isDone();

    /**
     * The tables the run registers in its sink when it finishes: name to schema, empty tables included. Waits for
     * the run's setup (listing files, loading parsers), not for its rows, so a caller can plan queries over the
     * tables while extraction goes on.
     *
     * @throws ExtractionException if the run failed before its setup finished
     */
    Map<String, Schema> tables();

    /**
     * Waits for the run to end and returns its summary ({@code cancelled()} tells whether it was cancelled).
     *
     * @throws ExtractionException if the run as a whole failed (unreadable root, natives missing, sink failure)
     */
    ExtractionSummary await();
}
