package io.codeanatomy.delta.internal;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Copies rows of a Kernel batch (as Kernel's Parquet reader produces them) into Arrow vectors. Kernel exposes values
 * only through per-row getters, so this is a typed loop per column, with no boxing for fixed-width types.
 */
public final class KernelToArrow {
    private KernelToArrow() {}

    /**
     * Copies the rows at {@code positions[0..count)} of the columns {@code ordinals} of {@code batch} into a new root
     * of {@code schema} (whose fields match those columns in order). The caller owns the result.
     */
    public static VectorSchemaRoot copy(ColumnarBatch batch, int[] ordinals, int[] positions, int count, Schema schema,
                                        BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            List<FieldVector> vectors = root.getFieldVectors();
            for (int c = 0; c < ordinals.length; c++) {
                copyColumn(batch.getColumnVector(ordinals[c]), vectors.get(c), positions, count);
            }
            root.setRowCount(count);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static void copyColumn(ColumnVector in, FieldVector out, int[] positions, int count) {
        out.setInitialCapacity(count);
        out.allocateNew();
        switch (out) {
            case BitVector v -> {
                for (int i = 0; i < count; i++) {
                    int r = positions[i];
                    if (in.isNullAt(r)) v.setNull(i); else v.set(i, in.getBoolean(r) ? 1 : 0);
                }
            }
            case TinyIntVector v -> {
                for (int i = 0; i < count; i++) {
                    int r = positions[i];
                    if (in.isNullAt(r)) v.setNull(i); else v.set(i, in.getByte(r));
                }
            }
            case SmallIntVector v -> {
                for (int i = 0; i < count; i++) {
                    int r = positions[i];
                    if (in.isNullAt(r)) v.setNull(i); else v.set(i, in.getShort(r));
                }
            }
            case IntVector v -> {
                for (int i = 0; i < count; i++) {
                    int r = positions[i];
                    if (in.isNullAt(r)) v.setNull(i); else v.set(i, in.getInt(r));
                }
            }
            case DateDayVector v -> {
                for (int i = 0; i < count; i++) {
                    int r = positions[i];
                    if (in.isNullAt(r)) v.setNull(i); else v.set(i, in.getInt(r));
                }
            }
            case BigIntVector v -> {
                for (int i = 0; i < count; i++) {
                    int r = positions[i];
                    if (in.isNullAt(r)) v.setNull(i); else v.set(i, in.getLong(r));
                }
            }
            case TimeStampVector v -> {
                for (int i = 0; i < count; i++) {
                    int r = positions[i];
                    if (in.isNullAt(r)) v.setNull(i); else v.set(i, in.getLong(r));
                }
            }
            case Float4Vector v -> {
                for (int i = 0; i < count; i++) {
                    int r = positions[i];
                    if (in.isNullAt(r)) v.setNull(i); else v.set(i, in.getFloat(r));
                }
            }
            case Float8Vector v -> {
                for (int i = 0; i < count; i++) {
                    int r = positions[i];
                    if (in.isNullAt(r)) v.setNull(i); else v.set(i, in.getDouble(r));
                }
            }
            case DecimalVector v -> {
                for (int i = 0; i < count; i++) {
                    int r = positions[i];
                    if (in.isNullAt(r)) v.setNull(i); else v.setSafe(i, in.getDecimal(r).setScale(v.getScale()));
                }
            }
            case VarCharVector v -> {
                for (int i = 0; i < count; i++) {
                    int r = positions[i];
                    if (in.isNullAt(r)) v.setNull(i); else v.setSafe(i, in.getString(r).getBytes(StandardCharsets.UTF_8));
                }
            }
            case VarBinaryVector v -> {
                for (int i = 0; i < count; i++) {
                    int r = positions[i];
                    if (in.isNullAt(r)) v.setNull(i); else v.setSafe(i, in.getBinary(r));
                }
            }
            default -> throw new IllegalStateException("no Kernel-to-Arrow copy for " + out.getField());
        }
        out.setValueCount(count);
    }
}
