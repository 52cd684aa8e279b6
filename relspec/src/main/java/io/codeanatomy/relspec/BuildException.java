package io.codeanatomy.relspec;

import io.codeanatomy.engine.core.CodeAnatomyException;

/**
 * A CPG build failed: bad input (no such repository, an output directory that cannot be written) or a stage that
 * broke. The message says which and what to do.
 *
 * @since 0.1
 */
public final class BuildException extends CodeAnatomyException {
    private static final long serialVersionUID = 1L;

    public BuildException(String message) {
        super(message);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
