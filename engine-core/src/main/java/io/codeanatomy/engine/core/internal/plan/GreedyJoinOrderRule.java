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
 * Orders an inner {@link MultiJoin} by greedy operator ordering: every input starts as a tree of its own; each step
 * joins the two trees, connected by an equality between their columns, whose join gives the fewest estimated rows; two
 * trees no equality connects are joined (as a cross product) only when no pair is connected. The result may be bushy:
 * TPC-H q7 joins lineitem with its suppliers and orders with their customers before joining the two. Each join takes
 * every condition its inputs now cover; other conditions over several inputs (q7's OR of nation names) go where they
 * are covered, but do not connect trees: a small join on them alone would be picked first and cut the plan in two.
 *
 * <p>Why not Calcite's {@code LoptOptimizeJoinRule}: it builds one complete ordering per input and re-derives row
 * types and cumulative costs for every partial tree it tries. It was about a quarter of the planner's CPU for the 22
 * TPC-H queries and did not finish in minutes on the 30-64 table comma joins of sqllogictest's select5. Lopt keeps
 * the MultiJoins this rule does not take (outer joins, projected fields).
 *
 * <p>Inner joins of two inputs are rebuilt as they were: there is no order to choose, and the physical planner picks
 * the side to build by its own cost.
 */
final class GreedyJoinOrderRule extends RelRule<RuleConfig> {
    static RelOptRule create() {
        return RuleConfig.of("GreedyJoinOrder",
                b -> b.operand(MultiJoin.class).predicate(GreedyJoinOrderRule::handles).anyInputs(),
                GreedyJoinOrderRule::new).toRule();
    }

    /** Whether this rule (rather than Lopt) orders {@code join}: all inner, every field kept. */
    static boolean handles(MultiJoin join) {
        return !join.isFullOuterJoin() && join.getJoinTypes().stream().allMatch(t -> t == JoinRelType.INNER)
                && join.getProjFields().stream().allMatch(Objects::isNull);
    }

    private GreedyJoinOrderRule(RuleConfig config) {
        super(config);
    }

    /** One conjunct of the join condition, the inputs it references, and whether it connects two trees. */
    private record Condition(RexNode rex, ImmutableBitSet inputs, boolean equiJoin) {}

    /** A join tree: one input, or two trees joined. */
    private sealed interface Tree {
        ImmutableBitSet inputs();

        double rows();
    }

    private record Leaf(int input, ImmutableBitSet inputs, double rows) implements Tree {}

    private record Joined(Tree left, Tree right, ImmutableBitSet inputs, double rows) implements Tree {}

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
        List<Condition> conditions = new ArrayList<>();
        List<RexNode> constant = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(multi.getJoinFilter())) {
            ImmutableBitSet.Builder used = ImmutableBitSet.builder();
            RelOptUtil.InputFinder.bits(conjunct).forEach(field -> used.set(inputOfField[field]));
            ImmutableBitSet referenced = used.build();
            if (referenced.isEmpty()) {
                constant.add(conjunct);
            } else {
                boolean equiJoin = referenced.cardinality() == 2 && isEquiJoin(conjunct);
                conditions.add(new Condition(conjunct, referenced, equiJoin));
            }
        }
        Tree tree = n == 2
                ? new Joined(leaf(0, 1), leaf(1, 1), ImmutableBitSet.range(2), 1)
                : new Ordering(inputs, conditions, offsets, inputOfField, call.getMetadataQuery()).order();

        RelBuilder builder = call.builder();
        int[] position = positions(build(tree, builder, inputs, conditions, offsets), offsets[n]);
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

    private static Leaf leaf(int input, double rows) {
        return new Leaf(input, ImmutableBitSet.of(input), rows);
    }

    /** The output position of each of the MultiJoin's {@code width} fields, from the field at each position. */
    private static int[] positions(int[] fields, int width) {
        int[] position = new int[width];
        for (int p = 0; p < fields.length; p++) {
            position[fields[p]] = p;
        }
        return position;
    }

    /** An equality of two columns, the kind of condition a hash join's keys are made of. */
    private static boolean isEquiJoin(RexNode conjunct) {
        return (conjunct.getKind() == SqlKind.EQUALS || conjunct.getKind() == SqlKind.IS_NOT_DISTINCT_FROM)
                && conjunct instanceof RexCall call && call.getOperands().get(0) instanceof RexInputRef
                && call.getOperands().get(1) instanceof RexInputRef;
    }

    /**
     * Pushes {@code tree}, built, onto {@code builder}, each join with the conditions that its inputs cover and its
     * two sides do not; returns the original field (of the MultiJoin) at each of its output positions.
     */
    private static int[] build(Tree tree, RelBuilder builder, List<RelNode> inputs, List<Condition> conditions,
                               int[] offsets) {
        return switch (tree) {
            case Leaf leaf -> {
                builder.push(inputs.get(leaf.input()));
                int[] fields = new int[offsets[leaf.input() + 1] - offsets[leaf.input()]];
                Arrays.setAll(fields, f -> offsets[leaf.input()] + f);
                yield fields;
            }
            case Joined joined -> {
                int[] left = build(joined.left(), builder, inputs, conditions, offsets);
                int[] right = build(joined.right(), builder, inputs, conditions, offsets);
                int[] fields = Arrays.copyOf(left, left.length + right.length);
                System.arraycopy(right, 0, fields, left.length, right.length);
                int[] position = positions(fields, offsets[offsets.length - 1]);
                RexShuttle remap = new RexShuttle() {
                    @Override
                    public RexNode visitInputRef(RexInputRef ref) {
                        return new RexInputRef(position[ref.getIndex()], ref.getType());
                    }
                };
                List<RexNode> on = new ArrayList<>();
                for (Condition condition : conditions) {
                    ImmutableBitSet used = condition.inputs();
                    if (joined.inputs().contains(used) && !joined.left().inputs().contains(used)
                            && !joined.right().inputs().contains(used)) {
                        on.add(condition.rex().accept(remap));
                    }
                }
                builder.join(JoinRelType.INNER, on);
                yield fields;
            }
        };
    }

    /** Greedy operator ordering over one MultiJoin's inputs, with the estimates it asks for kept. */
    private static final class Ordering {
        private final List<RelNode> inputs;
        private final List<Condition> conditions;
        private final int[] offsets;
        private final int[] inputOfField;
        private final RelMetadataQuery mq;
        private final double[] rows;
        private final Map<Integer, Double> distinct = new HashMap<>();
        private final double[] selectivity;

        Ordering(List<RelNode> inputs, List<Condition> conditions, int[] offsets, int[] inputOfField,
                 RelMetadataQuery mq) {
            this.inputs = inputs;
            this.conditions = conditions;
            this.offsets = offsets;
            this.inputOfField = inputOfField;
            this.mq = mq;
            this.rows = new double[inputs.size()];
            for (int i = 0; i < rows.length; i++) {
                Double estimate = mq.getRowCount(inputs.get(i));
                rows[i] = estimate == null ? 1e6 : Math.max(estimate, 1);
            }
            this.selectivity = new double[conditions.size()];
            for (int c = 0; c < selectivity.length; c++) {
                selectivity[c] = selectivity(conditions.get(c).rex());
            }
        }

        /**
         * Joins trees until one is left: each step the connected pair with the fewest estimated rows (ties to the
         * first pair found, so the order is deterministic), or, with no pair connected, the pair of smallest product.
         * The larger side goes left, the side a hash join probes with.
         *
         * <p>Of several equalities between two trees only the most selective counts: multiplying them assumes the
         * columns independent, and a composite key is not (TPC-H q20 joins partsupp on part and supplier; the product
         * estimated that join at a few rows, ordered it first, and the query ran six times longer).
         */
        Tree order() {
            List<Tree> trees = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                trees.add(leaf(i, rows[i]));
            }
            while (trees.size() > 1) {
                int bestA = -1;
                int bestB = -1;
                double bestRows = Double.POSITIVE_INFINITY;
                boolean bestConnected = false;
                for (int a = 0; a < trees.size(); a++) {
                    for (int b = a + 1; b < trees.size(); b++) {
                        Tree x = trees.get(a);
                        Tree y = trees.get(b);
                        ImmutableBitSet both = x.inputs().union(y.inputs());
                        boolean connected = false;
                        double keys = 1;        // the most selective equality's
                        double others = 1;
                        for (int c = 0; c < selectivity.length; c++) {
                            ImmutableBitSet used = conditions.get(c).inputs();
                            if (both.contains(used) && !x.inputs().contains(used) && !y.inputs().contains(used)) {
                                if (conditions.get(c).equiJoin()) {
                                    connected = true;
                                    keys = Math.min(keys, selectivity[c]);
                                } else {
                                    others *= selectivity[c];
                                }
                            }
                        }
                        double estimate = x.rows() * y.rows() * keys * others;
                        if (bestA < 0 || (connected && !bestConnected)
                                || (connected == bestConnected && estimate < bestRows)) {
                            bestA = a;
                            bestB = b;
                            bestRows = estimate;
                            bestConnected = connected;
                        }
                    }
                }
                Tree x = trees.get(bestA);
                Tree y = trees.get(bestB);
                Tree probe = x.rows() >= y.rows() ? x : y;
                Tree build = probe == x ? y : x;
                trees.remove(bestB);
                trees.set(bestA, new Joined(probe, build, x.inputs().union(y.inputs()), Math.max(bestRows, 1)));
            }
            return trees.get(0);
        }

        /**
         * The estimated fraction of row pairs a condition keeps: {@code 1 / max(distinct values)} for an equality of
         * two columns (the usual containment assumption), Calcite's guess for anything else.
         */
        private double selectivity(RexNode condition) {
            if (condition.getKind() == SqlKind.EQUALS && condition instanceof RexCall equals
                    && equals.getOperands().get(0) instanceof RexInputRef a
                    && equals.getOperands().get(1) instanceof RexInputRef b) {
                double max = Math.max(distinctValues(a.getIndex()), distinctValues(b.getIndex()));
                return 1 / Math.max(max, 1);
            }
            return RelMdUtil.guessSelectivity(condition);
        }

        private double distinctValues(int field) {
            return distinct.computeIfAbsent(field, f -> {
                int input = inputOfField[f];
                Double ndv = mq.getDistinctRowCount(inputs.get(input), ImmutableBitSet.of(f - offsets[input]), null);
                return ndv == null ? rows[input] : Math.min(ndv, rows[input]);
            });
        }
    }
}
