package io.codeanatomy.engine.core.internal.exec.vector;

import org.apache.arrow.vector.types.pojo.ArrowType;

/** Booleans with SQL three-valued logic: a NULL is UNKNOWN. */
public final class BoolColumn extends Column {
    public static final ArrowType TYPE = ArrowType.Bool.INSTANCE;
    public final boolean[] values;

    public BoolColumn(boolean[] values, int size, boolean[] nulls) {
        super(TYPE, size, nulls);
        this.values = values;
    }

    public static BoolColumn allocate(int size) {
        return new BoolColumn(new boolean[size], size, null);
    }

    /** True where the value is TRUE (not FALSE, not NULL). */
    public boolean isTrue(int i) {
        return values[i] && (nulls == null || !nulls[i]);
    }

    @Override
    public Object get(int i) {
        return isNull(i) ? null : values[i];
    }
}
