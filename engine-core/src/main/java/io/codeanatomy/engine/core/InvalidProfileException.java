package io.codeanatomy.engine.core;

/**
 * A profile field set to a value it does not accept. Names the field, the value and what is allowed.
 * It is an {@link IllegalArgumentException}: a bad profile is a caller bug caught at construction.
 *
 * @since 0.1
 */
public final class InvalidProfileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidProfileException(String field, Object value, String allowed) {
        super("Invalid value for profile field '%s': %s (allowed: %s)".formatted(field, value, allowed));
        this.field = field;
    }

    /** Dotted path of the field, e.g. {@code execution.batchSize}. */
    public String field() {
        return field;
    }
}
