package io.codeanatomy.extract;

/**
 * Receives progress events, at most every 100 ms and once at the end, on the runtime's coordinating thread.
 * Must be quick and must not throw.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = progress -> {};

    void onProgress(Progress progress);
}
