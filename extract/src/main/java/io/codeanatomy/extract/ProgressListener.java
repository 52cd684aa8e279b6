package io.codeanatomy.extract;

/**
 * Receives progress events, at most every 100 ms and once at the end, one call at a time, from whichever runtime
 * thread finished a file (or the run). Must be quick; an exception it throws is recorded on the run's span and
 * otherwise ignored.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = progress -> {};

    void onProgress(Progress progress);
}
