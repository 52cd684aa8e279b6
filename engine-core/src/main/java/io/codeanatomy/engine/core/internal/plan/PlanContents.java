package io.codeanatomy.engine.core.internal.plan;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;

/**
 * What a logical plan contains that decides which optimizer phases can do anything: joins, window functions,
 * subqueries (a subquery's own plan is inside its expression, so one that has none at the top has none at all),
 * correlates (from subqueries, or LATERAL joins), which only the decorrelator removes.
 */
record PlanContents(boolean joins, boolean windows, boolean subqueries, boolean correlates) {

    static PlanContents of(RelNode plan) {
        boolean[] found = new boolean[4];
        RexShuttle subqueries = new RexShuttle() {
            @Override
            public org.apache.calcite.rex.RexNode visitSubQuery(RexSubQuery subQuery) {
                found[2] = true;
                return subQuery;
            }
        };
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                found[0] |= node instanceof Join;
                found[3] |= node instanceof org.apache.calcite.rel.core.Correlate;
                found[1] |= node instanceof Project project && RexOver.containsOver(project.getProjects(), null);
                if (!found[2]) {
                    node.accept(subqueries);
                }
                super.visit(node, ordinal, parent);
            }
        }.go(plan);
        return new PlanContents(found[0], found[1], found[2], found[3]);
    }
}
