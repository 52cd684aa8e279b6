package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.CatalogException;
import io.codeanatomy.engine.core.spi.planner.PlannerRule;
import io.codeanatomy.engine.core.spi.planner.PlannerRuleRegistrar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The {@link PlannerRuleRegistrar} a session offers while it is built. */
final class SessionPlannerRules implements PlannerRuleRegistrar {
    private final List<PlannerRule> rules = new ArrayList<>();

    @Override
    public void register(PlannerRule rule) {
        if (rules.stream().anyMatch(r -> r.name().equals(rule.name()))) {
            throw new CatalogException("Planner rule '" + rule.name() + "' is already registered");
        }
        rules.add(rule);
    }

    @Override
    public List<PlannerRule> rules() {
        return rules.stream()
                .sorted(Comparator.comparing(PlannerRule::stage).thenComparingInt(PlannerRule::order).thenComparing(PlannerRule::name))
                .toList();
    }
}
