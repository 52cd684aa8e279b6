package io.codeanatomy.engine.core.internal.plan;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Turns correlated {@code [NOT] EXISTS} and {@code IN} subqueries that are conjuncts of a WHERE clause into semi and anti joins
 * whose condition is the subquery's correlated predicate, before Calcite's decorrelator sees them. The decorrelator
 * would instead join the subquery to the distinct values of every outer column it references, then join that back:
 * TPC-H q21 computed its outer four-way join three times that way, and q4 hashed the distinct order keys of six
 * million lineitems. A semi join only needs one hash table, on whichever side is smaller (RIGHT_SEMI when it is the
 * outer one), and its residual handles non-equi correlations such as q21's {@code l2.l_suppkey <> l1.l_suppkey}.
 *
 * <p>Applies when the subquery is correlated and is projections and one filter over a subtree that does not mention
 * the outer row; only the filter's conjuncts may be correlated. {@code NOT IN} is left alone: its NULL semantics are not an anti
 * join's. Semantics: a WHERE conjunct keeps a row when it is TRUE; {@code EXISTS} is TRUE iff some subquery row
 * satisfies the correlated predicate, {@code x IN (q)} iff some row of q equals x, and NOT EXISTS iff none does,
 * which is exactly what SEMI and ANTI joins with that condition return.
 */
final class SubQueryToSemiJoinRule extends RelRule<RuleConfig> {
    static RelOptRule create() {
        return RuleConfig.of("SubQueryToSemiJoin",
                b -> b.operand(LogicalFilter.class).predicate(RexUtil.SubQueryFinder::containsSubQuery).anyInputs(),
                SubQueryToSemiJoinRule::new).toRule();
    }

    private SubQueryToSemiJoinRule(RuleConfig config) {
        super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Filter filter = call.rel(0);
        RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
        Set<CorrelationId> outer = filter.getVariablesSet();
        RelNode input = filter.getInput();
        List<RexNode> rest = new ArrayList<>();
        List<SemiJoin> joins = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
            SemiJoin join = semiJoin(conjunct, input, outer, rexBuilder);
            if (join == null) {
                rest.add(conjunct);
            } else {
                joins.add(join);
            }
        }
        if (joins.isEmpty()) {
            return;
        }
        RelNode current = input;
        if (!rest.isEmpty()) {
            RexNode condition = RexUtil.composeConjunction(rexBuilder, rest);
            boolean correlated = RexUtil.SubQueryFinder.find(condition) != null;
            current = LogicalFilter.create(input, condition, correlated ? ImmutableSet.copyOf(outer) : ImmutableSet.of());
        }
        for (SemiJoin join : joins) {
            current = LogicalJoin.create(current, join.right(), ImmutableList.of(), join.condition(), ImmutableSet.of(),
                    join.anti() ? JoinRelType.ANTI : JoinRelType.SEMI);
        }
        call.transformTo(current);
    }

    private record SemiJoin(RelNode right, RexNode condition, boolean anti) {}

    /** The semi (or anti) join {@code conjunct} amounts to over {@code left}, or null when it is not one. */
    private static SemiJoin semiJoin(RexNode conjunct, RelNode left, Set<CorrelationId> outer, RexBuilder rexBuilder) {
        boolean anti = false;
        RexNode node = conjunct;
        if (node.getKind() == SqlKind.NOT) {
            anti = true;
            node = ((RexCall) node).getOperands().getFirst();
        }
        if (!(node instanceof RexSubQuery subQuery)
                || !(subQuery.getKind() == SqlKind.EXISTS || subQuery.getKind() == SqlKind.IN && !anti)) {
            return null;
        }
        // the subquery's output columns, as expressions over the node the projections are peeled off down to
        RelNode body = subQuery.rel;
        List<RexNode> outputs = new ArrayList<>();
        for (int i = 0; i < body.getRowType().getFieldCount(); i++) {
            outputs.add(RexInputRef.of(i, body.getRowType()));
        }
        // projections are peeled off unless they compute per set (windows) or per call (random): the join condition
        // would then evaluate them once per candidate pair
        while (body instanceof Project project && Correlations.canLookThrough(project, outer)) {
            List<RexNode> below = new ArrayList<>();
            for (RexNode output : outputs) {
                below.add(RelOptUtil.pushPastProject(output, project));
            }
            outputs = below;
            body = project.getInput();
        }
        List<RexNode> correlated = new ArrayList<>();
        if (body instanceof Filter inner) {
            List<RexNode> plain = new ArrayList<>();
            for (RexNode term : RelOptUtil.conjunctions(inner.getCondition())) {
                (Correlations.references(List.of(term), outer) ? correlated : plain).add(term);
            }
            if (!correlated.isEmpty()) {
                if (correlated.stream().anyMatch(t -> RexUtil.SubQueryFinder.find(t) != null)) {
                    return null;
                }
                body = plain.isEmpty() ? inner.getInput()
                        : LogicalFilter.create(inner.getInput(), RexUtil.composeConjunction(rexBuilder, plain), ImmutableSet.copyOf(inner.getVariablesSet()));
            }
        }
        if (Correlations.references(body, outer) || correlated.isEmpty()) {
            // correlated deeper than one filter; or not correlated: Calcite joins an uncorrelated IN to the distinct
            // values of its subquery, and join ordering can then start from those when they are few (TPC-H q18),
            // where a semi join would stay above every inner join
            return null;
        }
        int leftCount = left.getRowType().getFieldCount();
        List<RexNode> condition = new ArrayList<>();
        if (subQuery.getKind() == SqlKind.IN) {
            if (subQuery.getOperands().size() != outputs.size() || Correlations.references(subQuery.getOperands(), outer)) {
                return null;
            }
            for (int i = 0; i < outputs.size(); i++) {
                condition.add(rexBuilder.makeCall(SqlStdOperatorTable.EQUALS, subQuery.getOperands().get(i),
                        RexUtil.shift(outputs.get(i), leftCount)));
            }
        }
        for (RexNode term : correlated) {
            RexNode onJoin = Correlations.toInputs(RexUtil.shift(term, leftCount), outer, left);
            if (Correlations.references(List.of(onJoin), outer)) {
                return null;     // the outer row used whole, not field by field
            }
            condition.add(onJoin);
        }
        // the correlation variable must be the left input's row, field for field
        for (RexNode term : correlated) {
            if (!Correlations.fieldsMatch(term, outer, left)) {
                return null;
            }
        }
        return new SemiJoin(body, RexUtil.composeConjunction(rexBuilder, condition), anti);
    }
}
