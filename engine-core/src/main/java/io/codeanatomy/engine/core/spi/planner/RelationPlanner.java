package io.codeanatomy.engine.core.spi.planner;

import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.tools.RelBuilder;

/**
 * Plans a custom relation, used in FROM as a table function ({@code FROM TABLE(my_relation('a', 2))}), into a
 * logical plan built with Calcite's {@link RelBuilder} over the session's tables, so the optimizer sees through it
 * (unlike a table function backed by a provider, which is opaque).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface RelationPlanner {
    /**
     * @param arguments the constant arguments, one per declared parameter (null when an optional one is omitted)
     * @param builder   a builder whose {@code scan(schema, table)} reads the session's tables
     */
    RelNode plan(List<Object> arguments, RelBuilder builder);
}
