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
 */
public record AggregateCall(AggregateKind kind, List<Integer> args, boolean distinct, int filterArg, ArrowType resultType,
                            String name, Object literal) {
    public AggregateCall {
        args = List.copyOf(args);
    }

    public AggregateCall(AggregateKind kind, List<Integer> args, boolean distinct, int filterArg, ArrowType resultType,
                         String name) {
        this(kind, args, distinct, filterArg, resultType, name, null);
    }

    public String display() {
        String inner = kind == AggregateKind.COUNT_STAR ? "*"
                : (distinct ? "DISTINCT " : "") + String.join(", ", args.stream().map(a -> "$" + a).toList());
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace("_star", "") + "(" + inner + ")"
                + (filterArg >= 0 ? " FILTER (WHERE $" + filterArg + ")" : "");
    }
}
