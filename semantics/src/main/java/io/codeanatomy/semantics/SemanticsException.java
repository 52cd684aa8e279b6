package io.codeanatomy.semantics;

import io.codeanatomy.engine.core.CodeAnatomyException;

/**
 * The CPG view definitions are inconsistent: a view does not compile, reads a table nothing provides, or takes part
 * in a cycle.
 *
 * @since 0.1
 */
public final class SemanticsException extends CodeAnatomyException {
    private static final long serialVersionUID = 1L;

    public SemanticsException(String message) {
        super(message);
    }

    public SemanticsException(String message, Throwable cause) {
        super(message, cause);
    }
}
