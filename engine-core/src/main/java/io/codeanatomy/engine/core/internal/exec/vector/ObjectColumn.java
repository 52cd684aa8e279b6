package io.codeanatomy.engine.core.internal.exec.vector;

import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Everything without a primitive layout: decimals too wide for 64 bits (BigDecimal), lists (java.util.List),
 * structs and maps (java.util.Map), and the NULL type. The slow path; hot types never land here.
 */
public final class ObjectColumn extends Column {
    public final Object[] values;

    public ObjectColumn(ArrowType type, Object[] values, int size) {
        super(type, size, null);
        this.values = values;
        for (int i = 0; i < size; i++) {
            if (values[i] == null) {
                if (nulls == null) {
                    nulls = new boolean[size];
                }
                nulls[i] = true;
            }
        }
    }

    @Override
    public Object get(int i) {
        return values[i];
    }
}
