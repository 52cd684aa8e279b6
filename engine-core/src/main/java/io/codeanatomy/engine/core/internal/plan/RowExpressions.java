package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.PlanningException;
import io.codeanatomy.engine.core.spi.Expression;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;

/**
 * Turns the expressions of a validated {@code SELECT e1, ..., en FROM t} into provider-facing {@link Expression}s
 * over {@code t}'s columns: how UPDATE assignments and DELETE/UPDATE conditions reach tables that change their own
 * rows.
 */
public final class RowExpressions {
    private RowExpressions() {}

    /**
     * @param logical the unoptimized plan of a single-table SELECT
     * @param what    names the statement part in errors, e.g. "DELETE condition"
     */
    public static List<Expression> overScan(RelNode logical, String what) {
        if (!(logical instanceof Project project) || !(project.getInput() instanceof TableScan scan)) {
            throw new PlanningException(what + " must be a plain expression over the table's columns: subqueries and "
                    + "references to other tables are not supported when the table applies the change itself");
        }
        RexToExpression translator = new RexToExpression(new RexBuilder(project.getCluster().getTypeFactory()), scan.getRowType());
        List<Expression> out = new ArrayList<>();
        for (RexNode node : project.getProjects()) {
            out.add(translator.translate(node).orElseThrow(() -> new PlanningException(what + " " + node
                    + " cannot be applied by the table itself (subqueries and non-deterministic functions are not "
                    + "supported there); rewrite it with plain comparisons and functions")));
        }
        return out;
    }
}
