package io.codeanatomy.engine.core.internal.exec.vector;

import java.util.Arrays;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Assembles one column of {@code n} rows from pieces computed on subsets of rows (CASE branches, COALESCE
 * fallbacks). Rows never written are NULL. Every piece must have the assembler's physical kind and, for decimals,
 * its scale.
 */
public final class ColumnAssembler {
    private final ArrowType type;
    private final int n;
    private final PhysicalKind kind;
    private final boolean[] nulls;
    private long[] longs;
    private double[] doubles;
    private boolean[] bools;
    private Object[] objects;
    private byte[][] bytes;

    public ColumnAssembler(ArrowType type, int n) {
        this.type = type;
        this.n = n;
        this.kind = PhysicalKind.of(type);
        this.nulls = new boolean[n];
        Arrays.fill(nulls, true);
        switch (kind) {
            case LONG -> longs = new long[n];
            case DOUBLE -> doubles = new double[n];
            case BOOL -> bools = new boolean[n];
            case BYTES -> bytes = new byte[n][];
            case OBJECT -> objects = new Object[n];
        }
    }

    /** Writes {@code piece}'s row j to row {@code positions[j]}, for j in 0..count. */
    public void put(Column piece, int[] positions, int count) {
        if (kind == PhysicalKind.LONG && piece instanceof ObjectColumn) {
            promoteToObjects();
        }
        for (int j = 0; j < count; j++) {
            int row = positions == null ? j : positions[j];
            if (piece.isNull(j)) {
                nulls[row] = true;
                continue;
            }
            nulls[row] = false;
            switch (piece) {
                case LongColumn l when longs != null -> longs[row] = l.values[j];
                case DoubleColumn d -> doubles[row] = d.values[j];
                case BoolColumn b -> bools[row] = b.values[j];
                case BytesColumn b -> bytes[row] = b.getBytes(j);
                default -> {
                    if (objects == null) {
                        promoteToObjects();
                    }
                    objects[row] = piece.get(j);
                }
            }
        }
    }

    private void promoteToObjects() {
        if (objects != null) {
            return;
        }
        objects = new Object[n];
        if (longs != null) {
            for (int i = 0; i < n; i++) {
                objects[i] = nulls[i] ? null : Scalars.fromLong(type, longs[i]);
            }
            longs = null;
        }
    }

    public Column build() {
        boolean anyNull = false;
        for (boolean b : nulls) {
            anyNull |= b;
        }
        boolean[] outNulls = anyNull ? nulls : null;
        if (objects != null) {
            Object[] values = objects.clone();
            for (int i = 0; i < n; i++) {
                if (nulls[i]) {
                    values[i] = null;
                }
            }
            return new ObjectColumn(type, values, n);
        }
        return switch (kind) {
            case LONG -> new LongColumn(type, longs, n, outNulls);
            case DOUBLE -> new DoubleColumn(type, doubles, n, outNulls);
            case BOOL -> new BoolColumn(bools, n, outNulls);
            case BYTES -> {
                BytesColumn.Builder builder = new BytesColumn.Builder(type, n, 16 * n);
                for (int i = 0; i < n; i++) {
                    if (nulls[i]) {
                        builder.appendNull();
                    } else {
                        builder.append(bytes[i]);
                    }
                }
                yield builder.build();
            }
            case OBJECT -> throw new IllegalStateException("unreachable");
        };
    }
}
