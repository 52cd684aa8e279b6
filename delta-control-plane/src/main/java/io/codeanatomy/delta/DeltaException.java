package io.codeanatomy.delta;

import io.codeanatomy.engine.core.CodeAnatomyException;

/**
 * A Delta operation failed for a reason other than a schema mismatch or a write conflict: the table does not exist,
 * storage failed, the log is unreadable. The message names the table and what to do.
 *
 * @since 0.1
 */
public class DeltaException extends CodeAnatomyException {
    private static final long serialVersionUID = 1L;

    public DeltaException(String message) {
        super(message);
    }

    public DeltaException(String message, Throwable cause) {
        super(message, cause);
    }
}
