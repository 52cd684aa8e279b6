package io.codeanatomy.engine.core;

import java.util.Optional;

/**
 * SQL text that cannot be parsed or validated: a syntax error, an unknown table or column, a type mismatch.
 * Carries the 1-based position of the offending token where it is known.
 *
 * @since 0.1
 */
public final class SqlException extends CodeAnatomyException {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;

    public SqlException(String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    public SqlException(String message, Throwable cause) {
        this(message, 0, 0, cause);
    }

    /** 1-based line of the offending token, if known. */
    public Optional<Integer> line() {
        return line > 0 ? Optional.of(line) : Optional.empty();
    }

    /** 1-based column of the offending token, if known. */
    public Optional<Integer> column() {
        return column > 0 ? Optional.of(column) : Optional.empty();
    }
}
