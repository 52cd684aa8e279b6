package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.agg.ExtensionAccumulator;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;

/**
 * An extension aggregate used with OVER. A {@link io.codeanatomy.engine.core.spi.function.GroupedAccumulator} cannot
 * remove rows, so each result is its own group: one group per partition when every frame is the whole partition,
 * otherwise one group per row fed with the rows of its frame (the planner admits only bounded ROWS frames there, so
 * the cost is rows x frame width). Groups are numbered across partitions and written once at the end.
 */
final class ExtensionAggregateState {
    final ExtensionAccumulator accumulator;
    private final boolean wholePartition;
    private final int[] groupOfRow;     // input row -> group
    private int groupCount;

    ExtensionAggregateState(ExtensionAccumulator accumulator, int rows, WindowNode.Group group) {
        this.accumulator = accumulator;
        this.wholePartition = wholePartition(group);
        this.groupOfRow = new int[rows];
    }

    /** Whether every row's frame is its whole partition. */
    static boolean wholePartition(WindowNode.Group group) {
        boolean lowerOpen = group.lower() instanceof WindowNode.Bound.Unbounded;
        boolean upperOpen = group.upper() instanceof WindowNode.Bound.Unbounded;
        boolean peersAreAll = !group.rows() && group.orderKeys().isEmpty();
        return (lowerOpen || (peersAreAll && group.lower() instanceof WindowNode.Bound.CurrentRow))
                && (upperOpen || (peersAreAll && group.upper() instanceof WindowNode.Bound.CurrentRow));
    }

    /** Whether the frame is a bounded ROWS frame (each row's frame at most a fixed width). */
    static boolean boundedRows(WindowNode.Group group) {
        return group.rows() && !(group.lower() instanceof WindowNode.Bound.Unbounded)
                && !(group.upper() instanceof WindowNode.Bound.Unbounded);
    }

    void update(Column[] columns, WindowNode.Call call, Integer[] order, int base, int size, int partitionIndex,
                int[] frameStart, int[] frameEnd, int batchSize) {
        if (wholePartition) {
            int group = groupCount++;
            int[] positions = new int[size];
            for (int i = 0; i < size; i++) {
                positions[i] = order[base + i];
                groupOfRow[positions[i]] = group;
            }
            for (int from = 0; from < size; from += batchSize) {
                int n = Math.min(batchSize, size - from);
                int[] slice = java.util.Arrays.copyOfRange(positions, from, from + n);
                int[] groups = new int[n];
                java.util.Arrays.fill(groups, group);
                accumulator.update(groups, n, arguments(columns, call, slice, n));
            }
            return;
        }
        int[] groups = new int[batchSize];
        int[] positions = new int[batchSize];
        int n = 0;
        for (int i = 0; i < size; i++) {
            int group = groupCount++;
            groupOfRow[order[base + i]] = group;
            for (int j = frameStart[i]; j < frameEnd[i]; j++) {
                groups[n] = group;
                positions[n++] = order[base + j];
                if (n == batchSize) {
                    accumulator.update(groups, n, arguments(columns, call, positions, n));
                    n = 0;
                }
            }
        }
        if (n > 0) {
            accumulator.update(groups, n, arguments(columns, call, positions, n));
        }
    }

    private static Column[] arguments(Column[] columns, WindowNode.Call call, int[] positions, int n) {
        Column[] args = new Column[call.args().size()];
        for (int k = 0; k < args.length; k++) {
            args[k] = Columns.gather(columns[call.args().get(k)], positions, n);
        }
        return args;
    }

    /** Writes every group and scatters the results to their rows. */
    void finish(Object[] results) {
        Column values = accumulator.finish(groupCount);
        for (int row = 0; row < results.length; row++) {
            results[row] = values.get(groupOfRow[row]);
        }
    }
}
