package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.expr.Casts;
import io.codeanatomy.engine.core.internal.exec.expr.Comparisons;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.ObjectColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Window functions: buffers its input, orders the rows of each window group by partition and order keys, and
 * appends one column per function (ROW_NUMBER, RANK, DENSE_RANK, LAG, LEAD, FIRST_VALUE, LAST_VALUE, and
 * COUNT/SUM/AVG/MIN/MAX over ROWS or RANGE frames). Output rows keep the input order.
 */
public final class WindowNode extends PhysicalNode {
    /** A frame bound: UNBOUNDED, CURRENT ROW, or {@code offset} rows before (negative) or after (positive). */
    public record Bound(boolean unbounded, int offset) {
        public static final Bound CURRENT = new Bound(false, 0);
    }

    /**
     * One window function.
     *
     * @param function lower-case name: row_number, rank, dense_rank, lag, lead, first_value, last_value, count,
     *                 sum, avg, min, max
     * @param args     input column indexes (constants are appended to the input as extra columns by the planner)
     */
    public record Call(String function, List<Integer> args, ArrowType resultType) {}

    /** Functions sharing a partitioning, ordering and frame. */
    public record Group(int[] partitionKeys, List<SortKey> orderKeys, boolean rows, Bound lower, Bound upper, List<Call> calls) {}

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
                    + " " + (g.rows() ? "ROWS" : "RANGE") + " calls=" + g.calls().stream().map(Call::function).toList());
        }
        return out;
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
                    out.addAll(evaluate(group, columns, total));
                }
                output = out.toArray(new Column[0]);
            }

            @Override
            public void close() {
                input.close();
            }
        };
    }

    private List<Column> evaluate(Group group, Column[] columns, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Column[] orderColumns = new Column[group.orderKeys().size()];
        for (int k = 0; k < orderColumns.length; k++) {
            orderColumns[k] = columns[((io.codeanatomy.engine.core.internal.exec.expr.ColumnRef) group.orderKeys().get(k).expr()).index()];
        }
        Arrays.sort(order, (a, b) -> {
            int c = comparePartition(group, columns, a, b);
            return c != 0 ? c : compareOrder(group, orderColumns, a, b);
        });
        Object[][] results = new Object[group.calls().size()][n];
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && comparePartition(group, columns, order[start], order[end]) == 0) {
                end++;
            }
            partition(group, columns, orderColumns, order, start, end, results);
            start = end;
        }
        List<Column> out = new ArrayList<>();
        for (int c = 0; c < results.length; c++) {
            ArrowType type = group.calls().get(c).resultType();
            out.add(Casts.cast(new ObjectColumn(type, results[c], n), type, n));
        }
        return out;
    }

    private static int comparePartition(Group group, Column[] columns, int a, int b) {
        for (int key : group.partitionKeys()) {
            int c = compareValues(columns[key].get(a), columns[key].get(b));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareOrder(Group group, Column[] orderColumns, int a, int b) {
        for (int k = 0; k < orderColumns.length; k++) {
            SortKey key = group.orderKeys().get(k);
            Object x = orderColumns[k].get(a);
            Object y = orderColumns[k].get(b);
            int c;
            if (x == null || y == null) {
                c = x == y ? 0 : (x == null) == key.nullsFirst() ? -1 : 1;
            } else {
                c = compareValues(x, y) * (key.descending() ? -1 : 1);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareValues(Object x, Object y) {
        if (x == null || y == null) {
            return x == y ? 0 : x == null ? -1 : 1;
        }
        return Comparisons.compareObjects(x, y);
    }

    /** Fills the results of one partition: rows {@code order[start..end)} in window order. */
    private void partition(Group group, Column[] columns, Column[] orderColumns, Integer[] order, int start, int end,
                           Object[][] results) {
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
        for (int c = 0; c < group.calls().size(); c++) {
            Call call = group.calls().get(c);
            Column arg = call.args().isEmpty() ? null : columns[call.args().getFirst()];
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
                    case "lag", "lead" -> {
                        int offset = call.args().size() > 1 ? ((Number) columns[call.args().get(1)].get(row)).intValue() : 1;
                        int at = call.function().equals("lag") ? i - offset : i + offset;
                        yield at >= 0 && at < size ? arg.get(order[start + at])
                                : call.args().size() > 2 ? columns[call.args().get(2)].get(row) : null;
                    }
                    default -> {
                        int from = frameStart(group, i, size, peerStart);
                        int to = frameEnd(group, i, size, peerEnd);
                        yield aggregate(call, arg, order, start, from, to);
                    }
                };
            }
        }
    }

    private static int frameStart(Group group, int i, int size, int[] peerStart) {
        Bound lower = group.lower();
        if (lower.unbounded()) {
            return 0;
        }
        if (!group.rows() && lower.offset() == 0) {
            return peerStart[i];
        }
        return Math.max(0, Math.min(size, i + lower.offset()));
    }

    private static int frameEnd(Group group, int i, int size, int[] peerEnd) {
        Bound upper = group.upper();
        if (upper.unbounded()) {
            return size;
        }
        if (!group.rows() && upper.offset() == 0) {
            return peerEnd[i];
        }
        return Math.max(0, Math.min(size, i + upper.offset() + 1));
    }

    private static Object aggregate(Call call, Column arg, Integer[] order, int start, int from, int to) {
        switch (call.function()) {
            case "first_value" -> {
                return from < to ? arg.get(order[start + from]) : null;
            }
            case "last_value" -> {
                return from < to ? arg.get(order[start + to - 1]) : null;
            }
            case "count" -> {
                long count = 0;
                for (int j = from; j < to; j++) {
                    count += arg == null || !arg.isNull(order[start + j]) ? 1 : 0;
                }
                return count;
            }
            default -> { }
        }
        Object best = null;
        BigDecimal sum = null;
        double doubleSum = 0;
        long count = 0;
        boolean floating = call.resultType() instanceof ArrowType.FloatingPoint;
        for (int j = from; j < to; j++) {
            Object v = arg.get(order[start + j]);
            if (v == null) {
                continue;
            }
            count++;
            switch (call.function()) {
                case "min" -> best = best == null || Comparisons.compareObjects(v, best) < 0 ? v : best;
                case "max" -> best = best == null || Comparisons.compareObjects(v, best) > 0 ? v : best;
                case "sum", "avg", "$sum0" -> {
                    if (v instanceof Double d) {
                        doubleSum += d;
                        floating = true;
                    } else {
                        BigDecimal b = v instanceof BigDecimal bd ? bd : BigDecimal.valueOf(((Number) v).longValue());
                        sum = sum == null ? b : sum.add(b);
                    }
                }
                default -> throw new ExecutionException("Window function " + call.function() + " is not supported");
            }
        }
        return switch (call.function()) {
            case "min", "max" -> best;
            case "sum", "$sum0" -> count == 0 ? (call.function().equals("$sum0") ? 0L : null)
                    : floating ? (Object) (doubleSum + (sum == null ? 0 : sum.doubleValue()))
                    : call.resultType() instanceof ArrowType.Decimal ? sum : (Object) sum.longValueExact();
            case "avg" -> count == 0 ? null : floating || call.resultType() instanceof ArrowType.FloatingPoint
                    ? (Object) ((doubleSum + (sum == null ? 0 : sum.doubleValue())) / count)
                    : sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL128);
            default -> null;
        };
    }
}
