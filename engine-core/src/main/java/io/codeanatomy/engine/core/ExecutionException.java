package io.codeanatomy.engine.core;

/**
 * A failure while a plan runs: a provider that failed to scan, a division by zero, a cast that does not fit,
 * a constraint violation.
 *
 * @since 0.1
 */
public class ExecutionException extends CodeAnatomyException {
    private static final long serialVersionUID = 1L;

    public ExecutionException(String message) {
        super(message);
    }

    public ExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
