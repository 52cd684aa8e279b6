package io.codeanatomy.engine.core;

/**
 * Every session of a {@link ContextPool} stayed leased for the whole borrow timeout.
 *
 * @since 0.1
 */
public final class PoolExhaustedException extends CodeAnatomyException {
    public PoolExhaustedException(String message) {
        super(message);
    }
}
