package io.codeanatomy.engine.core.internal.exec.vector;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/** Whole-vector moves: zero-copy slices, gathers of selected rows, and field conversions. */
public final class Vectors {
    private Vectors() {}

    /**
     * A new vector sharing {@code source}'s buffers for rows {@code [start, start + length)}, accounted to
     * {@code allocator}. The source is left intact.
     */
    public static FieldVector slice(FieldVector source, int start, int length, BufferAllocator allocator) {
        TransferPair pair = source.getTransferPair(source.getField(), allocator);
        pair.splitAndTransfer(start, length);
        return (FieldVector) pair.getTo();
    }

    /** The rows {@code sel[0..n)} of {@code source} as a new vector of {@code target}'s field. */
    public static FieldVector gather(FieldVector source, int[] sel, int n, Field target, BufferAllocator allocator) {
        if (sel == null && source.getField().getType().equals(target.getType())) {
            TransferPair pair = source.getTransferPair(target, allocator);
            pair.splitAndTransfer(0, n);
            return (FieldVector) pair.getTo();
        }
        if (PhysicalKind.of(target.getType()) != PhysicalKind.OBJECT && PhysicalKind.of(source.getField().getType()) != PhysicalKind.OBJECT) {
            return Columns.pack(Columns.unpack(source, sel, n), target, allocator);
        }
        FieldVector out = target.createVector(allocator);
        try {
            out.allocateNew();
            TransferPair copier = source.makeTransferPair(out);
            for (int i = 0; i < n; i++) {
                copier.copyValueSafe(sel == null ? i : sel[i], i);
            }
            out.setValueCount(n);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** Closes every vector, keeping the first failure. */
    public static void closeAll(List<? extends AutoCloseable> vectors) {
        try {
            AutoCloseables.close(vectors);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A root adopting {@code vectors} under {@code schema}'s fields. */
    public static VectorSchemaRoot root(Schema schema, List<FieldVector> vectors, int rows) {
        return new VectorSchemaRoot(schema.getFields(), new ArrayList<>(vectors), rows);
    }
}
