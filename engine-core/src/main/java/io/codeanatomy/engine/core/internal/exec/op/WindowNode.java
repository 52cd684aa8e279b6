package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.hash.KeyTable;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.agg.AggregateCall;
import io.codeanatomy.engine.core.internal.exec.agg.ExtensionAccumulator;
import io.codeanatomy.engine.core.spi.function.WindowFunctionDef;
import io.codeanatomy.engine.core.internal.exec.expr.Casts;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.ObjectColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Window functions: buffers its input, orders the rows of each window group by partition and order keys, and
 * appends one column per function (ROW_NUMBER, RANK, DENSE_RANK, LAG, LEAD, FIRST_VALUE, LAST_VALUE,
 * COUNT/SUM/AVG/MIN/MAX, extension window functions and extension aggregates) over ROWS or RANGE frames, RANGE
 * frames with value offsets included. Frames and sliding aggregates are O(n) per partition after the sort. Output rows
 * keep the input order.
 */
public final class WindowNode extends PhysicalNode {
    /** A frame bound. */
    public sealed interface Bound {
        /** UNBOUNDED PRECEDING as a lower bound, UNBOUNDED FOLLOWING as an upper one. */
        record Unbounded() implements Bound {}

        /** CURRENT ROW: the row itself (ROWS) or its peers (RANGE). */
        record CurrentRow() implements Bound {}

        /** ROWS: {@code offset} rows before (negative) or after (positive) the current row. */
        record RowOffset(long offset) implements Bound {}

        /**
         * RANGE: the ORDER BY key minus ({@code preceding}) or plus {@code amount}, in the sort's direction.
         *
         * @param amount non-negative, internal representation: a number, or an interval's months or milliseconds
         */
        record ValueOffset(boolean preceding, Object amount, OffsetUnit unit) implements Bound {}

        Bound UNBOUNDED = new Unbounded();
        Bound CURRENT = new CurrentRow();
    }

    /** What a RANGE offset counts: the key's own numbers, or months or milliseconds of a date/timestamp key. */
    public enum OffsetUnit { NUMBER, MONTHS, MILLIS }

    /** The extension behind a call, if any. */
    public sealed interface Extension {
        /** An extension window function: evaluated per partition. */
        record Window(WindowFunctionDef function, List<ArrowType> argumentTypes, Field result) implements Extension {
            public Window {
                argumentTypes = List.copyOf(argumentTypes);
            }
        }

        /** An extension aggregate over whole-partition or bounded ROWS frames (the planner refuses other frames). */
        record Aggregate(AggregateCall.ExtensionBinding binding) implements Extension {}
    }

    /**
     * One window function.
     *
     * @param function  lower-case name: row_number, rank, dense_rank, lag, lead, first_value, last_value, count,
     *                  sum, avg, min, max, or an extension's name
     * @param args      input column indexes (constants are appended to the input as extra columns by the planner)
     * @param extension the extension function, or null for a built-in
     */
    public record Call(String function, List<Integer> args, ArrowType resultType, Extension extension) {
        public Call(String function, List<Integer> args, ArrowType resultType) {
            this(function, args, resultType, null);
        }
    }

    /** Functions sharing a partitioning, ordering and frame. */
    public record Group(int[] partitionKeys, List<SortKey> orderKeys, boolean rows, Bound lower, Bound upper, List<Call> calls) {}

    /** Whether an extension aggregate can run over {@code group}'s frame (see {@link ExtensionAggregateState}). */
    public static boolean extensionAggregateFits(Group group) {
        return ExtensionAggregateState.wholePartition(group) || ExtensionAggregateState.boundedRows(group);
    }

    private final List<Group> groups;
    private final List<Object> constants;
    private final List<ArrowType> constantTypes;

    public WindowNode(PhysicalNode input, List<Group> groups, List<Object> constants, List<ArrowType> constantTypes, Schema schema) {
        super(schema, List.of(input));
        this.groups = List.copyOf(groups);
        this.constants = new ArrayList<>(constants);
        this.constantTypes = List.copyOf(constantTypes);
    }

    @Override
    public String name() {
        return "Window";
    }

    @Override
    public List<String> details() {
        List<String> out = new ArrayList<>();
        for (Group g : groups) {
            out.add("partition=" + Arrays.toString(g.partitionKeys()) + " order=" + g.orderKeys().stream().map(SortKey::display).toList()
                    + " " + (g.rows() ? "ROWS" : "RANGE") + " " + frameText(g.lower()) + ".." + frameText(g.upper())
                    + " calls=" + g.calls().stream().map(Call::function).toList());
        }
        return out;
    }

    private static String frameText(Bound bound) {
        return switch (bound) {
            case Bound.Unbounded u -> "UNBOUNDED";
            case Bound.CurrentRow c -> "CURRENT";
            case Bound.RowOffset r -> Long.toString(r.offset());
            case Bound.ValueOffset v -> (v.preceding() ? "-" : "+") + v.amount() + (v.unit() == OffsetUnit.NUMBER ? ""
                    : " " + v.unit().name().toLowerCase(java.util.Locale.ROOT));
        };
    }

