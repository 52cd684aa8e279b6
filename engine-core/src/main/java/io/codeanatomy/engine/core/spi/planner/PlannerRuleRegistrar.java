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
}
