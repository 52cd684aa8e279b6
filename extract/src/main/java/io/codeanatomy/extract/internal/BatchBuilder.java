package io.codeanatomy.extract.internal;

import java.nio.charset.StandardCharsets;
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
    /** Column types and nullability as arrays: read per cell, where list lookups showed in profiles. */
    private final TableSpec.Type[] types;
    private final boolean[] nullable;
    private VectorSchemaRoot root;
    private FieldVector[] vectors;
    private int rows;
    private long total;

    public BatchBuilder(TableSpec spec, BufferAllocator allocator, int batchRows, Consumer<VectorSchemaRoot> out) {
        this.spec = spec;
        this.allocator = allocator;
        this.batchRows = batchRows;
        this.out = out;
        this.types = spec.columns().stream().map(TableSpec.Column::type).toArray(TableSpec.Type[]::new);
        this.nullable = new boolean[types.length];
        for (int c = 0; c < types.length; c++) {
            nullable[c] = spec.columns().get(c).nullable();
        }
    }

    public TableSpec spec() {
        return spec;
    }

    public long totalRows() {
        return total;
    }

    public void append(Object[] row) {
        if (row.length != types.length) {
            throw new IllegalArgumentException(spec.name() + " has " + types.length + " columns, row has " + row.length);
        }
        if (root == null) {
            root = VectorSchemaRoot.create(spec.schema(), allocator);
            vectors = root.getFieldVectors().toArray(new FieldVector[0]);
            // Sized for a default batch once rather than regrown by doubling; capped so a huge batchRows does not
            // reserve memory for every table up front.
            for (FieldVector vector : vectors) {
                vector.setInitialCapacity(Math.min(batchRows, 8192));
            }
            root.allocateNew();
        }
        for (int c = 0; c < row.length; c++) {
            Object value = row[c];
            FieldVector vector = vectors[c];
            if (value == null) {
                if (!nullable[c]) {
                    throw new IllegalArgumentException(spec.name() + "." + spec.columns().get(c).name() + " is NOT NULL");
                }
                vector.setNull(rows);
                continue;
            }
            switch (types[c]) {
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
        vectors = null;
        rows = 0;
        out.accept(full);
    }

    @Override
    public void close() {
        if (root != null) {
            root.close();
            root = null;
            vectors = null;
            rows = 0;
        }
    }
}
