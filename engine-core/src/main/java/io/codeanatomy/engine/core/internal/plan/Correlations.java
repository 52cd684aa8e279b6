package io.codeanatomy.engine.core.internal.plan;

import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;

/**
 * What the subquery rewrites ask of correlation variables: whether expressions or trees use them, and the outer row's
 * fields they name as input references of the node that produces that row.
 */
final class Correlations {
    private Correlations() {}

    /** Whether any of {@code nodes} (or a subquery inside them) uses one of the correlation variables {@code ids}. */
    static boolean references(List<RexNode> nodes, Set<CorrelationId> ids) {
        boolean[] found = {false};
        RexShuttle finder = new RexShuttle() {
            @Override
            public RexNode visitCorrelVariable(RexCorrelVariable variable) {
                found[0] |= ids.contains(variable.id);
                return variable;
            }

            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                found[0] |= references(subQuery.rel, ids);
                return super.visitSubQuery(subQuery);
            }
        };
        for (RexNode node : nodes) {
            node.accept(finder);
        }
        return found[0];
    }

    /**
     * Whether a rewrite may look through {@code project} to the node below, pushing expressions past it: it uses none
     * of {@code ids}, and computes nothing per set of rows (windows) or per call (random), which the rewritten plan
     * would evaluate at other rows or another number of times.
     */
    static boolean canLookThrough(Project project, Set<CorrelationId> ids) {
        return !references(project.getProjects(), ids) && !RexOver.containsOver(project.getProjects(), null)
                && project.getProjects().stream().allMatch(RexUtil::isDeterministic);
    }

    /** Whether an expression anywhere in the tree {@code rel} (subqueries included) uses one of {@code ids}. */
    static boolean references(RelNode rel, Set<CorrelationId> ids) {
        return !java.util.Collections.disjoint(RelOptUtil.getVariablesUsed(rel), ids);
    }

    /**
     * {@code node} with each field of a variable in {@code ids} ({@code $cor0.x}) replaced by the input reference to
     * that field of {@code outer}, the node whose rows the variables stand for. Check {@link #fieldsMatch} first.
     */
    static RexNode toInputs(RexNode node, Set<CorrelationId> ids, RelNode outer) {
        return node.accept(new RexShuttle() {
            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable variable && ids.contains(variable.id)) {
                    int index = access.getField().getIndex();
                    return new RexInputRef(index, outer.getRowType().getFieldList().get(index).getType());
                }
                return super.visitFieldAccess(access);
            }
        });
    }

    /** Whether each variable of {@code ids} that {@code term} uses is {@code outer}'s row, field for field. */
    static boolean fieldsMatch(RexNode term, Set<CorrelationId> ids, RelNode outer) {
        boolean[] ok = {true};
        term.accept(new RexShuttle() {
            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable variable && ids.contains(variable.id)) {
                    int index = access.getField().getIndex();
                    var fields = outer.getRowType().getFieldList();
                    ok[0] &= variable.getType().getFieldCount() == fields.size() && index < fields.size()
                            && fields.get(index).getName().equals(access.getField().getName());
                }
                return super.visitFieldAccess(access);
            }
        });
        return ok[0];
    }
}
