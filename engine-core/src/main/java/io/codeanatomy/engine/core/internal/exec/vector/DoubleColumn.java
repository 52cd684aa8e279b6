package io.codeanatomy.engine.core.internal.exec.vector;

import org.apache.arrow.vector.types.pojo.ArrowType;

/** 32- and 64-bit floating point. */
public final class DoubleColumn extends Column {
    public final double[] values;

    public DoubleColumn(ArrowType type, double[] values, int size, boolean[] nulls) {
        super(type, size, nulls);
        this.values = values;
    }

    public static DoubleColumn allocate(ArrowType type, int size) {
        return new DoubleColumn(type, new double[size], size, null);
    }

    @Override
    public Object get(int i) {
        return isNull(i) ? null : values[i];
    }
}
