package io.codeanatomy.engine.core.spi.planner;

import java.util.Objects;
import org.apache.calcite.plan.RelOptRule;

/**
 * A rule an extension adds to the optimizer. {@link Stage#POLICY} rules run on the logical plan after the
 * engine's own rewrites (e.g. to forbid or rewrite access to tables); {@link Stage#PHYSICAL} rules run last, on the
 * plan the physical planner will translate (after pushdown). Within a stage rules run in ascending {@code order},
 * then by name, each as its own step, so the declared order is the applied order. Every application is traced.
 *
 * @param name  unique, e.g. {@code codeanatomy.ext.redactSecrets}
 * @param stage where the rule runs
 * @param order position within the stage
 * @param rule  the Calcite rule
 * @since 0.1
 */
public record PlannerRule(String name, Stage stage, int order, RelOptRule rule) {
    public enum Stage { POLICY, PHYSICAL }

    public PlannerRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(rule, "rule");
    }
}
