package io.codeanatomy.engine.core.internal.plan;

import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.Strong;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Turns a WHERE conjunct that compares with a correlated scalar subquery, such as TPC-H q17's
 * {@code l_quantity < (SELECT 0.2 * AVG(l_quantity) FROM lineitem WHERE l_partkey = p_partkey)}, into an inner join
 * with the subquery's aggregate grouped by its correlation keys: {@code ... JOIN (SELECT l_partkey, 0.2 * AVG(l_quantity)
 * FROM lineitem GROUP BY l_partkey) ON l_partkey = p_partkey WHERE l_quantity < that value}. Calcite's decorrelator
 * reaches the same plan for these queries, but through a correlate, a reflective rewrite of every node and rule
 * programs of its own: most of the planning of q2, and code that runs cold in the first correlated query a JVM plans.
 *
 * <p>Applies when the subquery is a global aggregate of MIN, MAX, SUM or AVG (any of which is NULL over no rows),
 * under projections that give NULL when it does, over projections and one filter whose correlated conjuncts are
 * equalities between an outer expression and an inner one, over a subtree free of the outer row; and when the
 * conjunct is NULL whenever the subquery is. Semantics: an outer row whose keys match no group would get a NULL
 * subquery and so a conjunct that is not TRUE, which drops it as the inner join does; a matching group aggregates the
 * rows the correlated filter would have kept, one group per key, so the join neither adds nor duplicates rows.
 */
final class ScalarSubQueryToJoinRule extends RelRule<RuleConfig> {
    private static final Set<SqlKind> NULL_WHEN_EMPTY = Set.of(SqlKind.MIN, SqlKind.MAX, SqlKind.SUM, SqlKind.AVG);

    static RelOptRule create() {
        return RuleConfig.of("ScalarSubQueryToJoin",
                b -> b.operand(LogicalFilter.class).predicate(RexUtil.SubQueryFinder::containsSubQuery).anyInputs(),
                ScalarSubQueryToJoinRule::new).toRule();
    }

    private ScalarSubQueryToJoinRule(RuleConfig config) {
        super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Filter filter = call.rel(0);
        Set<CorrelationId> outer = filter.getVariablesSet();
        if (outer.isEmpty()) {
            return;      // no correlated subquery here: Calcite joins an uncorrelated one as one row
        }
        List<RexNode> conjuncts = RelOptUtil.conjunctions(filter.getCondition());
        for (int c = 0; c < conjuncts.size(); c++) {
            RexSubQuery scalar = RexUtil.SubQueryFinder.find(conjuncts.get(c));
            if (scalar == null || scalar.getKind() != SqlKind.SCALAR_QUERY) {
                continue;
            }
            RelNode rewritten = rewrite(call.builder(), filter, conjuncts, c, scalar, outer);
            if (rewritten != null) {
                call.transformTo(rewritten);
                return;      // the Hep program runs the rule again on what is left
            }
        }
    }

