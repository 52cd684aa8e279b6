package io.codeanatomy.extract.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Appends rows of one table into Arrow vectors and hands a full batch to {@code out} every {@code batchRows} rows.
 * Owns the batch being filled until it is handed over; {@link #close()} releases an unflushed batch. Not thread-safe.
 */
public final class BatchBuilder implements AutoCloseable {
    private final TableSpec spec;
    private final BufferAllocator allocator;
    private final int batchRows;
    private final Consumer<VectorSchemaRoot> out;
    private VectorSchemaRoot root;
    private int rows;
    private long total;

    public BatchBuilder(TableSpec spec, BufferAllocator allocator, int batchRows, Consumer<VectorSchemaRoot> out) {
        this.spec = spec;
        this.allocator = allocator;
        this.batchRows = batchRows;
        this.out = out;
    }

    public TableSpec spec() {
        return spec;
    }

    public long totalRows() {
        return total;
    }

    public void append(Object[] row) {
        if (row.length != spec.columns().size()) {
            throw new IllegalArgumentException(spec.name() + " has " + spec.columns().size() + " columns, row has " + row.length);
        }
        if (root == null) {
            root = VectorSchemaRoot.create(spec.schema(), allocator);
            root.allocateNew();
        }
        List<FieldVector> vectors = root.getFieldVectors();
        for (int c = 0; c < row.length; c++) {
            Object value = row[c];
            FieldVector vector = vectors.get(c);
            if (value == null) {
                if (!spec.columns().get(c).nullable()) {
                    throw new IllegalArgumentException(spec.name() + "." + spec.columns().get(c).name() + " is NOT NULL");
                }
                vector.setNull(rows);
                continue;
            }
            switch (spec.columns().get(c).type()) {
                case UTF8 -> {
                    if (value instanceof Utf8Slice slice) {
                        ((VarCharVector) vector).setSafe(rows, slice.bytes(), slice.offset(), slice.length());
                    } else {
                        ((VarCharVector) vector).setSafe(rows, ((String) value).getBytes(StandardCharsets.UTF_8));
                    }
                }
                case INT64 -> ((BigIntVector) vector).setSafe(rows, ((Number) value).longValue());
                case INT32 -> ((IntVector) vector).setSafe(rows, ((Number) value).intValue());
                case BOOL -> ((BitVector) vector).setSafe(rows, (Boolean) value ? 1 : 0);
                case FLOAT64 -> ((Float8Vector) vector).setSafe(rows, ((Number) value).doubleValue());
            }
        }
        rows++;
        total++;
        if (rows >= batchRows) {
            flush();
        }
    }

    /** Hands the current partial batch (if any) to the consumer. */
    public void flush() {
        if (root == null || rows == 0) {
            return;
        }
        VectorSchemaRoot full = root;
        full.setRowCount(rows);
        root = null;
        rows = 0;
        out.accept(full);
    }

    @Override
    public void close() {
        if (root != null) {
            root.close();
            root = null;
            rows = 0;
        }
    }
}
