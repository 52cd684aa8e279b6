package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.spi.planner.ExprPlanner;
import io.codeanatomy.engine.core.spi.planner.PlannerRule;
import io.codeanatomy.engine.core.spi.planner.RelationPlanner;
import java.util.List;
import java.util.Map;

/** What extensions plugged into a session's planner: rules, expression planners and relation planners. */
public record PlannerPorts(List<PlannerRule> rules, Map<String, ExprPlanner> exprPlanners, Map<String, Relation> relations) {
    public static final PlannerPorts NONE = new PlannerPorts(List.of(), Map.of(), Map.of());

    /** A relation planner with its name and constant parameters. */
    public record Relation(String name, List<TableFunction.Parameter> parameters, RelationPlanner planner) {
        public Relation {
            parameters = List.copyOf(parameters);
        }
    }

    public PlannerPorts {
        rules = List.copyOf(rules);
        exprPlanners = Map.copyOf(exprPlanners);
        relations = Map.copyOf(relations);
    }
}
