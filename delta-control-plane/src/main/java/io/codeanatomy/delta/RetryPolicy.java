package io.codeanatomy.delta;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a Delta commit that loses a race is retried: at most {@code maxAttempts} tries in all, waiting an exponential
 * backoff with full jitter between them, and only for the conflict kinds in {@code retryOn}. A retry re-reads the
 * table and redoes the operation against the new version (a DELETE re-evaluates its predicate), so no change is lost
 * or applied twice.
 *
 * @param maxAttempts    total tries, at least 1
 * @param initialBackoff wait before the second try; doubled each time up to {@code maxBackoff}
 * @param maxBackoff     the longest wait
 * @param retryOn        conflict kinds worth retrying
 * @since 0.1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Set<Conflict> retryOn) {
    /** Ten attempts, 10 ms doubling to 1 s, retrying data conflicts but not schema or protocol changes. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofMillis(10), Duration.ofSeconds(1),
            EnumSet.of(Conflict.CONCURRENT_WRITE, Conflict.CONCURRENT_TRANSACTION));

    /** One attempt: conflicts fail at once. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Set.of());

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff <= maxBackoff, was "
                    + initialBackoff + " and " + maxBackoff);
        }
        retryOn = retryOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryOn));
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialBackoff, maxBackoff, retryOn);
    }

    /** The wait before try number {@code attempt + 1} (attempt counts from 1): uniform in [0, min(max, initial * 2^(attempt-1))]. */
    public Duration backoff(int attempt) {
        long cap = initialBackoff.toNanos() << Math.min(attempt - 1, 30);
        long bound = Math.min(maxBackoff.toNanos(), cap < 0 ? Long.MAX_VALUE : cap);
        return bound <= 0 ? Duration.ZERO : Duration.ofNanos(ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** What kind of concurrent change made a commit fail. */
    public enum Conflict {
        /** Another writer committed data (adds or removes) the transaction depends on. */
        CONCURRENT_WRITE("write"),
        /** Another writer committed with the same application transaction id. */
        CONCURRENT_TRANSACTION("transaction with the same id"),
        /** Another writer changed the schema or table properties. */
        METADATA_CHANGED("metadata (schema or properties) change"),
        /** Another writer upgraded the table protocol. */
        PROTOCOL_CHANGED("protocol change");

        private final String description;

        Conflict(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }
}
