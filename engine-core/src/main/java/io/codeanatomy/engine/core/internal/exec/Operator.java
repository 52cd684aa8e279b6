package io.codeanatomy.engine.core.internal.exec;

/**
 * A running physical operator: a pull stream of batches. Single-threaded: one consumer calls {@link #next()}.
 * Owns its children and everything it allocated; {@link #close()} releases them, idempotently, on every path.
 */
public interface Operator extends AutoCloseable {
    /** The next batch (owned by the caller), or null when the operator is exhausted. */
    Batch next();

    @Override
    void close();
}