    /** The filter with conjunct {@code c} (which holds {@code scalar}) as a join, or null when it does not apply. */
    private static RelNode rewrite(RelBuilder b, Filter filter, List<RexNode> conjuncts, int c, RexSubQuery scalar,
                                   Set<CorrelationId> outer) {
        RelNode left = filter.getInput();
        int leftCount = left.getRowType().getFieldCount();
        // the one output column, as an expression over the aggregate below the projections on top
        RelNode body = scalar.rel;
        RexNode value = RexInputRef.of(0, body.getRowType());
        while (body instanceof Project project && Correlations.canLookThrough(project, outer)) {
            value = RelOptUtil.pushPastProject(value, project);
            body = project.getInput();
        }
        if (!(body instanceof Aggregate aggregate) || aggregate.getGroupCount() != 0
                || aggregate.getGroupType() != Aggregate.Group.SIMPLE
                || !aggregate.getAggCallList().stream().allMatch(ScalarSubQueryToJoinRule::nullWhenEmpty)
                || !Strong.isNull(value, ImmutableBitSet.range(aggregate.getAggCallList().size()))) {
            return null;
        }
        // the aggregate's arguments, as expressions over the filter below the projections under it
        body = aggregate.getInput();
        List<RexNode> arguments = new ArrayList<>();
        for (int i = 0; i < body.getRowType().getFieldCount(); i++) {
            arguments.add(RexInputRef.of(i, body.getRowType()));
        }
        while (body instanceof Project project && Correlations.canLookThrough(project, outer)) {
            arguments = RelOptUtil.pushPastProject(arguments, project);
            body = project.getInput();
        }
        if (!(body instanceof Filter inner) || Correlations.references(inner.getInput(), outer)) {
            return null;
        }
        List<RexNode> outerKeys = new ArrayList<>();
        List<RexNode> innerKeys = new ArrayList<>();
        List<RexNode> plain = new ArrayList<>();
        for (RexNode term : RelOptUtil.conjunctions(inner.getCondition())) {
            if (RexUtil.SubQueryFinder.find(term) != null) {
                return null;
            }
            if (!Correlations.references(List.of(term), outer)) {
                plain.add(term);
            } else if (!correlationKey(term, outer, left, outerKeys, innerKeys)) {
                return null;
            }
        }
        if (outerKeys.isEmpty()) {
            return null;     // not correlated after all: Calcite joins it as one row, no decorrelation needed
        }
        // the conjunct on the joined row, where the subquery's value follows the left input's fields and the keys
        int keys = innerKeys.size();
        RexNode placeholder = replace(conjuncts.get(c), scalar, new RexInputRef(leftCount + keys, scalar.getType()));
        if (RexUtil.SubQueryFinder.find(placeholder) != null
                || !Strong.isNull(placeholder, ImmutableBitSet.of(leftCount + keys))) {
            return null;
        }
        // the subquery per key: SELECT keys, value FROM (inner input WHERE plain) GROUP BY keys
        b.push(inner.getInput());
        if (!plain.isEmpty()) {
            b.filter(plain);
        }
        List<RexNode> projected = new ArrayList<>(innerKeys);
        projected.addAll(arguments);
        b.project(projected);
        List<RelBuilder.AggCall> calls = new ArrayList<>();
        for (AggregateCall aggCall : aggregate.getAggCallList()) {
            List<RexNode> operands = new ArrayList<>();
            aggCall.getArgList().forEach(arg -> operands.add(b.field(keys + arg)));
            calls.add(b.aggregateCall(aggCall.getAggregation(), operands).distinct(aggCall.isDistinct())
                    .approximate(aggCall.isApproximate()).ignoreNulls(aggCall.ignoreNulls()));
        }
        b.aggregate(b.groupKey(ImmutableBitSet.range(keys)), calls);
        List<RexNode> perKey = new ArrayList<>(b.fields(ImmutableBitSet.range(keys)));
        perKey.add(value.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return b.field(keys + ref.getIndex());    // the grouped call's type: no longer NULL over no rows
            }
        }));
        b.project(perKey);
        RelNode right = b.build();
        RexNode compared = replace(conjuncts.get(c), scalar,
                new RexInputRef(leftCount + keys, right.getRowType().getFieldList().get(keys).getType()));
        // (left WHERE the other conjuncts) JOIN per-key ON the keys, the conjunct on the joined row, then the filter's
        // row type again. The other conjuncts stay below, on the row their subqueries' correlation variables stand
        // for; their own subqueries become joins there, under this one, as when Calcite removes them first (TPC-H
        // q20's IN below its scalar subquery: join ordering does not reach across the projection on top).
        RelNode below = left;
        List<RexNode> rest = new ArrayList<>(conjuncts);
        rest.remove(c);
        if (!rest.isEmpty()) {
            RexNode condition = RexUtil.composeConjunction(b.getRexBuilder(), rest);
            below = LogicalFilter.create(left, condition,
                    Correlations.references(rest, outer) ? ImmutableSet.copyOf(outer) : ImmutableSet.of());
        }
        b.push(below).push(right);
        List<RexNode> on = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            on.add(b.equals(outerKeys.get(k), b.field(2, 1, k)));
        }
        b.join(JoinRelType.INNER, on);
        b.filter(compared);
        b.project(b.fields(ImmutableBitSet.range(leftCount)));
        return b.build();
    }

    /**
     * Adds the keys of {@code term} when it is {@code outer expression = inner expression} (either way round), the
     * outer one using the correlation variables only and the inner one not at all; false when it is anything else.
     */
    private static boolean correlationKey(RexNode term, Set<CorrelationId> outer, RelNode left, List<RexNode> outerKeys,
                                          List<RexNode> innerKeys) {
        if (term.getKind() != SqlKind.EQUALS || !Correlations.fieldsMatch(term, outer, left)) {
            return false;
        }
        List<RexNode> sides = ((org.apache.calcite.rex.RexCall) term).getOperands();
        for (int s = 0; s < 2; s++) {
            RexNode outerSide = sides.get(s);
            RexNode innerSide = sides.get(1 - s);
            if (Correlations.references(List.of(outerSide), outer) && !Correlations.references(List.of(innerSide), outer)
                    && RexUtil.containsInputRef(innerSide)) {
                RexNode onLeft = Correlations.toInputs(outerSide, outer, left);
                if (Correlations.references(List.of(onLeft), outer) || RexUtil.containsInputRef(outerSide)) {
                    return false;    // the outer row used whole, or mixed with the subquery's own columns
                }
                outerKeys.add(onLeft);
                innerKeys.add(innerSide);
                return true;
            }
        }
        return false;
    }

    /** {@code conjunct} with {@code scalar} replaced by {@code value}. */
    private static RexNode replace(RexNode conjunct, RexSubQuery scalar, RexNode value) {
        return conjunct.accept(new RexShuttle() {
            @Override
            public RexNode visitSubQuery(RexSubQuery subQuery) {
                return subQuery.equals(scalar) ? value : subQuery;
            }
        });
    }

    private static boolean nullWhenEmpty(AggregateCall call) {
        return NULL_WHEN_EMPTY.contains(call.getAggregation().getKind()) && !call.hasFilter()
                && call.getCollation().getFieldCollations().isEmpty() && call.rexList.isEmpty();
    }
}
