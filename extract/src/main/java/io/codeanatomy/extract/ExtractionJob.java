package io.codeanatomy.extract;

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
     * Waits for the run to end and returns its summary ({@code cancelled()} tells whether it was cancelled).
     *
     * @throws ExtractionException if the run as a whole failed (unreadable root, natives missing, sink failure)
     */
    ExtractionSummary await();
}
