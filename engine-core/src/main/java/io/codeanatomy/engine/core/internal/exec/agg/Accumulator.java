package io.codeanatomy.engine.core.internal.exec.agg;

import io.codeanatomy.engine.core.internal.exec.vector.Column;

/**
 * The per-group state of one aggregate call. Groups are dense ids 0..n; the hash aggregation assigns them.
 * Vectorized: one call per batch.
 */
public interface Accumulator {
    /** Folds rows {@code 0..n)} of {@code args} into their groups; {@code groups[i]} is row i's group. */
    void update(int[] groups, int n, Column[] args);

    /** The final values of groups {@code 0..groupCount)}. */
    Column finish(int groupCount);
}
