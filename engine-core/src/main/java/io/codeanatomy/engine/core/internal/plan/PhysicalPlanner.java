package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.PlanningException;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.agg.AggregateCall;
import io.codeanatomy.engine.core.internal.exec.agg.AggregateKind;
import io.codeanatomy.engine.core.internal.exec.expr.ColumnRef;
import io.codeanatomy.engine.core.internal.exec.op.FilterNode;
import io.codeanatomy.engine.core.internal.exec.op.HashJoinNode;
import io.codeanatomy.engine.core.internal.exec.op.ParallelNode;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.internal.exec.op.UnionAllNode;
import io.codeanatomy.engine.core.internal.exec.op.WindowNode;
import io.codeanatomy.engine.core.internal.exec.op.HashAggregateNode;
import io.codeanatomy.engine.core.internal.exec.op.LimitNode;
import io.codeanatomy.engine.core.internal.exec.op.ProjectNode;
import io.codeanatomy.engine.core.internal.exec.op.ScanNode;
import io.codeanatomy.engine.core.internal.exec.op.SharedResultNode;
import io.codeanatomy.engine.core.internal.exec.op.SortKey;
import io.codeanatomy.engine.core.internal.exec.op.SortNode;
import io.codeanatomy.engine.core.internal.exec.op.ValuesNode;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.FilterSupport;
import io.codeanatomy.engine.core.spi.ScanRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import io.codeanatomy.engine.core.plan.JoinChoice;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.JoinCommuteRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.SqlKind;

/**
 * Turns an optimized logical plan into the engine's physical operators. The mapping is one to one where an operator
 * exists; a plan shape without one is a {@link PlanningException} naming the shape.
 */
public final class PhysicalPlanner {
    private final RexBuilder rexBuilder;
    private final SessionView session;
    private final int degree;
    private final BuildHints hints;
    private final List<JoinChoice> joinChoices = new ArrayList<>();

    public PhysicalPlanner(RexBuilder rexBuilder, SessionView session, BuildHints hints) {
        this.rexBuilder = rexBuilder;
        this.session = session;
        this.degree = workers(session.profile().execution());
        this.hints = hints;
    }

    /** Memory a pipeline worker may hold at once (its batches in flight, its partial groups), for sizing regions. */
    static final long WORKER_MEMORY_BYTES = 32L << 20;

    /** Workers per parallel region: the target partitions, fewer when the query memory limit cannot feed them all. */
    static int workers(io.codeanatomy.engine.core.ExecutionOptions execution) {
        return (int) Math.max(1, Math.min(execution.targetPartitions(), execution.memoryLimitBytes() / WORKER_MEMORY_BYTES));
    }

    /** The build-side choice of every join planned so far, in the order they were planned (pre-order). */
    public List<JoinChoice> joinChoices() {
        return List.copyOf(joinChoices);
    }

    /** The physical plan of a whole query. */
    public PhysicalNode planQuery(RelNode rel) {
        countReads(rel);
        return parallel(plan(rel));
    }

    /** Aggregations estimated at no more rows than this are computed once when a query reads them more than once. */
    static final double SHARED_RESULT_MAX_ROWS = 1_000_000;

    // each aggregation that may be read at several places -> its canonical text (made once); text -> how many
    // places read it; and the node planned for a text read more than once
    private final Map<RelNode, String> aggregateTexts = new java.util.IdentityHashMap<>();
    private final Map<String, Integer> aggregateReads = new java.util.HashMap<>();
    private final Map<String, PhysicalNode> sharedResults = new java.util.HashMap<>();

