package io.codeanatomy.engine.core.plan;

import java.util.List;
import java.util.Objects;

/**
 * One operator of a plan tree.
 *
 * @param operator    e.g. {@code LogicalFilter}, {@code HashJoin}
 * @param fields      output column names
 * @param expressions the operator's attributes as text ({@code condition=>($2, 30)}), in display order
 * @param children    inputs, in order
 * @since 0.1
 */
public record PlanNode(String operator, List<String> fields, List<String> expressions, List<PlanNode> children) {
    public PlanNode {
        Objects.requireNonNull(operator, "operator");
        fields = List.copyOf(fields);
        expressions = List.copyOf(expressions);
        children = List.copyOf(children);
    }
}
