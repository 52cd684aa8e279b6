package io.codeanatomy.delta;

import io.codeanatomy.delta.internal.KernelToArrow;
import io.codeanatomy.delta.internal.KernelTypes;
import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One scan of one snapshot: which files to read (pruned by partition values and min/max statistics) and how to
 * read a file into Arrow batches of the requested columns, honouring deletion vectors.
 */
final class ScanPlan {
    private final DeltaTable table;
    private final Scan scan;
    private final Row scanState;
    private final StructType physicalSchema;
    private final Schema arrowSchema;
    private final int[] ordinals;

    ScanPlan(DeltaTable table, Snapshot snapshot, List<String> columns, Optional<Predicate> filter) {
        this.table = table;
        StructType all = snapshot.getSchema();
        StructType read = new StructType();
        for (String column : columns) {
            read = read.add(all.get(column));
        }
        ScanBuilder builder = snapshot.getScanBuilder().withReadSchema(read);
        if (filter.isPresent()) {
            builder = builder.withFilter(filter.get());
        }
        this.scan = builder.build();
        this.scanState = scan.getScanState(table.engine());
        this.physicalSchema = ScanStateRow.getPhysicalDataReadSchema(scanState);
        this.arrowSchema = KernelTypes.toArrow(read);
        this.ordinals = new int[columns.size()];
        for (int i = 0; i < ordinals.length; i++) {
            ordinals[i] = i;
        }
    }

    /** The Arrow schema of the batches {@link #read} returns. */
    Schema schema() {
        return arrowSchema;
    }

    /** The scan-file rows to read. */
    CloseableIterator<Row> files() {
        try {
            return Utils.intoRows(scan.getScanFiles(table.engine()));
        } catch (RuntimeException e) {
            throw new DeltaException("Cannot list the files of " + table.location() + ": " + e.getMessage(), e);
        }
    }

    List<Row> fileList() {
        List<Row> out = new ArrayList<>();
        try (CloseableIterator<Row> files = files()) {
            files.forEachRemaining(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Reads one file lazily; each batch returned by the reader is owned by the caller. */
    FileBatches read(Row scanFile, BufferAllocator allocator) {
        try {
            CloseableIterator<ColumnarBatch> physical = table.engine().getParquetHandler()
                    .readParquetFiles(Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(scanFile)),
                            physicalSchema, Optional.empty())
                    .map(FileReadResult::getData);
            return new FileBatches(Scan.transformPhysicalData(table.engine(), scanState, scanFile, physical), allocator,
                    ordinals, arrowSchema);
        } catch (IOException e) {
            throw new DeltaException("Cannot read " + ScanFiles.path(scanFile) + " of " + table.location() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads one change-data file (a {@code cdc} action's file under {@code _change_data/}): the requested columns and,
     * last, its {@code _change_type} column. The scan file carries the cdc action's path, size and partition values.
     */
    FileBatches readChanges(Row scanFile, BufferAllocator allocator) {
        StructType withType = physicalSchema.add(ChangeFeed.CHANGE_TYPE, StringType.STRING);
        java.util.ArrayDeque<ColumnVector> changeTypes = new java.util.ArrayDeque<>();
        try {
            CloseableIterator<ColumnarBatch> physical = table.engine().getParquetHandler()
                    .readParquetFiles(Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(scanFile)),
                            withType, Optional.empty())
                    .map(FileReadResult::getData)
                    .map(batch -> {
                        // Kernel's transform expects exactly the physical read schema: set the change type aside
                        int ordinal = batch.getSchema().indexOf(ChangeFeed.CHANGE_TYPE);
                        changeTypes.add(batch.getColumnVector(ordinal));
                        return batch.withDeletedColumnAt(ordinal);
                    });
            int columns = ordinals.length;
            CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(table.engine(), scanState, scanFile, physical)
                    .map(batch -> new FilteredColumnarBatch(batch.getData().withNewColumn(columns,
                            new StructField(ChangeFeed.CHANGE_TYPE, StringType.STRING, false), changeTypes.remove()),
                            batch.getSelectionVector()));
            int[] withTypeOrdinals = java.util.Arrays.copyOf(ordinals, columns + 1);
            withTypeOrdinals[columns] = columns;
            List<Field> fields = new ArrayList<>(arrowSchema.getFields());
            fields.add(Field.notNullable(ChangeFeed.CHANGE_TYPE, ArrowType.Utf8.INSTANCE));
            return new FileBatches(logical, allocator, withTypeOrdinals, new Schema(fields));
        } catch (IOException e) {
            throw new DeltaException("Cannot read the change data file " + ScanFiles.path(scanFile) + " of "
                    + table.location() + ": " + e.getMessage(), e);
        }
    }

    /** The batches of {@code files}, one file after another: each batch is valid until the next call. */
    Chained chain(List<Row> files, BufferAllocator allocator) {
        return new Chained(files.iterator(), allocator);
    }

    /** Borrowed batches over several files; closing releases the current batch and file. */
    final class Chained implements DataFiles.Batches, AutoCloseable {
        private final java.util.Iterator<Row> files;
        private final BufferAllocator allocator;
        private FileBatches reading;
        private VectorSchemaRoot previous;

        Chained(java.util.Iterator<Row> files, BufferAllocator allocator) {
            this.files = files;
            this.allocator = allocator;
        }

        @Override
        public VectorSchemaRoot next() {
            closePrevious();
            while (true) {
                if (reading == null) {
                    if (!files.hasNext()) {
                        return null;
                    }
                    reading = read(files.next(), allocator);
                }
                previous = reading.next();
                if (previous != null) {
                    return previous;
                }
                reading.close();
                reading = null;
            }
        }

        private void closePrevious() {
            if (previous != null) {
                previous.close();
                previous = null;
            }
        }

        @Override
        public void close() {
            closePrevious();
            if (reading != null) {
                reading.close();
                reading = null;
            }
        }
    }

    /** The Arrow batches of one file, in order. */
    final class FileBatches implements AutoCloseable {
        private final CloseableIterator<FilteredColumnarBatch> batches;
        private final BufferAllocator allocator;
        private final int[] columns;
        private final Schema schema;

        FileBatches(CloseableIterator<FilteredColumnarBatch> batches, BufferAllocator allocator, int[] columns, Schema schema) {
            this.batches = batches;
            this.allocator = allocator;
            this.columns = columns;
            this.schema = schema;
        }

        /** The next non-empty batch, owned by the caller; null at the end of the file. */
        VectorSchemaRoot next() {
            while (batches.hasNext()) {
                FilteredColumnarBatch batch = batches.next();
                int size = batch.getData().getSize();
                int[] positions = new int[size];
                int count = 0;
                Optional<ColumnVector> selection = batch.getSelectionVector();
                for (int r = 0; r < size; r++) {
                    if (selection.isEmpty() || (!selection.get().isNullAt(r) && selection.get().getBoolean(r))) {
                        positions[count++] = r;
                    }
                }
                if (count > 0) {
                    return KernelToArrow.copy(batch.getData(), columns, positions, count, schema, allocator);
                }
            }
            return null;
        }

        @Override
        public void close() {
            try {
                batches.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