    /**
     * Counts the places that read each aggregation. The canonical text spells out an aggregation's whole subtree
     * (a fifth of physical planning when made for every aggregation), so it is made only for aggregations whose
     * output, grouping and calls another one of the query has too: only those can be the same subplan.
     */
    private void countReads(RelNode rel) {
        Map<String, List<Aggregate>> byShape = new HashMap<>();
        new org.apache.calcite.rel.RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof Aggregate aggregate) {
                    String shape = aggregate.getRowType().getFullTypeString() + aggregate.getGroupSets()
                            + aggregate.getAggCallList();
                    byShape.computeIfAbsent(shape, k -> new ArrayList<>()).add(aggregate);
                }
                super.visit(node, ordinal, parent);
            }
        }.go(rel);
        for (List<Aggregate> alike : byShape.values()) {
            if (alike.size() < 2) {
                continue;
            }
            for (Aggregate aggregate : alike) {
                String text = PlanDigests.canonicalText(aggregate);
                aggregateTexts.put(aggregate, text);
                aggregateReads.merge(text, 1, Integer::sum);
            }
        }
    }

    /** Whether every expression of {@code rel}'s subtree gives the same value each time (no random(), no now()). */
    private static boolean deterministic(RelNode rel) {
        boolean[] deterministic = {true};
        org.apache.calcite.rex.RexShuttle calls = new org.apache.calcite.rex.RexShuttle() {
            @Override
            public RexNode visitCall(org.apache.calcite.rex.RexCall call) {
                deterministic[0] &= call.getOperator().isDeterministic() && !call.getOperator().isDynamicFunction();
                return super.visitCall(call);
            }
        };
        new org.apache.calcite.rel.RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                node.accept(calls);
                super.visit(node, ordinal, parent);
            }
        }.go(rel);
        return deterministic[0];
    }

    /**
     * An aggregation the query reads at several places (the same subplan, by its canonical text), planned once under
     * a {@link SharedResultNode} that computes it once per run; null for one read once, a large one, or one whose
     * value may differ between reads (correlation variables, random(), now()).
     */
    private PhysicalNode shared(Aggregate aggregate) {
        String text = aggregateTexts.get(aggregate);
        int reads = text == null ? 0 : aggregateReads.get(text);
        if (reads < 2 || text.contains("$cor")) {
            return null;
        }
        PhysicalNode planned = sharedResults.get(text);
        if (planned == null) {
            Double rows = aggregate.getCluster().getMetadataQuery().getRowCount(aggregate);
            if (rows == null || rows > SHARED_RESULT_MAX_ROWS || !deterministic(aggregate)) {
                return null;
            }
            planned = new SharedResultNode(aggregate(aggregate), reads);
            sharedResults.put(text, planned);
        }
        return planned;
    }

    /**
     * A pipeline that feeds a breaker (an aggregation, sort, window, join build, union or the query's output) run by
     * the profile's target partitions, when its scan has at least two batches per worker (or an unknown size).
     */
    private PhysicalNode parallel(PhysicalNode node) {
        return parallel(node, false);
    }

    /** {@link #parallel(PhysicalNode)}, where {@code node} may be the partial phase of a split aggregation. */
    private PhysicalNode parallel(PhysicalNode node, boolean partialAggregate) {
        long minRows = 2L * degree * session.profile().execution().batchSize();
        return ParallelNode.wrap(node, degree, minRows,
                scan -> scan.provider().statistics(session).rowCount().orElse(Long.MAX_VALUE), partialAggregate);
    }

    PhysicalNode plan(RelNode rel) {
        return switch (rel) {
            case ProviderScan scan -> scan(scan);
            case Filter filter -> new FilterNode(plan(filter.getInput()), compiler(filter.getInput())
                    .compile(ConjunctOrder.cheapestFirst(filter.getCondition(), filter.getInput(), rexBuilder)));
            case Project project -> project(project);
            case Aggregate aggregate -> {
                PhysicalNode shared = shared(aggregate);
                yield shared != null ? shared : aggregate(aggregate);
            }
            case Sort sort -> sort(sort);
            case Values values -> values(values);
            case Join join -> join(join, null, null);
            case Window window -> window(window);
            case Union union when union.all -> new UnionAllNode(union.getInputs().stream().map(i -> parallel(plan(i))).toList(),
                    schema(union.getRowType()));
            default -> throw new PlanningException("The engine cannot execute " + rel.getRelTypeName()
                    + " yet (plan: " + rel.explain().strip() + ")");
        };
    }

    /**
     * A projection; over a join, the join emits only the columns it reads (in its order, when it only picks columns:
     * then no projection runs at all). The last trimming pass ({@link ColumnPruner}) puts one over every join whose
     * parent reads fewer columns than it joins: a chain of joins no longer copies each key to the top.
     */
    private PhysicalNode project(Project project) {
        List<RexNode> exprs = project.getProjects();
        if (project.getInput() instanceof Join join) {
            if (exprs.stream().allMatch(e -> e instanceof RexInputRef)) {
                int[] output = exprs.stream().mapToInt(e -> ((RexInputRef) e).getIndex()).toArray();
                return join(join, output, schema(project.getRowType()));
            }
            org.apache.calcite.util.ImmutableBitSet used = RelOptUtil.InputFinder.bits(exprs, null);
            int width = join.getRowType().getFieldCount();
            if (!used.isEmpty() && used.cardinality() < width) {
                int[] output = used.toArray();
                int[] position = new int[width];
                List<RelDataTypeField> fields = new ArrayList<>();
                for (int i = 0; i < output.length; i++) {
                    position[output[i]] = i;
                    fields.add(join.getRowType().getFieldList().get(output[i]));
                }
                RelDataType narrowed = join.getCluster().getTypeFactory().createStructType(fields);
                List<RexNode> remapped = new ArrayList<>();
                for (RexNode expr : exprs) {
                    remapped.add(expr.accept(new org.apache.calcite.rex.RexShuttle() {
                        @Override
                        public RexNode visitInputRef(RexInputRef ref) {
                            return new RexInputRef(position[ref.getIndex()], ref.getType());
                        }
                    }));
                }
                return new ProjectNode(join(join, output, schema(narrowed)),
                        new RexCompiler(rexBuilder, narrowed).compileList(remapped), schema(project.getRowType()));
            }
        }
        return new ProjectNode(plan(project.getInput()), compiler(project.getInput()).compileList(exprs),
                schema(project.getRowType()));
    }

    private PhysicalNode window(Window window) {
        RelDataType inputType = window.getInput().getRowType();
        int inputCount = inputType.getFieldCount();
        List<Object> constants = new ArrayList<>();
        List<org.apache.arrow.vector.types.pojo.ArrowType> constantTypes = new ArrayList<>();
        for (RexLiteral constant : window.constants) {
            var literal = RexCompiler.literal(constant);
            constants.add(literal.value());
            constantTypes.add(literal.type());
        }
        List<WindowNode.Group> groups = new ArrayList<>();
        for (Window.Group group : window.groups) {
            List<SortKey> orderKeys = new ArrayList<>();
            for (RelFieldCollation collation : group.orderKeys.getFieldCollations()) {
                int index = collation.getFieldIndex();
                RelDataType type = inputType.getFieldList().get(index).getType();
                boolean descending = collation.getDirection().isDescending();
                boolean nullsFirst = switch (collation.nullDirection) {
                    case FIRST -> true;
                    case LAST -> false;
                    default -> descending;
                };
                orderKeys.add(new SortKey(new ColumnRef(index, TypeMapping.arrowType(type), type.isNullable(),
                        inputType.getFieldNames().get(index)), descending, nullsFirst));
            }
            WindowNode.Bound lower = bound(group, group.lowerBound, constants, constantTypes, inputCount);
            WindowNode.Bound upper = bound(group, group.upperBound, constants, constantTypes, inputCount);
            if ((lower instanceof WindowNode.Bound.ValueOffset || upper instanceof WindowNode.Bound.ValueOffset)
                    && orderKeys.size() != 1) {
                throw new PlanningException("A RANGE frame with an offset needs exactly one ORDER BY key, got " + orderKeys.size());
            }
            List<WindowNode.Call> calls = new ArrayList<>();
            for (Window.RexWinAggCall call : group.aggCalls) {
                String name = call.getOperator().getName().toLowerCase(java.util.Locale.ROOT);
                List<Integer> args = new ArrayList<>();
                List<RelDataType> argTypes = new ArrayList<>();
                for (RexNode operand : call.getOperands()) {
                    if (!(operand instanceof org.apache.calcite.rex.RexInputRef ref)) {
                        throw new PlanningException("Window function arguments must be columns or constants, got " + operand);
                    }
                    args.add(ref.getIndex());
                    argTypes.add(operand.getType());
                }
                WindowNode.Extension extension = FunctionOperators.windowExtension(call.getOperator(), argTypes);
                WindowNode.Group shape = new WindowNode.Group(group.keys.toArray(), orderKeys, group.isRows, lower, upper, List.of());
                if (extension instanceof WindowNode.Extension.Aggregate
                        && !WindowNode.extensionAggregateFits(shape)) {
                    throw new PlanningException("Extension aggregate " + name + " over the frame " + group
                            + " is not supported: its accumulator cannot remove rows, so only frames covering the whole"
                            + " partition (no ORDER BY, or UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) or bounded ROWS frames"
                            + " (ROWS BETWEEN n PRECEDING AND m FOLLOWING) work; aggregate with GROUP BY and join otherwise");
                }
                if (call.distinct) {
                    throw new PlanningException("DISTINCT in window function " + name + " is not supported");
                }
                calls.add(new WindowNode.Call(name, args, TypeMapping.arrowType(call.getType()), extension));
            }
            groups.add(new WindowNode.Group(group.keys.toArray(), orderKeys, group.isRows, lower, upper, calls));
        }
        return new WindowNode(parallel(plan(window.getInput())), groups, constants, constantTypes, schema(window.getRowType()));
    }

    private static WindowNode.Bound bound(Window.Group group, org.apache.calcite.rex.RexWindowBound bound, List<Object> constants,
                                          List<org.apache.arrow.vector.types.pojo.ArrowType> constantTypes, int inputCount) {
        if (bound.isUnbounded()) {
            return WindowNode.Bound.UNBOUNDED;
        }
        if (bound.isCurrentRow()) {
            return WindowNode.Bound.CURRENT;
        }
        RexNode offset = bound.getOffset();
        Object value;
        org.apache.arrow.vector.types.pojo.ArrowType type;
        if (offset instanceof RexLiteral literal) {
            var compiled = RexCompiler.literal(literal);
            value = compiled.value();
            type = compiled.type();
        } else if (offset instanceof org.apache.calcite.rex.RexInputRef ref && ref.getIndex() >= inputCount) {
            value = constants.get(ref.getIndex() - inputCount);
            type = constantTypes.get(ref.getIndex() - inputCount);
        } else {
            value = null;
            type = null;
        }
        if (!(value instanceof Number number) || isNegative(number)) {
            throw new PlanningException("Window frame offsets must be non-negative constants, got " + offset);
        }
        if (group.isRows) {
            long rows = number.longValue();
            return new WindowNode.Bound.RowOffset(bound.isPreceding() ? -rows : rows);
        }
        WindowNode.OffsetUnit unit = type instanceof org.apache.arrow.vector.types.pojo.ArrowType.Interval interval
                ? (interval.getUnit() == org.apache.arrow.vector.types.IntervalUnit.YEAR_MONTH
                        ? WindowNode.OffsetUnit.MONTHS : WindowNode.OffsetUnit.MILLIS)
                : WindowNode.OffsetUnit.NUMBER;
        return new WindowNode.Bound.ValueOffset(bound.isPreceding(), number, unit);
    }

    private static boolean isNegative(Number number) {
        return number instanceof java.math.BigDecimal d ? d.signum() < 0 : number.doubleValue() < 0;
    }

    /**
     * Plans a join with its build side (the physical operator's right child) chosen: for an inner equi-join, the input
     * a {@code BUILD} hint names, else the input whose table costs less (see {@link #joinCost}); every other join builds its right
     * input (outer, semi and anti joins are not swapped), and a hint on its left input is noted as ignored. It emits
     * the columns {@code output} names (positions in the join's row type) with schema {@code outputSchema}, or all.
     */
    private PhysicalNode join(Join join, int[] output, Schema outputSchema) {
        JoinRelType joinType = join.getJoinType();
        RelMetadataQuery mq = join.getCluster().getMetadataQuery();
        String leftTable = singleTable(join.getLeft());
        String rightTable = singleTable(join.getRight());
        boolean hintLeft = hints.names(leftTable);
        boolean hintRight = hints.names(rightTable);
        Double leftRows = mq.getRowCount(join.getLeft());
        Double rightRows = mq.getRowCount(join.getRight());
        boolean keyed = !join.analyzeCondition().leftKeys.isEmpty();
        JoinChoice.Source source;
        boolean buildLeft;
        String note = "";
        // inner joins swap their inputs; semi and anti joins keep their left rows but can hash them (RIGHT_SEMI/ANTI)
        boolean choosable = keyed && (joinType == JoinRelType.INNER || joinType == JoinRelType.SEMI
                || joinType == JoinRelType.ANTI);
        if (choosable) {
            if (hintLeft != hintRight) {
                source = JoinChoice.Source.HINT;
                buildLeft = hintLeft;
            } else {
                source = JoinChoice.Source.ESTIMATE;
                buildLeft = leftRows != null && rightRows != null
                        && joinCost(leftRows, join.getLeft(), rightRows) < joinCost(rightRows, join.getRight(), leftRows);
                if (hintLeft) {
                    note = "hints name both inputs (" + leftTable + ", " + rightTable + "): the estimate decides";
                }
            }
        } else {
            source = JoinChoice.Source.FIXED;
            buildLeft = false;
            if (hintLeft) {
                note = "hint on " + leftTable + " ignored: " + (keyed ? "a " + joinType + " join" : "a join without equality keys")
                        + " always builds its right input";
            }
        }
        PhysicalNode planned = null;
        if (buildLeft && joinType != JoinRelType.INNER) {
            planned = joinNode(join, buildLabel(leftTable, source, note), true, output, outputSchema);
        } else if (buildLeft) {
            // build on the left input: swap, and emit the columns in their order (the swap's projection picks them)
            RelNode swapped = JoinCommuteRule.swap(join, false, RelFactories.LOGICAL_BUILDER.create(join.getCluster(), null));
            if (swapped instanceof Project project && project.getInput() instanceof Join inner
                    && project.getProjects().stream().allMatch(e -> e instanceof RexInputRef)) {
                int[] swap = project.getProjects().stream().mapToInt(e -> ((RexInputRef) e).getIndex()).toArray();
                int[] swappedOutput = output == null ? swap : java.util.Arrays.stream(output).map(c -> swap[c]).toArray();
                planned = joinNode(inner, buildLabel(leftTable, source, note), false, swappedOutput,
                        outputSchema != null ? outputSchema : schema(join.getRowType()));
            } else {
                buildLeft = false;
                note = (note.isEmpty() ? "" : note + "; ") + "the inputs could not be swapped";
            }
        }
        if (planned == null) {
            planned = joinNode(join, buildLabel(rightTable, source, note), false, output, outputSchema);
        }
        joinChoices.add(new JoinChoice(joinType(joinType), leftTable, rightTable, rows(leftRows), rows(rightRows),
                buildLeft ? JoinChoice.Side.LEFT : JoinChoice.Side.RIGHT, source, note));
        return planned;
    }

    /**
     * The estimated work of a hash join that builds {@code build} ({@code buildRows} rows) and probes the other input's
     * {@code probeRows}, in units of one probe: inserting a row costs about two (hash, place, chain), and copying
     * each of its columns into the table one more. Counting the build's columns keeps a wide intermediate result from
     * being built just because it is somewhat smaller than a narrow table: TPC-H q9 built the 320 K rows (seven
     * columns) of lineitem joined with part and supplier, twice, rather than orders' 1.5 M rows of two columns and
     * partsupp's 800 K of three, and ran 25-50% longer.
     */
    private static double joinCost(double buildRows, RelNode build, double probeRows) {
        return buildRows * (2 + build.getRowType().getFieldCount()) + probeRows;
    }

    private static double rows(Double estimate) {
        return estimate == null ? -1 : estimate;
    }

    private static String buildLabel(String table, JoinChoice.Source source, String note) {
        String why = switch (source) {
            case HINT -> "hint";
            case ESTIMATE -> "estimate";
            case FIXED -> "join type";
        };
        return (table == null ? "right" : table) + " (" + why + (note.isEmpty() ? "" : "; " + note) + ")";
    }

    private static io.codeanatomy.engine.core.JoinType joinType(JoinRelType type) {
        return switch (type) {
            case INNER -> io.codeanatomy.engine.core.JoinType.INNER;
            case LEFT -> io.codeanatomy.engine.core.JoinType.LEFT;
            case RIGHT -> io.codeanatomy.engine.core.JoinType.RIGHT;
            case FULL -> io.codeanatomy.engine.core.JoinType.FULL;
            case SEMI -> io.codeanatomy.engine.core.JoinType.SEMI;
            case ANTI -> io.codeanatomy.engine.core.JoinType.ANTI;
            default -> throw new PlanningException("Join type " + type + " is not supported");
        };
    }

    /** The one table a join input reads, or null when its subtree has several leaves or a leaf that is no scan. */
    private static String singleTable(RelNode input) {
        List<RelNode> leaves = new ArrayList<>();
        new org.apache.calcite.rel.RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node.getInputs().isEmpty()) {
                    leaves.add(node);
                }
                super.visit(node, ordinal, parent);
            }
        }.go(input);
        return leaves.size() == 1 && leaves.getFirst() instanceof ProviderScan scan ? scan.tableName() : null;
    }

    /**
     * A hash join of {@code join}; with {@code hashLeft} (semi and anti joins only) the left input is hashed and the
     * right one probes it, the join then returning the left rows that did (not) match: RIGHT_SEMI / RIGHT_ANTI.
     */
    private PhysicalNode joinNode(Join join, String build, boolean hashLeft, int[] output, Schema outputSchema) {
        // (a = b AND x) OR (a = b AND y) becomes a = b AND (x OR y), so the equality can drive a hash join
        RexNode condition = org.apache.calcite.rex.RexUtil.pullFactors(rexBuilder, join.getCondition());
        JoinInfo info = JoinInfo.of(join.getLeft(), join.getRight(), condition);
        RexNode remaining = info.getRemaining(rexBuilder);
        HashJoinNode.Type type = switch (join.getJoinType()) {
            case INNER -> HashJoinNode.Type.INNER;
            case LEFT -> HashJoinNode.Type.LEFT;
            case RIGHT -> HashJoinNode.Type.RIGHT;
            case FULL -> HashJoinNode.Type.FULL;
            case SEMI -> hashLeft ? HashJoinNode.Type.RIGHT_SEMI : HashJoinNode.Type.SEMI;
            case ANTI -> hashLeft ? HashJoinNode.Type.RIGHT_ANTI : HashJoinNode.Type.ANTI;
            default -> throw new PlanningException("Join type " + join.getJoinType() + " is not supported");
        };
        RelNode probeInput = hashLeft ? join.getRight() : join.getLeft();
        RelNode buildInput = hashLeft ? join.getLeft() : join.getRight();
        if (hashLeft) {
            // the residual sees the probe's columns first: move the left input's references after the right's
            int leftCount = join.getLeft().getRowType().getFieldCount();
            int rightCount = join.getRight().getRowType().getFieldCount();
            remaining = remaining.accept(new org.apache.calcite.rex.RexShuttle() {
                @Override
                public RexNode visitInputRef(org.apache.calcite.rex.RexInputRef ref) {
                    int index = ref.getIndex();
                    return new org.apache.calcite.rex.RexInputRef(index < leftCount ? index + rightCount : index - leftCount,
                            ref.getType());
                }
            });
        }
        RelDataType joined = join.getCluster().getTypeFactory().createJoinType(probeInput.getRowType(), buildInput.getRowType());
        PhysicalExpr residual = remaining.isAlwaysTrue() ? null : new RexCompiler(rexBuilder, joined).compile(remaining);
        PhysicalNode probe = plan(probeInput);
        if (info.leftKeys.isEmpty()) {
            probe = parallel(probe);      // the join cannot be split, so its probe input's pipeline ends here
        }
        int[] probeKeys = (hashLeft ? info.rightKeys : info.leftKeys).toIntArray();
        int[] buildKeys = (hashLeft ? info.leftKeys : info.rightKeys).toIntArray();
        HashJoinNode node = new HashJoinNode(probe, parallel(plan(buildInput)), type, probeKeys, buildKeys, residual,
                output == null ? schema(join.getRowType()) : outputSchema, build, output);
        if (session.profile().features().joinDynamicFilters()) {
            dynamicFilter(node, type, probe, probeKeys, node.children().get(1).schema(), buildKeys);
        }
        // a join that marks build rows ends its pipeline: its workers share the marks, the region emits the rest
        return HashJoinNode.marksBuildRows(type) ? parallel(node) : node;
    }

    /**
     * Lets {@code join} filter the scan its probe keys come from (see {@link HashJoinNode#publishDynamicFilter}),
     * when the join drops probe rows without a match. Through filters, projections, joins that keep probe columns
     * and aggregations grouped by the keys (a group with no match is dropped by the join: so may its input rows be).
     * A key that is computed on the way (an aggregate value, an expression) drops out, and the filter tests the
     * others: in TPC-H q2 the part key reaches the scan under {@code min(ps_supplycost)}, the cost does not.
     * Even right under its own join the filter pays when the join is selective: testing a key is far cheaper than
     * probing a row (which copies its columns out of Arrow); one that keeps most rows turns itself off.
     */
    private static void dynamicFilter(HashJoinNode join, HashJoinNode.Type type, PhysicalNode probe, int[] probeKeys,
                                      org.apache.arrow.vector.types.pojo.Schema buildSchema, int[] buildKeys) {
        // a right anti join only marks the build rows its probe rows match: a probe row that matches none does nothing
        if (probeKeys.length == 0 || !(type == HashJoinNode.Type.INNER || type == HashJoinNode.Type.SEMI
                || type == HashJoinNode.Type.RIGHT || type == HashJoinNode.Type.RIGHT_SEMI
                || type == HashJoinNode.Type.RIGHT_ANTI)) {
            return;
        }
        int[] columns = probeKeys.clone();      // per key, its column at this point of the probe side; -1 once lost
        PhysicalNode at = probe;
        while (!(at instanceof ScanNode)) {
            switch (at) {
                case FilterNode filter -> at = filter.children().getFirst();
                case ProjectNode project -> {
                    for (int k = 0; k < columns.length; k++) {
                        columns[k] = columns[k] >= 0
                                && project.exprs().get(columns[k]) instanceof io.codeanatomy.engine.core.internal.exec.expr.ColumnRef ref
                                ? ref.index() : -1;
                    }
                    at = project.children().getFirst();
                }
                // probe columns pass unchanged through joins that keep probe rows as they are
                case HashJoinNode lower -> {
                    for (int k = 0; k < columns.length; k++) {
                        columns[k] = columns[k] >= 0 ? lower.probeColumn(columns[k]) : -1;
                    }
                    at = lower.children().getFirst();
                }
                case HashAggregateNode aggregate -> {
                    int[] keys = aggregate.keys();
                    for (int k = 0; k < columns.length; k++) {
                        // an aggregate value, or a key computed from the input, has no column below
                        columns[k] = columns[k] >= 0 && columns[k] < keys.length ? aggregate.childColumn(keys[columns[k]]) : -1;
                    }
                    at = aggregate.children().getFirst();
                }
                case ParallelNode parallel -> at = parallel.children().getFirst();
                default -> {
                    return;
                }
            }
            if (java.util.Arrays.stream(columns).allMatch(c -> c < 0)) {
                return;
            }
        }
        ScanNode scan = (ScanNode) at;
        List<Integer> keys = new ArrayList<>();
        List<Integer> scanColumns = new ArrayList<>();
        for (int k = 0; k < columns.length; k++) {
            // the filter hashes keys as the build side has them
            if (columns[k] >= 0 && scan.schema().getFields().get(columns[k]).getType()
                    .equals(buildSchema.getFields().get(buildKeys[k]).getType())) {
                keys.add(k);
                scanColumns.add(columns[k]);
            }
        }
        if (!keys.isEmpty()) {
            scan.addDynamicFilter(join, keys.stream().mapToInt(Integer::intValue).toArray(),
                    scanColumns.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    private RexCompiler compiler(RelNode input) {
        return new RexCompiler(rexBuilder, input.getRowType());
    }

    static Schema schema(RelDataType rowType) {
        return TypeMapping.schema(rowType);
    }

    private PhysicalNode scan(ProviderScan scan) {
        Map<Expression, FilterSupport> answers = new LinkedHashMap<>();
        List<Expression> offered = new ArrayList<>();
        for (ProviderScan.PushedFilter filter : scan.filters()) {
            answers.put(filter.expression(), filter.support());
            if (filter.support() != FilterSupport.UNSUPPORTED) {
                offered.add(filter.expression());
            }
        }
        ScanRequest request = new ScanRequest(scan.projectedColumnNames(), offered, scan.limit());
        return new ScanNode(scan.tableName(), scan.provider(), request, answers, schema(scan.getRowType()));
    }

    /**
     * {@code pipeline} with the region of a join that marks build rows opened up (under a projection, if any), so a
     * partial aggregation can run in the region's workers: a join ends its region only because its unmatched build
     * rows come out once all probes are done, and the region can pass those through the aggregation too.
     */
    private static PhysicalNode intoRegion(PhysicalNode pipeline) {
        if (pipeline instanceof ProjectNode project && project.children().getFirst() instanceof ParallelNode region
                && region.children().getFirst() instanceof HashJoinNode join && join.probeSplittableAtTop()) {
            return new ProjectNode(join, project.exprs(), project.schema());
        }
        if (pipeline instanceof ParallelNode region && region.children().getFirst() instanceof HashJoinNode join
                && join.probeSplittableAtTop()) {
            return join;
        }
        return pipeline;
    }

    private PhysicalNode aggregate(Aggregate aggregate) {
        PhysicalNode pipeline = plan(aggregate.getInput());
        if (aggregate.getGroupType() == Aggregate.Group.SIMPLE
                && aggregate.getAggCallList().stream().noneMatch(PhysicalPlanner::isGrouping)) {
            int[] keys = aggregate.getGroupSet().toArray();
            List<AggregateCall> calls = aggregateCalls(aggregate);
            AggregateSplit split = degree > 1 ? AggregateSplit.of(pipeline.schema(), keys, calls) : null;
            if (split != null) {
                // each worker aggregates its own morsels; one final aggregation merges their groups
                PhysicalNode partial = HashAggregateNode.over(intoRegion(pipeline), keys, split.partialCalls(),
                        split.partialSchema());
                PhysicalNode workers = parallel(partial, true);
                if (workers != partial) {
                    return HashAggregateNode.mergingPartials(workers, AggregateSplit.finalKeys(keys.length),
                            split.finalCalls(), schema(aggregate.getRowType()), degree);
                }
            }
            return HashAggregateNode.over(parallel(pipeline), keys, calls, schema(aggregate.getRowType()));
        }
        PhysicalNode input = parallel(pipeline);
        // GROUPING SETS / ROLLUP / CUBE: one aggregation per set, keys outside the set NULL, GROUPING() constant per
        // set, all unioned. The input plan is shared: a physical node may be opened more than once.
        int[] allKeys = aggregate.getGroupSet().toArray();
        List<AggregateCall> calls = aggregateCalls(aggregate);
        List<org.apache.calcite.rel.core.AggregateCall> calciteCalls = aggregate.getAggCallList();
        Schema output = schema(aggregate.getRowType());
        List<PhysicalNode> branches = new ArrayList<>();
        for (org.apache.calcite.util.ImmutableBitSet set : aggregate.getGroupSets()) {
            int[] keys = set.toArray();
            List<AggregateCall> plain = new ArrayList<>();
            List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
            for (int key : keys) {
                fields.add(output.getFields().get(indexOf(allKeys, key)));
            }
            for (int i = 0; i < calls.size(); i++) {
                if (!isGrouping(calciteCalls.get(i))) {
                    plain.add(calls.get(i));
                    fields.add(output.getFields().get(allKeys.length + i));
                }
            }
            HashAggregateNode branch = new HashAggregateNode(input, keys, plain, new Schema(fields));
            List<PhysicalExpr> projections = new ArrayList<>();
            for (int k = 0; k < allKeys.length; k++) {
                var field = output.getFields().get(k);
                int at = indexOf(keys, allKeys[k]);
                projections.add(at >= 0 ? new ColumnRef(at, field.getType(), true, field.getName())
                        : new io.codeanatomy.engine.core.internal.exec.expr.Literal(null, field.getType()));
            }
            int next = keys.length;
            for (int i = 0; i < calls.size(); i++) {
                var field = output.getFields().get(allKeys.length + i);
                org.apache.calcite.rel.core.AggregateCall call = calciteCalls.get(i);
                if (isGrouping(call)) {
                    long bits = 0;
                    for (int arg : call.getArgList()) {
                        bits = (bits << 1) | (set.get(arg) ? 0 : 1);
                    }
                    projections.add(RexCompiler.castTo(new io.codeanatomy.engine.core.internal.exec.expr.Literal(bits,
                            new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true)), field.getType()));
                } else {
                    projections.add(new ColumnRef(next++, field.getType(), field.isNullable(), field.getName()));
                }
            }
            branches.add(new ProjectNode(branch, projections, output));
        }
        return new UnionAllNode(branches, output);
    }

    private static boolean isGrouping(org.apache.calcite.rel.core.AggregateCall call) {
        SqlKind kind = call.getAggregation().getKind();
        return kind == SqlKind.GROUPING || kind == SqlKind.GROUPING_ID || kind == SqlKind.GROUP_ID;
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private List<AggregateCall> aggregateCalls(Aggregate aggregate) {
        int keyCount = aggregate.getGroupSet().cardinality();
        List<AggregateCall> calls = new ArrayList<>();
        List<String> names = aggregate.getRowType().getFieldNames();
        for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
            org.apache.calcite.rel.core.AggregateCall call = aggregate.getAggCallList().get(i);
            if (call.getAggregation().getKind() == SqlKind.LITERAL_AGG) {
                RexLiteral literal = (RexLiteral) call.rexList.getFirst();
                calls.add(new AggregateCall(AggregateKind.LITERAL, List.of(), false, -1, TypeMapping.arrowType(call.getType()),
                        names.get(keyCount + i), RexCompiler.literal(literal).value()));
                continue;
            }
            if (isGrouping(call)) {
                calls.add(null);    // computed per grouping set by aggregate()
                continue;
            }
            AggregateCall.ExtensionBinding extension = FunctionOperators.aggregate(call, aggregate.getInput().getRowType());
            if (extension != null) {
                calls.add(new AggregateCall(AggregateKind.EXTENSION, call.getArgList(), call.isDistinct(), call.filterArg,
                        TypeMapping.arrowType(call.getType()), names.get(keyCount + i), null, extension));
                continue;
            }
            calls.add(new AggregateCall(kind(call), call.getArgList(), call.isDistinct(), call.filterArg,
                    TypeMapping.arrowType(call.getType()), names.get(keyCount + i)));
        }
        return calls;
    }

    private static AggregateKind kind(org.apache.calcite.rel.core.AggregateCall call) {
        SqlKind kind = call.getAggregation().getKind();
        return switch (kind) {
            case COUNT -> call.getArgList().isEmpty() ? AggregateKind.COUNT_STAR : AggregateKind.COUNT;
            case SUM -> AggregateKind.SUM;
            case SUM0 -> AggregateKind.SUM0;
            case MIN -> AggregateKind.MIN;
            case MAX -> AggregateKind.MAX;
            case AVG -> AggregateKind.AVG;
            case ANY_VALUE, SINGLE_VALUE -> AggregateKind.ANY_VALUE;
            case SOME -> AggregateKind.BOOL_OR;
            default -> kindByName(call);
        };
    }

    private static AggregateKind kindByName(org.apache.calcite.rel.core.AggregateCall call) {
        return switch (call.getAggregation().getName().toUpperCase(java.util.Locale.ROOT)) {
            case "EVERY", "BOOL_AND" -> AggregateKind.BOOL_AND;
            case "SOME", "BOOL_OR" -> AggregateKind.BOOL_OR;
            default -> throw new PlanningException("Aggregate function " + call.getAggregation().getName()
                    + " is not supported by the engine yet");
        };
    }

    private PhysicalNode sort(Sort sort) {
        PhysicalNode input = parallel(plan(sort.getInput()));
        long offset = sort.offset == null ? 0 : literalLong(sort.offset);
        long fetch = sort.fetch == null ? -1 : literalLong(sort.fetch);
        if (sort.getCollation().getFieldCollations().isEmpty()) {
            return new LimitNode(input, offset, fetch);
        }
        List<SortKey> keys = new ArrayList<>();
        RelDataType inputType = sort.getInput().getRowType();
        for (RelFieldCollation collation : sort.getCollation().getFieldCollations()) {
            int index = collation.getFieldIndex();
            RelDataType type = inputType.getFieldList().get(index).getType();
            PhysicalExpr key = new ColumnRef(index, TypeMapping.arrowType(type), type.isNullable(),
                    inputType.getFieldNames().get(index));
            boolean descending = collation.getDirection().isDescending();
            boolean nullsFirst = switch (collation.nullDirection) {
                case FIRST -> true;
                case LAST -> false;
                default -> descending; // NULLs sort high, as in PostgreSQL and DataFusion
            };
            keys.add(new SortKey(key, descending, nullsFirst));
        }
        return new SortNode(input, keys, offset, fetch);
    }

    private static long literalLong(org.apache.calcite.rex.RexNode node) {
        if (node instanceof RexLiteral literal) {
            return literal.getValueAs(Long.class);
        }
        throw new PlanningException("LIMIT and OFFSET must be constants, got " + node);
    }

    private PhysicalNode values(Values values) {
        List<List<Object>> rows = new ArrayList<>();
        for (List<RexLiteral> tuple : values.getTuples()) {
            List<Object> row = new ArrayList<>(tuple.size());
            for (RexLiteral literal : tuple) {
                row.add(RexCompiler.literal(literal).value());
            }
            rows.add(row);
        }
        return new ValuesNode(schema(values.getRowType()), rows);
    }
}
