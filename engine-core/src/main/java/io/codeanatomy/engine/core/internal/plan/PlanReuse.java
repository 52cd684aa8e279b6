package io.codeanatomy.engine.core.internal.plan;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;

/**
 * Whether a plan may be kept and run again for the same statement text: it must give the result a fresh plan
 * would. Scans read their provider's current data at every run, so what rules a plan out is what planning fixes:
 * calls that are not deterministic, that read the clock or that are STABLE extension functions ({@code RAND()},
 * {@code CURRENT_DATE}: constant folding would freeze them), and tables a table function bound from its arguments
 * (a provider made at planning may have read its source then).
 */
public final class PlanReuse {
    private PlanReuse() {}

    /** Whether {@code plan} (the logical plan as converted, before optimization) can be reused. */
    public static boolean reusable(RelNode plan) {
        boolean[] refused = {false};
        RexShuttle calls = new RexShuttle() {
            @Override
            public RexNode visitCall(RexCall call) {
                if (!call.getOperator().isDeterministic() || call.getOperator().isDynamicFunction()
                        || FunctionOperators.stable(call.getOperator())) {
                    refused[0] = true;
                    return call;
                }
                return super.visitCall(call);
            }

            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                refused[0] |= !reusable(subQuery.rel);
                return refused[0] ? subQuery : super.visitSubQuery(subQuery);
            }
        };
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (refused[0]) {
                    return;
                }
                if (node instanceof ProviderScan scan) {
                    CatalogSchemas.ProviderTable table = scan.getTable().unwrap(CatalogSchemas.ProviderTable.class);
                    refused[0] = table == null || table.boundByFunction();
                }
                node.accept(calls);
                super.visit(node, ordinal, parent);
            }
        }.go(plan);
        return !refused[0];
    }
}
