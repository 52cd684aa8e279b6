package io.codeanatomy.engine.core.internal.exec.vector;

import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Integers of every width, dates (days since epoch), times and timestamps (microseconds), intervals (months, or
 * milliseconds for day-time), and decimals whose unscaled values fit in 64 bits (scale from the decimal type).
 */
public final class LongColumn extends Column {
    public final long[] values;

    public LongColumn(ArrowType type, long[] values, int size, boolean[] nulls) {
        super(type, size, nulls);
        this.values = values;
    }

    public static LongColumn allocate(ArrowType type, int size) {
        return new LongColumn(type, new long[size], size, null);
    }

    @Override
    public Object get(int i) {
        return isNull(i) ? null : Scalars.fromLong(type, values[i]);
    }
}
