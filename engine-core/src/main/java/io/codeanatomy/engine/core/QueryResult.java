package io.codeanatomy.engine.core;

import io.codeanatomy.engine.core.internal.exec.vector.Scalars;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A fully collected query result. Owns its batches and the allocator they live in; close it to release them.
 *
 * @since 0.1
 */
public final class QueryResult implements AutoCloseable {
    private final Schema schema;
    private final List<VectorSchemaRoot> batches;
    private final BufferAllocator allocator;
    private boolean closed;

    /** Adopts {@code batches} and {@code allocator} (which may be null when the batches use a borrowed one). */
    public QueryResult(Schema schema, List<VectorSchemaRoot> batches, BufferAllocator allocator) {
        this.schema = schema;
        this.batches = Collections.unmodifiableList(new ArrayList<>(batches));
        this.allocator = allocator;
    }

    public Schema schema() {
        return schema;
    }

    /** The batches, borrowed until {@link #close()}. */
    public List<VectorSchemaRoot> batches() {
        return batches;
    }

    public long rowCount() {
        long rows = 0;
        for (VectorSchemaRoot b : batches) {
            rows += b.getRowCount();
        }
        return rows;
    }

    /**
     * Every row as a list of Java values: Byte/Short/Integer/Long, Float/Double, BigDecimal, String, byte[],
     * LocalDate, LocalTime, LocalDateTime (Instant with a time zone), Period, Duration, List, Map; null for NULL.
     */
    public List<List<Object>> rows() {
        List<List<Object>> rows = new ArrayList<>();
        for (VectorSchemaRoot b : batches) {
            List<FieldVector> vectors = b.getFieldVectors();
            for (int r = 0; r < b.getRowCount(); r++) {
                List<Object> row = new ArrayList<>(vectors.size());
                for (FieldVector v : vectors) {
                    row.add(v.isNull(r) ? null : Scalars.toExternal(v.getField().getType(),
                            Scalars.toInternal(v.getField().getType(), v.getObject(r))));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The rows as an aligned text table with a header, like a SQL shell prints. */
    public String format() {
        List<String> header = schema.getFields().stream().map(f -> f.getName()).toList();
        List<List<String>> cells = new ArrayList<>();
        for (List<Object> row : rows()) {
            cells.add(row.stream().map(QueryResult::display).toList());
        }
        return TextTable.render(header, cells);
    }

    static String display(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + java.util.HexFormat.of().formatHex(bytes);
        }
        if (value instanceof java.time.LocalDateTime t) {
            return t.toString().replace('T', ' ');
        }
        if (value instanceof java.math.BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (VectorSchemaRoot b : batches) {
                b.close();
            }
        } finally {
            if (allocator != null) {
                allocator.close();
            }
        }
    }
}
