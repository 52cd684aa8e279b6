package io.codeanatomy.engine.core.internal.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Orders a wide inner {@link MultiJoin} greedily into a left-deep tree: start from the input with the fewest estimated
 * rows, then repeatedly add the input, connected to those joined so far by some condition, whose join gives the
 * smallest estimated result. An input no condition connects is only added (as a cross product) when none is
 * connected. Each step joins on every condition that its inputs now cover.
 *
 * <p>Why: Calcite's {@code LoptOptimizeJoinRule} builds one complete ordering per input and re-derives row types and
 * metadata for every partial tree it tries, which is fine for TPC-H's eight tables but did not finish in minutes on
 * the 30-64 table comma joins of sqllogictest's select5. This rule takes the MultiJoins above
 * {@link #LOPT_MAX_INPUTS} inputs (inner joins only); Lopt keeps the rest, so narrow plans do not change.
 *
 * <p>It also takes inner joins of two inputs, which it rebuilds as they were: there is no order to choose, and the
 * physical planner picks the side to build by its own cost. Lopt worked through its whole search for each of them
 * (semi-join candidates, an ordering per input, cumulative costs): a fifth of planning the CPG's views, whose unions
 * hold dozens of two-table joins.
 */
final class GreedyJoinOrderRule extends RelRule<RuleConfig> {
    /** The widest MultiJoin left to Calcite's exhaustive-per-start-input heuristic (TPC-H q8 joins eight). */
    static final int LOPT_MAX_INPUTS = 8;

    static RelOptRule create() {
        return RuleConfig.of("GreedyJoinOrder",
                b -> b.operand(MultiJoin.class).predicate(GreedyJoinOrderRule::handles).anyInputs(),
                GreedyJoinOrderRule::new).toRule();
    }

    /**
     * Whether this rule (rather than Lopt) orders {@code join}: wide or of two inputs, all inner, every field kept.
     */
    static boolean handles(MultiJoin join) {
        int inputs = join.getInputs().size();
        return (inputs > LOPT_MAX_INPUTS || inputs == 2) && !join.isFullOuterJoin()
                && join.getJoinTypes().stream().allMatch(t -> t == JoinRelType.INNER)
                && join.getProjFields().stream().allMatch(Objects::isNull);
    }

    private GreedyJoinOrderRule(RuleConfig config) {
        super(config);
    }

    /** One conjunct of the join condition and the inputs it references. */
    private record Condition(RexNode rex, ImmutableBitSet inputs) {}

    @Override
    public void onMatch(RelOptRuleCall call) {
        MultiJoin multi = call.rel(0);
        List<RelNode> inputs = multi.getInputs();
        int n = inputs.size();
        int[] offsets = new int[n + 1];
        int[] inputOfField = new int[multi.getRowType().getFieldCount()];
        for (int i = 0; i < n; i++) {
            offsets[i + 1] = offsets[i] + inputs.get(i).getRowType().getFieldCount();
            Arrays.fill(inputOfField, offsets[i], offsets[i + 1], i);
        }
        List<Condition> pending = new ArrayList<>();
        List<RexNode> constant = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(multi.getJoinFilter())) {
            ImmutableBitSet.Builder used = ImmutableBitSet.builder();
            RelOptUtil.InputFinder.bits(conjunct).forEach(field -> used.set(inputOfField[field]));
            ImmutableBitSet referenced = used.build();
            if (referenced.isEmpty()) {
                constant.add(conjunct);
            } else {
                pending.add(new Condition(conjunct, referenced));
            }
        }
        // two inputs have no order to choose: the physical planner picks the side to build by cost
        int[] order = n == 2 ? new int[] {0, 1} : greedyOrder(inputs, pending, offsets, inputOfField, call.getMetadataQuery());

        // build the left-deep tree; field positions in it follow the join order
        int[] position = new int[offsets[n]];
        int next = 0;
        for (int input : order) {
            for (int f = offsets[input]; f < offsets[input + 1]; f++) {
                position[f] = next++;
            }
        }
        RexShuttle remap = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(position[ref.getIndex()], ref.getType());
            }
        };
        RelBuilder builder = call.builder();
        builder.push(inputs.get(order[0]));
        ImmutableBitSet built = ImmutableBitSet.of(order[0]);
        for (int step = 1; step < n; step++) {
            built = built.set(order[step]);
            List<RexNode> on = new ArrayList<>();
            for (var it = pending.iterator(); it.hasNext(); ) {
                Condition condition = it.next();
                if (built.contains(condition.inputs())) {
                    on.add(condition.rex().accept(remap));
                    it.remove();
                }
            }
            builder.push(inputs.get(order[step]));
            builder.join(JoinRelType.INNER, on);
        }
        List<RexNode> original = new ArrayList<>(offsets[n]);
        for (int f = 0; f < offsets[n]; f++) {
            original.add(builder.field(position[f]));
        }
        builder.project(original, multi.getRowType().getFieldNames(), true);
        List<RexNode> after = new ArrayList<>(constant);
        if (multi.getPostJoinFilter() != null) {
            after.add(multi.getPostJoinFilter());
        }
        if (!after.isEmpty()) {
            builder.filter(after);
        }
        call.transformTo(builder.build());
    }

    /** The inputs in join order: the smallest first, then each step the connected input of the smallest result. */
    private static int[] greedyOrder(List<RelNode> inputs, List<Condition> pending, int[] offsets, int[] inputOfField,
                                     RelMetadataQuery mq) {
        int n = inputs.size();
        double[] rows = new double[n];
        for (int i = 0; i < n; i++) {
            Double estimate = mq.getRowCount(inputs.get(i));
            rows[i] = estimate == null ? 1e6 : Math.max(estimate, 1);
        }
        Map<Integer, Double> distinct = new HashMap<>();
        int[] order = new int[n];
        boolean[] joined = new boolean[n];
        ImmutableBitSet joinedSet = ImmutableBitSet.of();
        double current = 0;
        for (int step = 0; step < n; step++) {
            int best = -1;
            double bestRows = Double.POSITIVE_INFINITY;
            boolean bestConnected = false;
            for (int candidate = 0; candidate < n; candidate++) {
                if (joined[candidate]) {
                    continue;
                }
                double estimate;
                boolean connected = false;
                if (step == 0) {
                    estimate = rows[candidate];
                } else {
                    ImmutableBitSet with = joinedSet.set(candidate);
                    double selectivity = 1;
                    for (Condition condition : pending) {
                        if (condition.inputs().get(candidate) && with.contains(condition.inputs())) {
                            connected |= condition.inputs().cardinality() > 1;
                            selectivity *= selectivity(condition.rex(), mq, inputs, offsets, inputOfField, rows, distinct);
                        }
                    }
                    estimate = current * rows[candidate] * selectivity;
                }
                // connected inputs first; among them (or, with none connected, among all) the smallest result
                if (best < 0 || (connected && !bestConnected) || (connected == bestConnected && estimate < bestRows)) {
                    best = candidate;
                    bestRows = estimate;
                    bestConnected = connected;
                }
            }
            order[step] = best;
            joined[best] = true;
            joinedSet = joinedSet.set(best);
            current = Math.max(bestRows, 1);
        }
        return order;
    }

    /**
     * The estimated fraction of row pairs a condition keeps: {@code 1 / max(distinct values)} for an equality of two
     * columns (the usual containment assumption), Calcite's guess for anything else.
     */
    private static double selectivity(RexNode condition, RelMetadataQuery mq, List<RelNode> inputs, int[] offsets,
                                      int[] inputOfField, double[] rows, Map<Integer, Double> distinct) {
        if (condition.getKind() == SqlKind.EQUALS && condition instanceof RexCall equals
                && equals.getOperands().get(0) instanceof RexInputRef a && equals.getOperands().get(1) instanceof RexInputRef b) {
            double max = Math.max(distinctValues(a.getIndex(), mq, inputs, offsets, inputOfField, rows, distinct),
                    distinctValues(b.getIndex(), mq, inputs, offsets, inputOfField, rows, distinct));
            return 1 / Math.max(max, 1);
        }
        return RelMdUtil.guessSelectivity(condition);
    }

    private static double distinctValues(int field, RelMetadataQuery mq, List<RelNode> inputs, int[] offsets,
                                         int[] inputOfField, double[] rows, Map<Integer, Double> distinct) {
        return distinct.computeIfAbsent(field, f -> {
            int input = inputOfField[f];
            Double ndv = mq.getDistinctRowCount(inputs.get(input), ImmutableBitSet.of(f - offsets[input]), null);
            return ndv == null ? rows[input] : Math.min(ndv, rows[input]);
        });
    }
}
