package io.codeanatomy.engine.core.internal.exec.vector;

import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The engine's in-flight vector format for expression evaluation: the selected rows of one batch, densely packed in
 * primitive arrays so kernels are plain loops the JIT can unroll. Arrow stays the format between operators; columns
 * are unpacked from Arrow at the start of an expression and packed back at its end (see {@link Columns}).
 *
 * <p>{@code nulls} is null when no value is null; otherwise {@code nulls[i]} marks row i NULL and its value slot is
 * unspecified. Arrays may be longer than {@code size}.
 */
public abstract sealed class Column permits LongColumn, DoubleColumn, BoolColumn, BytesColumn, ObjectColumn {
    public final ArrowType type;
    public final int size;
    public boolean[] nulls;

    Column(ArrowType type, int size, boolean[] nulls) {
        this.type = type;
        this.size = size;
        this.nulls = nulls;
    }

    public final boolean isNull(int i) {
        return nulls != null && nulls[i];
    }

    public final boolean hasNulls() {
        if (nulls == null) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (nulls[i]) {
                return true;
            }
        }
        return false;
    }

    /** The value at row i as a Java object in the engine's scalar representation ({@link Scalars}); null for NULL. */
    public abstract Object get(int i);
}
