package io.codeanatomy.engine.core.internal.exec.agg;

import java.util.Arrays;

/** A group's key values (internal representation) with value equality; NULLs group together, as SQL requires. */
record GroupKey(Object[] values) {
    @Override
    public boolean equals(Object o) {
        return o instanceof GroupKey other && Arrays.deepEquals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }
}
