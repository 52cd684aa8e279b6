package io.codeanatomy.engine.core;

/**
 * A catalog operation that cannot be done: a table that already exists, an unknown schema, a duplicate name.
 *
 * @since 0.1
 */
public final class CatalogException extends CodeAnatomyException {
    private static final long serialVersionUID = 1L;

    public CatalogException(String message) {
        super(message);
    }
}
