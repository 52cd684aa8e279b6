package io.codeanatomy.engine.core.tables;

import io.codeanatomy.engine.core.internal.exec.expr.Casts;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.ObjectColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Scalars;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.RootBatchStream;
import io.codeanatomy.engine.core.spi.ColumnStatistics;
import io.codeanatomy.engine.core.spi.ScanRequest;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.codeanatomy.engine.core.spi.TableStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An in-memory table of Arrow batches. Scans share the batches' buffers (no copy). The table's content is an
 * immutable snapshot; {@link #replaceWith} swaps in a new snapshot atomically, so a running scan keeps reading the
 * snapshot it started on. Owns its batches: {@link #close()} releases them.
 *
 * @since 0.1
 */
public final class MemoryTable implements TableProvider, AutoCloseable {
    private final Schema schema;
    private volatile Snapshot snapshot;

    private record Snapshot(List<VectorSchemaRoot> batches, long rows) {}

    private MemoryTable(Schema schema, List<VectorSchemaRoot> batches) {
        this.schema = schema;
        this.snapshot = snapshot(schema, batches);
    }

    /** Adopts {@code batches} (each must have {@code schema}'s fields); the table closes them. */
    public static MemoryTable of(Schema schema, List<VectorSchemaRoot> batches) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(batches, "batches");
        return new MemoryTable(schema, List.copyOf(batches));
    }

    /** An empty table. */
    public static MemoryTable empty(Schema schema) {
        return of(schema, List.of());
    }

    /**
     * Builds a table from Java rows. Values use the Java types {@code QueryResult.rows()} returns (Integer, Long,
     * String, BigDecimal, LocalDate, ...); numbers are converted to the column's type.
     *
     * @throws IllegalArgumentException if a row has the wrong number of values or a value does not fit its column
     */
    public static MemoryTable fromRows(BufferAllocator allocator, Schema schema, List<? extends List<?>> rows) {
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(schema, "schema");
        List<Field> fields = schema.getFields();
        int n = rows.size();
        Object[][] columns = new Object[fields.size()][n];
        for (int r = 0; r < n; r++) {
            List<?> row = rows.get(r);
            if (row.size() != fields.size()) {
                throw new IllegalArgumentException("Row " + r + " has " + row.size() + " values but the schema has "
                        + fields.size() + " columns " + fields.stream().map(Field::getName).toList());
            }
            for (int c = 0; c < fields.size(); c++) {
                Field field = fields.get(c);
                Object value = row.get(c);
                if (value == null && !field.isNullable()) {
                    throw new IllegalArgumentException("Row " + r + ", column '" + field.getName()
                            + "' is NULL but the column is NOT NULL");
                }
                try {
                    columns[c][r] = Scalars.toInternal(field.getType(), value);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("Row " + r + ", column '" + field.getName() + "': value " + value
                            + " (" + value.getClass().getSimpleName() + ") does not fit type " + field.getType(), e);
                }
            }
        }
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (int c = 0; c < fields.size(); c++) {
                Field field = fields.get(c);
                ObjectColumn column = new ObjectColumn(field.getType(), columns[c], n);
                vectors.add(Columns.pack(Casts.cast(column, field.getType(), n), field, allocator));
            }
        } catch (RuntimeException e) {
            Vectors.closeAll(vectors);
            throw e;
        }
        return of(schema, n == 0 ? List.of() : List.of(Vectors.root(schema, vectors, n)));
    }

    private static Snapshot snapshot(Schema schema, List<VectorSchemaRoot> batches) {
        long rows = 0;
        for (VectorSchemaRoot batch : batches) {
            if (!batch.getSchema().getFields().equals(schema.getFields())) {
                throw new IllegalArgumentException("Batch schema " + batch.getSchema() + " differs from the table schema " + schema);
            }
            rows += batch.getRowCount();
        }
        return new Snapshot(List.copyOf(batches), rows);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    /** The current batches, borrowed: valid until the next {@link #replaceWith} or {@link #close()}. */
    public List<VectorSchemaRoot> batches() {
        return snapshot.batches();
    }

    public long rowCount() {
        return snapshot.rows();
    }

    /**
     * Swaps in {@code newBatches} (adopted) and releases the old ones. A writer builds the new batches completely
     * first, so a failed statement never leaves half its rows behind.
     */
    public synchronized void replaceWith(List<VectorSchemaRoot> newBatches) {
        Snapshot next = snapshot(schema, newBatches);
        Snapshot previous = snapshot;
        snapshot = next;
        previous.batches().forEach(VectorSchemaRoot::close);
    }

    @Override
    public TableStatistics statistics(SessionView session) {
        Snapshot current = snapshot;
        CachedStatistics cached = statistics;
        if (cached != null && cached.snapshot == current) {
            return cached.statistics;
        }
        // per column on first use: each costs a pass over the column (a sample of it for distinct counts), and
        // planning reads only the columns a query joins, groups or filters on
        List<String> names = schema.getFields().stream().map(Field::getName).toList();
        TableStatistics result = TableStatistics.lazy(OptionalLong.of(current.rows()), names,
                name -> columnStatistics(current, columnIndex(name)));
        statistics = new CachedStatistics(current, result);
        return result;
    }

    /** Statistics of one column of {@code at}; unknown once that snapshot was replaced or the table closed. */
    private synchronized ColumnStatistics columnStatistics(Snapshot at, int c) {
        if (snapshot != at) {       // its batches may be released (close() swaps in an empty snapshot too)
            return ColumnStatistics.UNKNOWN;
        }
        long nulls = 0;
        for (VectorSchemaRoot batch : at.batches()) {
            nulls += batch.getVector(c).getNullCount();
        }
        OptionalLong distinct = nulls == 0 && strictlyIncreasing(at, c) ? OptionalLong.of(at.rows())
                : DistinctEstimate.of(at.batches(), c, at.rows());
        Object[] range = range(at, c);
        return new ColumnStatistics(OptionalLong.of(nulls), distinct, java.util.Optional.ofNullable(range[0]),
                java.util.Optional.ofNullable(range[1]));
    }

    private record CachedStatistics(Snapshot snapshot, TableStatistics statistics) {}

    private volatile CachedStatistics statistics;

    /**
     * The smallest and largest non-null value of an integer, date or double column ({@code Long}, {@code LocalDate},
     * {@code Double}, as {@link io.codeanatomy.engine.core.spi.Expression.Literal} holds them), exact: one pass over
     * the column. Range predicates get their selectivity from these. Nulls for other types or no values.
     */
    private static Object[] range(Snapshot snapshot, int column) {
        long low = Long.MAX_VALUE;       // integers and days, exact
        long high = Long.MIN_VALUE;
        double lowDouble = Double.POSITIVE_INFINITY;
        double highDouble = Double.NEGATIVE_INFINITY;
        Object[] none = {null, null};
        FieldVector kind = null;
        for (VectorSchemaRoot batch : snapshot.batches()) {
            FieldVector vector = batch.getVector(column);
            kind = vector;
            boolean nullable = vector.getNullCount() > 0;
            int n = batch.getRowCount();
            switch (vector) {
                case org.apache.arrow.vector.BigIntVector v -> {
                    for (int i = 0; i < n; i++) {
                        if (!nullable || !v.isNull(i)) {
                            low = Math.min(low, v.get(i));
                            high = Math.max(high, v.get(i));
                        }
                    }
                }
                case org.apache.arrow.vector.IntVector v -> {
                    for (int i = 0; i < n; i++) {
                        if (!nullable || !v.isNull(i)) {
                            low = Math.min(low, v.get(i));
                            high = Math.max(high, v.get(i));
                        }
                    }
                }
                case org.apache.arrow.vector.DateDayVector v -> {
                    for (int i = 0; i < n; i++) {
                        if (!nullable || !v.isNull(i)) {
                            low = Math.min(low, v.get(i));
                            high = Math.max(high, v.get(i));
                        }
                    }
                }
                case org.apache.arrow.vector.Float8Vector v -> {
                    for (int i = 0; i < n; i++) {
                        if (!nullable || !v.isNull(i)) {
                            double x = v.get(i);
                            if (!Double.isNaN(x)) {
                                lowDouble = Math.min(lowDouble, x);
                                highDouble = Math.max(highDouble, x);
                            }
                        }
                    }
                }
                default -> {
                    return none;
                }
            }
        }
        if (kind instanceof org.apache.arrow.vector.Float8Vector) {
            return lowDouble <= highDouble ? new Object[] {lowDouble, highDouble} : none;
        }
        if (kind == null || low > high) {
            return none;       // no rows, or only NULLs
        }
        return kind instanceof org.apache.arrow.vector.DateDayVector
                ? new Object[] {java.time.LocalDate.ofEpochDay(low), java.time.LocalDate.ofEpochDay(high)}
                : new Object[] {low, high};
    }

    /**
     * Whether an integer column's values increase strictly from row to row: then every value is distinct (generated
     * and loaded keys often are). One pass that stops at the first step down; other columns report no count.
     */
    private static boolean strictlyIncreasing(Snapshot snapshot, int column) {
        long previous = Long.MIN_VALUE;
        boolean first = true;
        for (VectorSchemaRoot batch : snapshot.batches()) {
            var vector = batch.getVector(column);
            if (!(vector instanceof org.apache.arrow.vector.BigIntVector) && !(vector instanceof org.apache.arrow.vector.IntVector)) {
                return false;
            }
            for (int i = 0; i < batch.getRowCount(); i++) {
                long value = vector instanceof org.apache.arrow.vector.BigIntVector b ? b.get(i)
                        : ((org.apache.arrow.vector.IntVector) vector).get(i);
                if (!first && value <= previous) {
                    return false;
                }
                previous = value;
                first = false;
            }
        }
        return true;
    }

    @Override
    public BatchStream scan(SessionView session, ScanRequest request) {
        Snapshot current = snapshot;
        int[] indexes = request.columns().stream().mapToInt(this::columnIndex).toArray();
        List<Field> fields = new ArrayList<>();
        for (int index : indexes) {
            fields.add(schema.getFields().get(index));
        }
        Schema projected = new Schema(fields);
        long limit = request.limit().orElse(Long.MAX_VALUE);
        // Slice every batch now: slices hold references to the buffers, so the scan keeps reading this snapshot
        // even if a writer replaces the table's content meanwhile.
        List<VectorSchemaRoot> slices = new ArrayList<>();
        try {
            long taken = 0;
            for (VectorSchemaRoot batch : current.batches()) {
                int rows = (int) Math.min(batch.getRowCount(), limit - taken);
                if (rows <= 0) {
                    if (taken >= limit) {
                        break;
                    }
                    continue;
                }
                List<FieldVector> vectors = new ArrayList<>(indexes.length);
                for (int index : indexes) {
                    vectors.add(Vectors.slice(batch.getVector(index), 0, rows, session.allocator()));
                }
                slices.add(Vectors.root(projected, vectors, rows));
                taken += rows;
            }
        } catch (RuntimeException e) {
            slices.forEach(VectorSchemaRoot::close);
            throw e;
        }
        return new RootBatchStream(projected) {
            private int next;

            @Override
            protected VectorSchemaRoot nextRoot() {
                if (next >= slices.size()) {
                    return null;
                }
                VectorSchemaRoot root = slices.get(next);
                slices.set(next++, null);
                return root;
            }

            @Override
            protected void release() {
                for (int i = next; i < slices.size(); i++) {
                    if (slices.get(i) != null) {
                        slices.get(i).close();
                        slices.set(i, null);
                    }
                }
            }
        };
    }

    private int columnIndex(String name) {
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Column '" + name + "' is not in this table; columns are "
                + fields.stream().map(Field::getName).toList());
    }

    @Override
    public synchronized void close() {
        snapshot.batches().forEach(VectorSchemaRoot::close);
        snapshot = new Snapshot(List.of(), 0);
    }
}
