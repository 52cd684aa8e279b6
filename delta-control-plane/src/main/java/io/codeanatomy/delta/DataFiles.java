package io.codeanatomy.delta;

import io.codeanatomy.delta.internal.ArrowKernelBatch;
import io.codeanatomy.delta.internal.KernelTypes;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes Arrow batches as Parquet data files of a table and returns the add actions for them (not yet committed).
 * Input columns are matched to table columns by name; table columns the input lacks are written as NULLs.
 */
final class DataFiles {
    private DataFiles() {}

    /** A source of borrowed batches: each is valid until the next call. Null at the end. */
    @FunctionalInterface
    interface Batches {
        VectorSchemaRoot next();
    }

    record Written(List<Row> actions, long rows, int files) {}

    /**
     * Checks {@code input} against the table schema and returns, per table column, the input column index or -1 for
     * a column written as NULLs.
     *
     * @throws DeltaSchemaException naming every mismatch
     */
    static int[] conform(Schema input, StructType table, String location) {
        int[] source = new int[table.length()];
        List<String> problems = new ArrayList<>();
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < input.getFields().size(); i++) {
            byName.put(input.getFields().get(i).getName(), i);
        }
        for (int c = 0; c < table.length(); c++) {
            StructField column = table.at(c);
            Integer index = byName.remove(column.getName());
            if (index == null) {
                source[c] = -1;
                if (!column.isNullable()) {
                    problems.add("column " + column.getName() + " is NOT NULL but the input lacks it");
                }
                continue;
            }
            Field field = input.getFields().get(index);
            DataType type = KernelTypes.toDelta(field);
            if (!type.equivalent(column.getDataType())) {
                problems.add("column " + column.getName() + " is " + column.getDataType() + " in the table but "
                        + type + " in the input (CAST it)");
            }
            source[c] = index;
        }
        if (!byName.isEmpty()) {
            problems.add("the table has no column" + (byName.size() > 1 ? "s " : " ") + String.join(", ", byName.keySet().stream().sorted().toList())
                    + " (drop them, or write with WriteOptions.withMergeSchema(true) to add them)");
        }
        if (!problems.isEmpty()) {
            throw new DeltaSchemaException("Rows do not match Delta table " + location + ": " + String.join("; ", problems));
        }
        return source;
    }

    /** Writes every batch; files roll over at the table's target size. */
    static Written write(Engine engine, Row txnState, StructType table, List<String> partitionColumns, int[] source,
                         Batches batches, BufferAllocator allocator, String location) {
        List<Row> actions = new ArrayList<>();
        long[] rows = {0};
        int[] files = {0};
        if (partitionColumns.isEmpty()) {
            try (Conformed conformed = new Conformed(table, source, allocator, location)) {
                CloseableIterator<FilteredColumnarBatch> data = new CloseableIterator<>() {
                    private VectorSchemaRoot pending;
                    private boolean done;

                    @Override
                    public boolean hasNext() {
                        if (pending == null && !done) {
                            pending = batches.next();
                            done = pending == null;
                        }
                        return pending != null;
                    }

                    @Override
                    public FilteredColumnarBatch next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        VectorSchemaRoot batch = pending;
                        pending = null;
                        rows[0] += batch.getRowCount();
                        return new FilteredColumnarBatch(conformed.of(batch), Optional.empty());
                    }

                    @Override
                    public void close() {}
                };
                files[0] += writeGroup(engine, txnState, data, Map.of(), actions);
            }
        } else {
            try (Conformed conformed = new Conformed(table, source, allocator, location)) {
                Runs runs = new Runs(batches, conformed, table, partitionColumns, rows);
                while (runs.loadPending()) {
                    if (runs.pendingGroups.size() > 1) {
                        // rows of several partitions in one batch: one file per partition for this batch
                        for (Map.Entry<List<Literal>, boolean[]> group : runs.pendingGroups.entrySet()) {
                            ColumnVector selection = ArrowKernelBatch.selection(group.getValue(), runs.pending.getSize());
                            files[0] += writeGroup(engine, txnState,
                                    Utils.singletonCloseableIterator(new FilteredColumnarBatch(runs.pending, Optional.of(selection))),
                                    values(partitionColumns, group.getKey()), actions);
                        }
                        runs.pending = null;
                    } else {
                        // consecutive batches of one partition stream into the same files
                        List<Literal> key = runs.pendingGroups.keySet().iterator().next();
                        files[0] += writeGroup(engine, txnState, runs.run(key), values(partitionColumns, key), actions);
                    }
                }
            }
        }
        return new Written(actions, rows[0], files[0]);
    }

    private static int writeGroup(Engine engine, Row txnState, CloseableIterator<FilteredColumnarBatch> data,
                                  Map<String, Literal> partitionValues, List<Row> actions) {
        int files = 0;
        try (CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(engine, txnState, data, partitionValues)) {
            DataWriteContext context = Transaction.getWriteContext(engine, txnState, partitionValues);
            try (CloseableIterator<DataFileStatus> written = engine.getParquetHandler()
                    .writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns())) {
                List<DataFileStatus> statuses = new ArrayList<>();
                written.forEachRemaining(statuses::add);
                files = statuses.size();
                try (CloseableIterator<Row> add = Transaction.generateAppendActions(engine, txnState,
                        Utils.toCloseableIterator(statuses.iterator()), context)) {
                    add.forEachRemaining(actions::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing Parquet files failed: " + e.getMessage(), e);
        }
        return files;
    }

    private static Map<String, Literal> values(List<String> partitionColumns, List<Literal> key) {
        Map<String, Literal> values = new HashMap<>();
        for (int p = 0; p < partitionColumns.size(); p++) {
            values.put(partitionColumns.get(p), key.get(p));
        }
        return values;
    }

    /** Input batches with their partition groups, handed out as runs of consecutive single-partition batches. */
    private static final class Runs {
        private final Batches batches;
        private final Conformed conformed;
        private final StructType table;
        private final List<String> partitionColumns;
        private final long[] rows;
        ArrowKernelBatch pending;
        Map<List<Literal>, boolean[]> pendingGroups;
        private boolean exhausted;

        Runs(Batches batches, Conformed conformed, StructType table, List<String> partitionColumns, long[] rows) {
            this.batches = batches;
            this.conformed = conformed;
            this.table = table;
            this.partitionColumns = partitionColumns;
            this.rows = rows;
        }

        /** Makes sure a batch is pending unless the input is exhausted. */
        boolean loadPending() {
            while (pending == null && !exhausted) {
                VectorSchemaRoot batch = batches.next();
                if (batch == null) {
                    exhausted = true;
                } else if (batch.getRowCount() > 0) {
                    pending = conformed.of(batch);
                    pendingGroups = groups(pending, table, partitionColumns);
                    rows[0] += batch.getRowCount();
                }
            }
            return pending != null;
        }

        /** The pending batch and the following ones while they hold only {@code key}'s rows. */
        CloseableIterator<FilteredColumnarBatch> run(List<Literal> key) {
            return new CloseableIterator<>() {
                @Override
                public boolean hasNext() {
                    return loadPending() && pendingGroups.size() == 1 && pendingGroups.containsKey(key);
                }

                @Override
                public FilteredColumnarBatch next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    FilteredColumnarBatch out = new FilteredColumnarBatch(pending, Optional.empty());
                    pending = null;
                    return out;
                }

                @Override
                public void close() {}
            };
        }
    }

    /**
     * Rows grouped by their partition values, in first-seen order. Keyed by a list whose equality is by value (Kernel's
     * Literal has equals but no matching hashCode, so it cannot be a hash key itself).
     */
    private static Map<List<Literal>, boolean[]> groups(ArrowKernelBatch batch, StructType table, List<String> partitionColumns) {
        int n = batch.getSize();
        int[] ordinals = partitionColumns.stream().mapToInt(table::indexOf).toArray();
        Map<List<Literal>, boolean[]> groups = new LinkedHashMap<>();
        for (int r = 0; r < n; r++) {
            Literal[] key = new Literal[ordinals.length];
            for (int p = 0; p < ordinals.length; p++) {
                key[p] = literal(batch.getColumnVector(ordinals[p]), r);
            }
            groups.computeIfAbsent(new PartitionKey(key), k -> new boolean[n])[r] = true;
        }
        return groups;
    }

    /** Partition literals compared and hashed by their values. */
    private static final class PartitionKey extends java.util.AbstractList<Literal> {
        private final Literal[] literals;
        private final List<Object> values;

        PartitionKey(Literal[] literals) {
            this.literals = literals.clone();
            this.values = Arrays.stream(literals).map(Literal::getValue).toList();
        }

        @Override
        public Literal get(int index) {
            return literals[index];
        }

        @Override
        public int size() {
            return literals.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PartitionKey other && values.equals(other.values);
        }

        @Override
        public int hashCode() {
            return values.hashCode();
        }
    }

    private static Literal literal(ColumnVector column, int row) {
        DataType type = column.getDataType();
        if (column.isNullAt(row)) {
            return Literal.ofNull(type);
        }
        return switch (type) {
            case StringType s -> Literal.ofString(column.getString(row));
            case IntegerType i -> Literal.ofInt(column.getInt(row));
            case LongType l -> Literal.ofLong(column.getLong(row));
            case ShortType s -> Literal.ofShort(column.getShort(row));
            case ByteType b -> Literal.ofByte(column.getByte(row));
            case BooleanType b -> Literal.ofBoolean(column.getBoolean(row));
            case DateType d -> Literal.ofDate(column.getInt(row));
            case TimestampNTZType t -> Literal.ofTimestampNtz(column.getLong(row));
            case DecimalType d -> Literal.ofDecimal(column.getDecimal(row), d.getPrecision(), d.getScale());
            default -> throw new DeltaSchemaException("Cannot partition by a column of type " + type
                    + "; partition by strings, integers, dates, booleans, decimals or timestamps");
        };
    }

    /** Lines input vectors up with table columns, creating all-NULL vectors for columns the input lacks. */
    private static final class Conformed implements AutoCloseable {
        private final StructType table;
        private final int[] source;
        private final BufferAllocator allocator;
        private final String location;
        private final List<FieldVector> owned = new ArrayList<>();

        Conformed(StructType table, int[] source, BufferAllocator allocator, String location) {
            this.table = table;
            this.source = source;
            this.allocator = allocator;
            this.location = location;
        }

        ArrowKernelBatch of(VectorSchemaRoot batch) {
            release();
            int n = batch.getRowCount();
            List<FieldVector> vectors = new ArrayList<>(source.length);
            for (int c = 0; c < source.length; c++) {
                StructField column = table.at(c);
                if (source[c] < 0) {
                    FieldVector nulls = Field.nullable(column.getName(), KernelTypes.toArrow(column.getName(), column.getDataType()))
                            .createVector(allocator);
                    owned.add(nulls);
                    nulls.setInitialCapacity(n);
                    nulls.allocateNew();
                    nulls.setValueCount(n);
                    vectors.add(nulls);
                } else {
                    FieldVector vector = batch.getVector(source[c]);
                    if (!column.isNullable() && vector.getNullCount() > 0) {
                        throw new DeltaSchemaException("Column " + column.getName() + " of Delta table " + location
                                + " is NOT NULL but the input has " + vector.getNullCount() + " NULLs in it");
                    }
                    vectors.add(vector);
                }
            }
            return new ArrowKernelBatch(table, vectors, n);
        }

        private void release() {
            owned.forEach(FieldVector::close);
            owned.clear();
        }

        @Override
        public void close() {
            release();
        }
    }
}
