package io.codeanatomy.engine.core.spi.planner;

import java.util.List;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;

/**
 * Plans calls of one function into other expressions before optimization, e.g. {@code span_contains(a, b, c, d)}
 * into {@code a <= c AND d <= b}, so that the optimizer and providers see plain comparisons they can push down.
 * The function must also be registered (so SQL validates); a planner that returns null keeps the call.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ExprPlanner {
    /**
     * @param arguments the call's arguments, already planned
     * @return the replacement, of the call's type, or null to keep the call
     */
    RexNode plan(List<RexNode> arguments, RexBuilder rexBuilder);
}