    @Override
    protected Operator open(ExecContext context) {
        Operator input = children().getFirst().start(context);
        return new Operator() {
            private Column[] output;
            private int total;
            private int emitted;

            @Override
            public Batch next() {
                if (output == null) {
                    compute();
                }
                if (emitted >= total) {
                    return null;
                }
                int n = Math.min(context.batchSize(), total - emitted);
                int[] positions = new int[n];
                for (int i = 0; i < n; i++) {
                    positions[i] = emitted + i;
                }
                List<Field> fields = schema().getFields();
                List<FieldVector> vectors = new ArrayList<>(fields.size());
                try {
                    for (int c = 0; c < fields.size(); c++) {
                        Column slice = Columns.gather(output[c], positions, n);
                        vectors.add(Columns.pack(Casts.cast(slice, fields.get(c).getType(), n), fields.get(c), context.allocator()));
                    }
                } catch (RuntimeException e) {
                    Vectors.closeAll(vectors);
                    throw e;
                }
                emitted += n;
                return Batch.of(schema(), vectors, n);
            }

            private void compute() {
                List<Field> inputFields = children().getFirst().schema().getFields();
                BufferedColumns buffered = BufferedColumns.drain(input, inputFields, context);
                total = buffered.rows();
                Column[] columns = Arrays.copyOf(buffered.columns(), inputFields.size() + constants.size());
                for (int k = 0; k < constants.size(); k++) {
                    columns[inputFields.size() + k] = Columns.constant(constantTypes.get(k), constants.get(k), total);
                }
                List<Column> out = new ArrayList<>(Arrays.asList(columns).subList(0, inputFields.size()));
                for (Group group : groups) {
                    out.addAll(evaluate(group, columns, total, context));
                }
                output = out.toArray(new Column[0]);
            }

            @Override
            public void close() {
                input.close();
            }
        };
    }

    private List<Column> evaluate(Group group, Column[] columns, int n, ExecContext context) {
        Integer[] order = new Integer[n];
        int[] partitionStarts = partitionRows(group, columns, n, order);
        Column[] orderColumns = new Column[group.orderKeys().size()];
        for (int k = 0; k < orderColumns.length; k++) {
            orderColumns[k] = columns[((io.codeanatomy.engine.core.internal.exec.expr.ColumnRef) group.orderKeys().get(k).expr()).index()];
        }
        Object[][] results = new Object[group.calls().size()][n];
        List<ExtensionAggregateState> aggregates = new ArrayList<>();
        try {
            for (Call call : group.calls()) {
                aggregates.add(call.extension() instanceof Extension.Aggregate a
                        ? new ExtensionAggregateState(new ExtensionAccumulator(a.binding(), context.allocator()), n, group)
                        : null);
            }
            for (int p = 0; p + 1 < partitionStarts.length; p++) {
                int start = partitionStarts[p];
                int end = partitionStarts[p + 1];
                if (orderColumns.length > 0 && end - start > 1) {
                    Arrays.sort(order, start, end, (a, b) -> compareOrder(group, orderColumns, a, b));   // stable
                }
                partition(group, columns, orderColumns, order, start, end, p, results, aggregates, context);
            }
            for (int c = 0; c < aggregates.size(); c++) {
                if (aggregates.get(c) != null) {
                    aggregates.get(c).finish(results[c]);
                }
            }
        } finally {
            for (ExtensionAggregateState state : aggregates) {
                if (state != null) {
                    state.accumulator.close();
                }
            }
        }
        List<Column> out = new ArrayList<>();
        for (int c = 0; c < results.length; c++) {
            ArrowType type = group.calls().get(c).resultType();
            out.add(Casts.cast(new ObjectColumn(type, results[c], n), type, n));
        }
        return out;
    }

