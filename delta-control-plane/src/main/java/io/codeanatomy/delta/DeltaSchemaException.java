package io.codeanatomy.delta;

import io.codeanatomy.engine.core.CodeAnatomyException;

/**
 * Data does not fit a Delta table's schema (missing, extra or mistyped columns, NULLs in a NOT NULL column), or a type
 * has no Delta equivalent. Nothing was committed.
 *
 * @since 0.1
 */
public final class DeltaSchemaException extends CodeAnatomyException {
    private static final long serialVersionUID = 1L;

    public DeltaSchemaException(String message) {
        super(message);
    }
}
