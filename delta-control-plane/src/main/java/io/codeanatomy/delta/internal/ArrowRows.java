package io.codeanatomy.delta.internal;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Row selection over Arrow batches, shared by the scan (filter + projection) and copy-on-write DML. */
public final class ArrowRows {
    private ArrowRows() {}

    /**
     * A new batch of {@code schema} holding, for each of its columns {@code c}, column {@code columns[c]} of
     * {@code from} at rows {@code rows[0..n)} ({@code rows == null}: the first {@code n} rows). The caller owns it.
     */
    public static VectorSchemaRoot select(VectorSchemaRoot from, int[] columns, int[] rows, int n, Schema schema,
                                          BufferAllocator allocator) {
        VectorSchemaRoot out = VectorSchemaRoot.create(schema, allocator);
        try {
            for (int c = 0; c < columns.length; c++) {
                FieldVector source = from.getVector(columns[c]);
                FieldVector target = out.getVector(c);
                target.setInitialCapacity(n);
                target.allocateNew();
                for (int i = 0; i < n; i++) {
                    target.copyFromSafe(rows == null ? i : rows[i], i, source);
                }
                target.setValueCount(n);
            }
            out.setRowCount(n);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** The positions {@code 0..n)} not in {@code ascending}. */
    public static int[] complement(int[] ascending, int n) {
        int[] rest = new int[n - ascending.length];
        for (int r = 0, k = 0, d = 0; r < n; r++) {
            if (d < ascending.length && ascending[d] == r) {
                d++;
            } else {
                rest[k++] = r;
            }
        }
        return rest;
    }

    public static int[] identity(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