    /**
     * Groups the rows by partition key into {@code order} (rows of one partition contiguous, in input order) and
     * returns where each partition starts, plus {@code n} at the end. Partitions are found by hashing, not sorting:
     * their order does not matter, only the order within one does.
     */
    private static int[] partitionRows(Group group, Column[] columns, int n, Integer[] order) {
        int[] keys = group.partitionKeys();
        if (keys.length == 0 || n == 0) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            return new int[] {0, n};
        }
        Column[] keyColumns = new Column[keys.length];
        ArrowType[] keyTypes = new ArrowType[keys.length];
        for (int k = 0; k < keys.length; k++) {
            keyColumns[k] = columns[keys[k]];
            keyTypes[k] = keyColumns[k].type;
        }
        KeyTable table = new KeyTable(keyTypes);
        int[] ids = table.assign(keyColumns, n);
        int[] starts = new int[table.size() + 1];
        for (int id : ids) {
            starts[id + 1]++;
        }
        for (int p = 0; p < table.size(); p++) {
            starts[p + 1] += starts[p];
        }
        int[] fill = Arrays.copyOf(starts, table.size());
        for (int i = 0; i < n; i++) {
            order[fill[ids[i]]++] = i;
        }
        return starts;
    }

    private static int compareOrder(Group group, Column[] orderColumns, int a, int b) {
        for (int k = 0; k < orderColumns.length; k++) {
            int c = RowComparator.compare(orderColumns[k], a, orderColumns[k], b, group.orderKeys().get(k));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Fills the results of one partition: rows {@code order[start..end)} in window order. */
    private void partition(Group group, Column[] columns, Column[] orderColumns, Integer[] order, int start, int end,
                           int partitionIndex, Object[][] results, List<ExtensionAggregateState> aggregates, ExecContext context) {
        int size = end - start;
        int[] peerStart = new int[size];
        int[] peerEnd = new int[size];       // exclusive
        for (int i = 0; i < size; i++) {
            peerStart[i] = i > 0 && compareOrder(group, orderColumns, order[start + i - 1], order[start + i]) == 0 ? peerStart[i - 1] : i;
        }
        for (int i = size - 1; i >= 0; i--) {
            peerEnd[i] = i < size - 1 && compareOrder(group, orderColumns, order[start + i], order[start + i + 1]) == 0
                    ? peerEnd[i + 1] : i + 1;
        }
        int[] frameStart = new int[size];
        int[] frameEnd = new int[size];
        WindowFrames.compute(group, group.orderKeys().isEmpty() ? null : group.orderKeys().getFirst(),
                orderColumns.length == 0 ? null : orderColumns[0], order, start, size, peerStart, peerEnd, frameStart, frameEnd);
        for (int c = 0; c < group.calls().size(); c++) {
            Call call = group.calls().get(c);
            Column arg = call.args().isEmpty() ? null : columns[call.args().getFirst()];
            switch (call.extension()) {
                case Extension.Window w -> {
                    ExtensionWindows.evaluate(w, call, columns, order, start, size, frameStart, frameEnd, peerStart, peerEnd,
                            results[c], context.allocator());
                    continue;
                }
                case Extension.Aggregate a -> {
                    aggregates.get(c).update(columns, call, order, start, size, partitionIndex, frameStart, frameEnd,
                            context.batchSize());
                    continue;
                }
                case null -> { }
            }
            switch (call.function()) {
                case "row_number", "rank", "dense_rank", "lag", "lead" -> {
                    int dense = 0;
                    for (int i = 0; i < size; i++) {
                        int row = order[start + i];
                        if (peerStart[i] == i) {
                            dense++;
                        }
                        results[c][row] = switch (call.function()) {
                            case "row_number" -> (long) (i + 1);
                            case "rank" -> (long) (peerStart[i] + 1);
                            case "dense_rank" -> (long) dense;
                            default -> {
                                int offset = call.args().size() > 1 ? ((Number) columns[call.args().get(1)].get(row)).intValue() : 1;
                                int at = call.function().equals("lag") ? i - offset : i + offset;
                                yield at >= 0 && at < size ? arg.get(order[start + at])
                                        : call.args().size() > 2 ? columns[call.args().get(2)].get(row) : null;
                            }
                        };
                    }
                }
                case "first_value", "last_value" -> {
                    boolean first = call.function().equals("first_value");
                    for (int i = 0; i < size; i++) {
                        int from = frameStart[i];
                        int to = frameEnd[i];
                        results[c][order[start + i]] = from < to ? arg.get(order[start + (first ? from : to - 1)]) : null;
                    }
                }
                case "count" -> {
                    if (arg == null) {
                        for (int i = 0; i < size; i++) {
                            results[c][order[start + i]] = (long) Math.max(0, frameEnd[i] - frameStart[i]);
                        }
                    } else {
                        slide(call, arg, order, start, size, frameStart, frameEnd, results[c]);
                    }
                }
                default -> slide(call, arg, order, start, size, frameStart, frameEnd, results[c]);
            }
        }
    }

    /**
     * A built-in aggregate over each row's frame. Frame starts and ends never move backwards (every bound is monotone),
     * so rows enter and leave the aggregate once each; a bound that did move back restarts it (never seen, kept as a
     * guard rather than a wrong answer).
     */
    private static void slide(Call call, Column arg, Integer[] order, int start, int size, int[] frameStart, int[] frameEnd,
                              Object[] results) {
        Object[] values = new Object[size];
        for (int i = 0; i < size; i++) {
            values[i] = arg.get(order[start + i]);
        }
        SlidingAggregate aggregate = new SlidingAggregate(call.function(), call.resultType(), arg.type, values);
        int in = 0;     // rows [out, in) are in the aggregate
        int out = 0;
        for (int i = 0; i < size; i++) {
            int from = frameStart[i];
            int to = Math.max(from, frameEnd[i]);
            if (from < out || to < in) {
                aggregate = new SlidingAggregate(call.function(), call.resultType(), arg.type, values);
                in = from;
                out = from;
            }
            for (; in < to; in++) {
                aggregate.add(in);
            }
            for (; out < from; out++) {
                aggregate.remove(out);
            }
            results[order[start + i]] = aggregate.result();
        }
    }
}
