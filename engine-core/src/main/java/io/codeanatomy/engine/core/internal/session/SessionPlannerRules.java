package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.CatalogException;
import io.codeanatomy.engine.core.spi.planner.PlannerRule;
import io.codeanatomy.engine.core.spi.planner.PlannerRuleRegistrar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.codeanatomy.engine.core.internal.plan.PlannerPorts;
import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.spi.planner.ExprPlanner;
import io.codeanatomy.engine.core.spi.planner.RelationPlanner;

/** The {@link PlannerRuleRegistrar} a session offers while it is built. */
final class SessionPlannerRules implements PlannerRuleRegistrar {
    private final List<PlannerRule> rules = new ArrayList<>();
    private final Map<String, ExprPlanner> exprPlanners = new LinkedHashMap<>();
    private final Map<String, PlannerPorts.Relation> relations = new LinkedHashMap<>();

    @Override
    public void register(PlannerRule rule) {
        if (rules.stream().anyMatch(r -> r.name().equals(rule.name()))) {
            throw new CatalogException("Planner rule '" + rule.name() + "' is already registered");
        }
        rules.add(rule);
    }

    @Override
    public void registerExprPlanner(String function, ExprPlanner planner) {
        String key = function.toLowerCase(Locale.ROOT);
        if (exprPlanners.putIfAbsent(key, java.util.Objects.requireNonNull(planner, "planner")) != null) {
            throw new CatalogException("An expression planner for '" + key + "' is already registered");
        }
    }

    @Override
    public void registerRelationPlanner(String name, List<TableFunction.Parameter> parameters, RelationPlanner planner) {
        String key = name.toLowerCase(Locale.ROOT);
        if (relations.putIfAbsent(key, new PlannerPorts.Relation(key, parameters, planner)) != null) {
            throw new CatalogException("A relation planner named '" + key + "' is already registered");
        }
    }

    PlannerPorts ports() {
        return new PlannerPorts(rules(), exprPlanners, relations);
    }

    @Override
    public List<PlannerRule> rules() {
        return rules.stream()
                .sorted(Comparator.comparing(PlannerRule::stage).thenComparingInt(PlannerRule::order).thenComparing(PlannerRule::name))
                .toList();
    }
}
