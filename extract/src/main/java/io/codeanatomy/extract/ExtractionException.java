package io.codeanatomy.extract;

import io.codeanatomy.engine.core.CodeAnatomyException;

/**
 * Extraction as a whole could not run: the root is not a readable directory, the tree-sitter natives could not be
 * loaded, or the sink refused a batch. A single bad file never raises this; it becomes an {@code extract_errors_v1} row.
 *
 * @since 0.1
 */
public final class ExtractionException extends CodeAnatomyException {
    private static final long serialVersionUID = 1L;

    public ExtractionException(String message) {
        super(message);
    }

    public ExtractionException(String message, Throwable cause) {
        super(message, cause);
    }
}
