package io.codeanatomy.delta;

import io.codeanatomy.engine.core.CodeAnatomyException;

/**
 * A commit lost a race with another writer and could not be retried (the conflict kind is not retryable under the
 * {@link RetryPolicy}, or the attempts ran out). The table is unchanged by this writer.
 *
 * @since 0.1
 */
public final class DeltaConflictException extends CodeAnatomyException {
    private static final long serialVersionUID = 1L;
    private final String table;
    private final long readVersion;
    private final RetryPolicy.Conflict conflict;
    private final int attempts;

    public DeltaConflictException(String table, long readVersion, RetryPolicy.Conflict conflict, int attempts, Throwable cause) {
        super("Commit to Delta table " + table + " (read at version " + readVersion + ") conflicts with a concurrent "
                + conflict.description() + " after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                + ": " + cause.getMessage() + ". Re-read the table and run the operation again, or allow more attempts "
                + "in the RetryPolicy", cause);
        this.table = table;
        this.readVersion = readVersion;
        this.conflict = conflict;
        this.attempts = attempts;
    }

    public String table() {
        return table;
    }

    /** The table version the losing attempt was based on. */
    public long readVersion() {
        return readVersion;
    }

    /** The kind of concurrent action that won. */
    public RetryPolicy.Conflict conflict() {
        return conflict;
    }

    public int attempts() {
        return attempts;
    }
}
