package io.codeanatomy.engine.core.spi.function;

import java.util.Objects;

/**
 * A function's documentation, listed by {@code SHOW FUNCTIONS} and rendered into the docs.
 *
 * @param description what it computes, one or two sentences
 * @param syntax      e.g. {@code span_len(bstart, bend)}
 * @param example     a SQL example with its result
 * @since 0.1
 */
public record FunctionDoc(String description, String syntax, String example) {
    public FunctionDoc {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(syntax, "syntax");
        Objects.requireNonNull(example, "example");
    }
}
