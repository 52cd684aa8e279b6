package io.codeanatomy.engine.core.internal.exec.agg;

import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * One aggregate of a hash aggregation.
 *
 * @param kind       which function
 * @param args       input column indexes of the arguments
 * @param distinct   whether duplicate argument values within a group count once
 * @param filterArg  input column index of a boolean FILTER (WHERE ...) column, or -1
 * @param resultType the result's Arrow type
 * @param name       output column name
 * @param literal    the constant of a LITERAL aggregate (internal representation), else null
 * @param extension  the function of an EXTENSION aggregate, else null
 */
public record AggregateCall(AggregateKind kind, List<Integer> args, boolean distinct, int filterArg, ArrowType resultType,
                            String name, Object literal, ExtensionBinding extension) {
    public AggregateCall {
        args = List.copyOf(args);
    }

    /**
     * An extension aggregate resolved for one call.
     *
     * @param function      the definition
     * @param argumentTypes the matched signature's argument types, one per argument
     * @param result        the result field handed to the accumulator
     */
    public record ExtensionBinding(io.codeanatomy.engine.core.spi.function.AggregateFunctionDef function,
                                   List<ArrowType> argumentTypes, org.apache.arrow.vector.types.pojo.Field result) {
        public ExtensionBinding {
            argumentTypes = List.copyOf(argumentTypes);
        }
    }

    public AggregateCall(AggregateKind kind, List<Integer> args, boolean distinct, int filterArg, ArrowType resultType,
                         String name, Object literal) {
        this(kind, args, distinct, filterArg, resultType, name, literal, null);
    }

    public AggregateCall(AggregateKind kind, List<Integer> args, boolean distinct, int filterArg, ArrowType resultType,
                         String name) {
        this(kind, args, distinct, filterArg, resultType, name, null);
    }

    public String display() {
        String inner = kind == AggregateKind.COUNT_STAR ? "*"
                : (distinct ? "DISTINCT " : "") + String.join(", ", args.stream().map(a -> "$" + a).toList());
        String function = extension != null ? extension.function().name()
                : kind.name().toLowerCase(java.util.Locale.ROOT).replace("_star", "");
        return function + "(" + inner + ")"
                + (filterArg >= 0 ? " FILTER (WHERE $" + filterArg + ")" : "");
    }
}
