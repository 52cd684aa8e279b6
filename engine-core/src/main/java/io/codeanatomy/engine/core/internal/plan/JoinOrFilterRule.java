package io.codeanatomy.engine.core.internal.plan;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Derives, from an inner join condition of the form {@code (a1 AND b1) OR (a2 AND b2) OR ...}, a filter for each
 * input that every branch constrains: {@code a1' OR a2' OR ...} where {@code ai'} are the branch's conjuncts on
 * that input alone (TPC-H q19: the lineitem and part predicates of its three branches). The filter is implied by
 * the condition, so it is added below the join (where it reaches the scan) and the condition stays as it was.
 */
final class JoinOrFilterRule extends RelRule<RuleConfig> {
    static RelOptRule create() {
        return RuleConfig.of("JoinOrFilter", b -> b.operand(Join.class).anyInputs(), JoinOrFilterRule::new).toRule();
    }

    /**
     * Whether some inner join of {@code plan} has a condition with an OR for this rule to work on: most have none, and
     * a phase that cannot match still copies and digests the whole plan, twice with the phase after it.
     */
    static boolean applies(RelNode plan) {
        if (plan instanceof Join join && join.getJoinType() == JoinRelType.INNER
                && RelOptUtil.conjunctions(join.getCondition()).stream()
                        .anyMatch(c -> RelOptUtil.disjunctions(c).size() > 1)) {
            return true;
        }
        return plan.getInputs().stream().anyMatch(JoinOrFilterRule::applies);
    }

    private JoinOrFilterRule(RuleConfig config) {
        super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Join join = call.rel(0);
        if (join.getJoinType() != JoinRelType.INNER) {
            return;
        }
        RexBuilder rexBuilder = join.getCluster().getRexBuilder();
        int leftCount = join.getLeft().getRowType().getFieldCount();
        int total = leftCount + join.getRight().getRowType().getFieldCount();
        ImmutableBitSet leftBits = ImmutableBitSet.range(0, leftCount);
        ImmutableBitSet rightBits = ImmutableBitSet.range(leftCount, total);
        List<RexNode> forLeft = new ArrayList<>();
        List<RexNode> forRight = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(join.getCondition())) {
            List<RexNode> branches = RelOptUtil.disjunctions(conjunct);
            if (branches.size() < 2 || !RexUtil.isDeterministic(conjunct)) {
                continue;
            }
            derive(rexBuilder, branches, leftBits).ifPresent(forLeft::add);
            derive(rexBuilder, branches, rightBits).map(f -> RexUtil.shift(f, -leftCount)).ifPresent(forRight::add);
        }
        RelNode left = withFilters(join.getLeft(), forLeft, rexBuilder);
        RelNode right = withFilters(join.getRight(), forRight, rexBuilder);
        if (left != join.getLeft() || right != join.getRight()) {
            call.transformTo(join.copy(join.getTraitSet(), join.getCondition(), left, right, join.getJoinType(),
                    join.isSemiJoinDone()));
        }
    }

    /** OR over the branches of each branch's conjuncts on {@code side}; empty when some branch has none. */
    private static java.util.Optional<RexNode> derive(RexBuilder rexBuilder, List<RexNode> branches, ImmutableBitSet side) {
        List<RexNode> perBranch = new ArrayList<>();
        for (RexNode branch : branches) {
            List<RexNode> onSide = new ArrayList<>();
            for (RexNode term : RelOptUtil.conjunctions(branch)) {
                ImmutableBitSet used = RelOptUtil.InputFinder.bits(term);
                if (!used.isEmpty() && side.contains(used)) {
                    onSide.add(term);
                }
            }
            if (onSide.isEmpty()) {
                return java.util.Optional.empty();
            }
            perBranch.add(RexUtil.composeConjunction(rexBuilder, onSide));
        }
        return java.util.Optional.of(RexUtil.composeDisjunction(rexBuilder, perBranch));
    }

    /** {@code input} under a filter of the derived conditions it does not already have; itself when none is new. */
    private static RelNode withFilters(RelNode input, List<RexNode> derived, RexBuilder rexBuilder) {
        RelNode current = input.stripped();   // Hep wraps inputs in vertices
        List<RexNode> existing = current instanceof Filter filter ? RelOptUtil.conjunctions(filter.getCondition()) : List.of();
        List<RexNode> fresh = new ArrayList<>();
        for (RexNode condition : derived) {
            if (existing.stream().noneMatch(e -> e.equals(condition))) {
                fresh.add(condition);
            }
        }
        if (fresh.isEmpty()) {
            return input;
        }
        if (current instanceof Filter filter) {
            List<RexNode> all = new ArrayList<>(existing);
            all.addAll(fresh);
            return LogicalFilter.create(filter.getInput(), RexUtil.composeConjunction(rexBuilder, all));
        }
        return LogicalFilter.create(input, RexUtil.composeConjunction(rexBuilder, fresh));
    }
}
