package io.codeanatomy.delta;

import java.util.Map;
import java.util.Objects;

/**
 * How CodeAnatomy talks to one Delta table.
 *
 * @param storage        Hadoop file system settings, e.g. {@code fs.s3a.endpoint}, {@code fs.s3a.access.key}; empty for
 *                       the local file system
 * @param targetFileSize the size at which writers start a new Parquet file, in bytes
 * @param retryPolicy    how commits that lose a race are retried
 * @since 0.1
 */
public record DeltaOptions(Map<String, String> storage, long targetFileSize, RetryPolicy retryPolicy) {
    /** Local storage, 128 MiB files, {@link RetryPolicy#DEFAULT}. */
    public static final DeltaOptions DEFAULT = new DeltaOptions(Map.of(), 128L << 20, RetryPolicy.DEFAULT);

    public DeltaOptions {
        storage = Map.copyOf(Objects.requireNonNull(storage, "storage"));
        if (targetFileSize < 1024) {
            throw new IllegalArgumentException("targetFileSize must be at least 1024 bytes, was " + targetFileSize);
        }
        Objects.requireNonNull(retryPolicy, "retryPolicy");
    }

    public DeltaOptions withStorage(Map<String, String> settings) {
        return new DeltaOptions(settings, targetFileSize, retryPolicy);
    }

    public DeltaOptions withTargetFileSize(long bytes) {
        return new DeltaOptions(storage, bytes, retryPolicy);
    }

    public DeltaOptions withRetryPolicy(RetryPolicy policy) {
        return new DeltaOptions(storage, targetFileSize, policy);
    }
}
