package io.codeanatomy.engine.core.spi.function;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * One accepted argument list. Arguments are coerced to these types before the implementation runs (e.g. an INTEGER
 * argument to a BIGINT parameter). With {@code variadic}, the last type may repeat zero or more times.
 *
 * @since 0.1
 */
public record FunctionSignature(List<ArrowType> arguments, boolean variadic) {
    public FunctionSignature {
        arguments = List.copyOf(Objects.requireNonNull(arguments, "arguments"));
        if (variadic && arguments.isEmpty()) {
            throw new IllegalArgumentException("a variadic signature needs at least one argument type to repeat");
        }
    }

    public static FunctionSignature of(ArrowType... arguments) {
        return new FunctionSignature(List.of(arguments), false);
    }

    public static FunctionSignature variadic(ArrowType... arguments) {
        return new FunctionSignature(List.of(arguments), true);
    }

    /** Whether {@code count} arguments fit this signature. */
    public boolean accepts(int count) {
        return variadic ? count >= arguments.size() - 1 : count == arguments.size();
    }

    /** The declared type of argument {@code index}. */
    public ArrowType argument(int index) {
        return index < arguments.size() ? arguments.get(index) : arguments.getLast();
    }
}
