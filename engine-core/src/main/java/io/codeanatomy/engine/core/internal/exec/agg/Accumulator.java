package io.codeanatomy.engine.core.internal.exec.agg;

import io.codeanatomy.engine.core.internal.exec.vector.Column;

/**
 * The per-group state of one aggregate call. Groups are dense ids 0..n; the hash aggregation assigns them.
 * Vectorized: one call per batch.
 */
public interface Accumulator {
    /**
     * Folds rows {@code 0..n)} of {@code args} into their groups; {@code groups[i]} is row i's group, and every group
     * is below {@code groupCount}: a grouping table knows its size, so each accumulator need not scan the ids of every
     * batch for the largest (six scans a batch in TPC-H q1).
     */
    void update(int[] groups, int n, int groupCount, Column[] args);

    /** {@link #update(int[], int, int, Column[])} of ids whose bound the caller does not know. */
    default void update(int[] groups, int n, Column[] args) {
        update(groups, n, Accumulators.maxGroup(groups, n) + 1, args);
    }

    /** The final values of groups {@code 0..groupCount)}. */
    Column finish(int groupCount);
}
