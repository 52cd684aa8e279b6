package io.codeanatomy.delta;

import io.codeanatomy.delta.internal.KernelTypes;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.Row;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.transaction.DataLayoutSpec;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The one write path into Delta tables: create, append and overwrite from a stream of Arrow batches. Data files are
 * written first and committed in one transaction at the end, so a writer that fails part way leaves the table at its
 * last version (the orphaned files are removed by {@link DeltaMaintenance#vacuum}).
 *
 * @since 0.1
 */
public final class DeltaWriter {
    private DeltaWriter() {}

    public static DeltaWriteResult write(DeltaTable table, BatchStream rows, WriteMode mode) {
        return write(table, rows, mode, WriteOptions.DEFAULT);
    }

    /**
     * Writes every row of {@code rows} (borrowed: the caller closes it) to {@code table}.
     *
     * @throws DeltaSchemaException   if the rows do not fit the table's schema
     * @throws DeltaConflictException if a concurrent writer wins and the retry policy gives up
     * @throws DeltaException         if the table is missing, exists (for CREATE) or storage fails
     */
    public static DeltaWriteResult write(DeltaTable table, BatchStream rows, WriteMode mode, WriteOptions options) {
        Objects.requireNonNull(rows, "rows");
        Parts parts = parts(table, rows.schema(), mode, options);
        parts.add(rows);
        return parts.commit();
    }

    /**
     * Starts a write of several streams of rows into one commit: each {@link Parts#add} writes its stream's data files
     * at once (several may run at the same time, on different threads) and {@link Parts#commit} commits them all, so
     * readers see all the parts or none, as with a single {@link #write}. A part that is ready early is written while
     * the others are still being computed.
     *
     * @param schema the rows' schema: that of a new table (every part must fit the table's schema)
     * @throws DeltaSchemaException if a partition column is not among the columns
     * @throws DeltaException       if the table exists (for CREATE) or storage fails
     */
    public static Parts parts(DeltaTable table, Schema schema, WriteMode mode, WriteOptions options) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(options, "options");
        Optional<Snapshot> existing = table.latestIfExists();
        if (mode == WriteMode.CREATE && existing.isPresent()) {
            throw new DeltaException("A Delta table already exists at " + table.location() + " (version "
                    + existing.get().getVersion() + "); write with WriteMode.APPEND or WriteMode.OVERWRITE instead");
        }
        StructType tableSchema;
        List<String> partitionColumns;
        Transaction first;
        try {
            if (existing.isEmpty()) {
                // Columns of a new table are nullable: a query's NOT NULL (inferred from literals, say) describes one
                // result, not a constraint later writers should meet.
                tableSchema = nullable(KernelTypes.toDelta(schema));
                partitionColumns = options.partitionColumns();
                for (String column : partitionColumns) {
                    if (tableSchema.indexOf(column) < 0) {
                        throw new DeltaSchemaException("Partition column " + column + " is not among the input columns "
                                + tableSchema.fieldNames());
                    }
                }
                first = TableManager.buildCreateTableTransaction(table.location(), tableSchema, DeltaTable.ENGINE_INFO)
                        .withDataLayoutSpec(partitionColumns.isEmpty() ? DataLayoutSpec.noDataLayout()
                                : DataLayoutSpec.partitioned(partitionColumns.stream().map(Column::new).toList()))
                        .withTableProperties(options.tableProperties())
                        .build(table.engine());
            } else {
                Snapshot snapshot = existing.get();
                partitionColumns = List.copyOf(snapshot.getPartitionColumnNames());
                tableSchema = options.mergeSchema() ? merged(snapshot.getSchema(), schema) : snapshot.getSchema();
                first = tableSchema.equals(snapshot.getSchema())
                        ? snapshot.buildUpdateTableTransaction(DeltaTable.ENGINE_INFO, Operation.WRITE).build(table.engine())
                        : SchemaEvolution.addColumns(table, snapshot, tableSchema);
            }
        } catch (KernelException e) {
            throw new DeltaException("Cannot start a write to " + table.location() + ": " + e.getMessage(), e);
        }
        return new Parts(table, mode, tableSchema, partitionColumns, first);
    }

    /**
     * A write of several streams into one commit (see {@link #parts}). {@link #add} may be called from several
     * threads at once; {@link #commit} once, after every {@code add} has returned.
     */
    public static final class Parts {
        private final DeltaTable table;
        private final WriteMode mode;
        private final StructType schema;
        private final List<String> partitionColumns;
        private final Transaction first;
        private final Row transactionState;
        private final List<Row> actions = new ArrayList<>();
        private long rows;
        private int files;
        private boolean committed;

        private Parts(DeltaTable table, WriteMode mode, StructType schema, List<String> partitionColumns, Transaction first) {
            this.table = table;
            this.mode = mode;
            this.schema = schema;
            this.partitionColumns = partitionColumns;
            this.first = first;
            this.transactionState = first.getTransactionState(table.engine());
        }

        /**
         * Writes every row of {@code rows} (borrowed: the caller closes it) into data files of this write, to be
         * committed by {@link #commit}.
         *
         * @throws DeltaSchemaException if the rows do not fit the table's schema
         */
        public void add(BatchStream rows) {
            Objects.requireNonNull(rows, "rows");
            int[] source = DataFiles.conform(rows.schema(), schema, table.location());
            DataFiles.Written written;
            try (BufferAllocator allocator = new RootAllocator()) {
                written = DataFiles.write(table.engine(), transactionState, schema, partitionColumns, source,
                        () -> rows.advance() ? rows.current() : null, allocator, table.location());
            }
            synchronized (this) {
                if (committed) {
                    throw new IllegalStateException("This write to " + table.location() + " is already committed");
                }
                actions.addAll(written.actions());
                this.rows += written.rows();
                files += written.files();
            }
        }

        /**
         * Commits the files of every part added.
         *
         * @throws DeltaConflictException if a concurrent writer wins and the retry policy gives up
         */
        public synchronized DeltaWriteResult commit() {
            if (committed) {
                throw new IllegalStateException("This write to " + table.location() + " is already committed");
            }
            committed = true;
            int[] removed = {0};
            DeltaCommit commit = Commits.retryWithPolicy(table, mode.name(), attempt -> {
                Transaction txn = first;
                if (attempt > 1) {
                    Snapshot latest = table.latest();
                    if (!latest.getSchema().equals(schema) || !latest.getPartitionColumnNames().equals(partitionColumns)) {
                        throw new DeltaConflictException(table.location(), first.getReadTableVersion(),
                                RetryPolicy.Conflict.METADATA_CHANGED, attempt - 1,
                                new IllegalStateException("the schema or partitioning changed while the files were written"));
                    }
                    txn = latest.buildUpdateTableTransaction(DeltaTable.ENGINE_INFO, Operation.WRITE).build(table.engine());
                }
                List<Row> all = new ArrayList<>(actions);
                removed[0] = 0;
                if (mode == WriteMode.OVERWRITE && txn.getReadTableVersion() >= 0) {
                    List<Row> removes = ScanFiles.removeAll(table, table.atVersion(txn.getReadTableVersion()));
                    removed[0] = removes.size();
                    all.addAll(removes);
                }
                return new Commits.Prepared(txn, all);
            });
            return new DeltaWriteResult(commit, rows, files, removed[0]);
        }
    }

    private static StructType nullable(StructType schema) {
        StructType out = new StructType();
        for (StructField field : schema.fields()) {
            out = out.add(new StructField(field.getName(), field.getDataType(), true));
        }
        return out;
    }

    /**
     * Replaces the rows for which {@code predicate} is TRUE with {@code rows}, in one commit: files holding matches
     * are rewritten without them (as a DELETE would) and the new rows are added, so readers see the old rows or the
     * new ones, never neither or both. The table must exist; {@code rows} must fit its schema.
     *
     * @return the commit (null when nothing matched and {@code rows} was empty), rows written, files added and removed
     */
    public static DeltaWriteResult replaceWhere(DeltaTable table, io.codeanatomy.engine.core.spi.Expression predicate,
                                                BatchStream rows) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rows, "rows");
        Guards.requirePredicate(predicate, "delete");
        Snapshot snapshot = table.latest();
        StructType schema = snapshot.getSchema();
        List<String> partitionColumns = List.copyOf(snapshot.getPartitionColumnNames());
        int[] source = DataFiles.conform(rows.schema(), schema, table.location());
        Transaction first = snapshot.buildUpdateTableTransaction(DeltaTable.ENGINE_INFO, Operation.WRITE).build(table.engine());
        DataFiles.Written written;
        try (BufferAllocator allocator = new RootAllocator()) {
            written = DataFiles.write(table.engine(), first.getTransactionState(table.engine()), schema, partitionColumns,
                    source, () -> rows.advance() ? rows.current() : null, allocator, table.location());
        }
        long[] deleted = new long[1];
        int[] files = new int[3];
        DeltaCommit commit = Commits.retryWithPolicy(table, "REPLACE WHERE", attempt -> {
            Commits.Prepared rewrite = Rewrites.prepare(table, io.codeanatomy.engine.core.spi.ExpressionCompiler.standard(),
                    predicate, java.util.Map.of(), true, deleted, files);
            if (!table.latest().getSchema().equals(schema)) {
                throw new DeltaConflictException(table.location(), rewrite.transaction().getReadTableVersion(),
                        RetryPolicy.Conflict.METADATA_CHANGED, attempt, new IllegalStateException("the schema changed"));
            }
            List<Row> actions = new ArrayList<>(rewrite.actions());
            actions.addAll(written.actions());
            return actions.isEmpty() ? null : new Commits.Prepared(rewrite.transaction(), actions);
        });
        return new DeltaWriteResult(commit, written.rows(), written.files() + files[2], files[1]);
    }

    /** The table schema plus the input's extra columns, as nullable columns at the end. */
    private static StructType merged(StructType table, Schema input) {
        Set<String> known = Set.copyOf(table.fieldNames());
        StructType out = table;
        for (Field field : input.getFields()) {
            if (!known.contains(field.getName())) {
                out = out.add(new StructField(field.getName(), KernelTypes.toDelta(field), true));
            }
        }
        return out;
    }
}
