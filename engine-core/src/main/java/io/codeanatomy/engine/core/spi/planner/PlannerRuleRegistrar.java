package io.codeanatomy.engine.core.spi.planner;

import java.util.List;

/**
 * Where extensions add optimizer rules while a session is built.
 *
 * @since 0.1
 */
public interface PlannerRuleRegistrar {
    /** @throws io.codeanatomy.engine.core.CatalogException if a rule of that name is already registered */
    void register(PlannerRule rule);

    /** The registered rules in the order they run. */
    List<PlannerRule> rules();

    /** Plans calls of {@code function} (a registered function's name, lower case) with {@code planner}. */
    void registerExprPlanner(String function, ExprPlanner planner);

    /**
     * Adds a relation usable in FROM as {@code TABLE(name(args...))}, planned by {@code planner}.
     *
     * @param parameters the constant parameters, as for table functions
     */
    void registerRelationPlanner(String name, List<io.codeanatomy.engine.core.spi.TableFunction.Parameter> parameters,
                                 RelationPlanner planner);
}
