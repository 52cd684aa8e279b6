package io.codeanatomy.engine.core;

/**
 * The query was cancelled by its caller (or the session closed) before it finished. Its memory has been released.
 *
 * @since 0.1
 */
public final class QueryCancelledException extends ExecutionException {
    private static final long serialVersionUID = 1L;

    public QueryCancelledException(String message) {
        super(message);
    }
}
