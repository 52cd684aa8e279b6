package io.codeanatomy.engine.core;

/**
 * Root of every error CodeAnatomy raises on purpose. Unchecked; one subclass per case a caller can act on.
 * Messages say what failed, on what (table, file, SQL position) and what to do next; the cause is kept.
 *
 * @since 0.1
 */
public abstract class CodeAnatomyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected CodeAnatomyException(String message) {
        super(message);
    }

    protected CodeAnatomyException(String message, Throwable cause) {
        super(message, cause);
    }
}
