package io.codeanatomy.delta;

import io.codeanatomy.delta.internal.ArrowRows;
import io.codeanatomy.delta.internal.KernelTypes;
import io.codeanatomy.delta.internal.SkippingPredicates;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.ColumnStatistics;
import io.codeanatomy.engine.core.spi.CompiledExpression;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.FilterSupport;
import io.codeanatomy.engine.core.spi.InsertableTable;
import io.codeanatomy.engine.core.spi.RootBatchStream;
import io.codeanatomy.engine.core.spi.RowLevelModifiableTable;
import io.codeanatomy.engine.core.spi.ScanRequest;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableStatistics;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.Row;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A Delta table as the engine sees it. Scans stream file by file (never the whole table in memory), prune files by
 * partition values and min/max statistics for every filter Kernel understands, and filter rows for every filter the
 * engine offers, so each filter is answered {@link FilterSupport#EXACT}. A provider for the latest version sees new
 * commits at its next scan; one pinned to a version or timestamp (time travel) always reads that version.
 *
 * @since 0.1
 */
public final class DeltaTableProvider implements InsertableTable, RowLevelModifiableTable {
    private final DeltaTable table;
    private final OptionalLong pinnedVersion;
    private final Schema schema;
    private final StructType deltaSchema;
    private volatile CachedStatistics statistics;

    private DeltaTableProvider(DeltaTable table, OptionalLong pinnedVersion, Snapshot snapshot) {
        this.table = table;
        this.pinnedVersion = pinnedVersion;
        this.deltaSchema = snapshot.getSchema();
        this.schema = KernelTypes.toArrow(deltaSchema);
    }

    /** The table at its latest version, re-resolved at every scan. */
    public static DeltaTableProvider latest(DeltaTable table) {
        return new DeltaTableProvider(table, OptionalLong.empty(), table.latest());
    }

    /** The table as of {@code version}. */
    public static DeltaTableProvider atVersion(DeltaTable table, long version) {
        Snapshot snapshot = table.atVersion(version);
        return new DeltaTableProvider(table, OptionalLong.of(snapshot.getVersion()), snapshot);
    }

    /** The table as it was at {@code time}: the last version committed at or before it. */
    public static DeltaTableProvider atTimestamp(DeltaTable table, Instant time) {
        Snapshot snapshot = table.atTimestamp(time);
        return new DeltaTableProvider(table, OptionalLong.of(snapshot.getVersion()), snapshot);
    }

    public DeltaTable table() {
        return table;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public Optional<String> versionIdentity(SessionView session) {
        return Optional.of(table.location() + "@v" + snapshot().getVersion());
    }

    @Override
    public TableStatistics statistics(SessionView session) {
        Snapshot snapshot = snapshot();
        CachedStatistics cached = statistics;
        if (cached == null || cached.version != snapshot.getVersion()) {
            long rows = 0;
            for (Row file : ScanFiles.list(table, snapshot, Optional.empty())) {
                long n = ScanFiles.numRecords(file);
                if (n < 0) {
                    rows = -1;
                    break;
                }
                rows += n;
            }
            cached = new CachedStatistics(snapshot.getVersion(),
                    rows < 0 ? TableStatistics.UNKNOWN : new TableStatistics(OptionalLong.of(rows), Map.<String, ColumnStatistics>of()));
            statistics = cached;
        }
        return cached.statistics;
    }

    private record CachedStatistics(long version, TableStatistics statistics) {}

    @Override
    public FilterSupport filterSupport(SessionView session, Expression filter) {
        // every offered filter is evaluated on rows by the engine's own compiler, so results are exact; Kernel prunes
        // files by the ones it can translate
        return columnsExist(filter) ? FilterSupport.EXACT : FilterSupport.UNSUPPORTED;
    }

    @Override
    public BatchStream scan(SessionView session, ScanRequest request) {
        Snapshot snapshot = snapshot();
        Set<String> readColumns = new LinkedHashSet<>(request.columns());
        for (Expression filter : request.filters()) {
            collectColumns(filter, readColumns);
        }
        ScanPlan plan = new ScanPlan(table, snapshot, List.copyOf(readColumns),
                SkippingPredicates.conjunction(request.filters(), snapshot.getSchema()));
        Optional<CompiledExpression> filter = request.filters().isEmpty() ? Optional.empty()
                : Optional.of(session.expressions().compile(plan.schema(), request.filters().size() == 1
                ? request.filters().getFirst() : new Expression.And(request.filters())));
        Schema output = KernelTypes.toArrow(project(snapshot.getSchema(), request.columns()));
        return new DeltaScanStream(output, plan, filter, request.limit(), session.allocator(), request.columns());
    }

    @Override
    public long insert(SessionView session, BatchStream rows) {
        requireLatest("INSERT");
        return DeltaWriter.write(table, rows, WriteMode.APPEND).rowsWritten();
    }

    @Override
    public long delete(SessionView session, Expression predicate) {
        requireLatest("DELETE");
        Guards.requirePredicate(predicate, "delete");
        return Rewrites.run(table, session.expressions(), predicate, Map.of(), true).rowsDeleted();
    }

    @Override
    public long update(SessionView session, Map<String, Expression> assignments, Expression predicate) {
        requireLatest("UPDATE");
        Guards.requirePredicate(predicate, "update");
        return Rewrites.run(table, session.expressions(), predicate, assignments, false).rowsUpdated();
    }

    private void requireLatest(String statement) {
        if (pinnedVersion.isPresent()) {
            throw new DeltaException(statement + " on " + table.location() + " pinned at version "
                    + pinnedVersion.getAsLong() + " is not possible: time travel is read-only; register the latest version");
        }
    }

    private Snapshot snapshot() {
        return pinnedVersion.isPresent() ? table.atVersion(pinnedVersion.getAsLong()) : table.latest();
    }

    private static StructType project(StructType all, List<String> columns) {
        StructType out = new StructType();
        for (String column : columns) {
            out = out.add(all.get(column));
        }
        return out;
    }

    private boolean columnsExist(Expression filter) {
        Set<String> columns = new LinkedHashSet<>();
        collectColumns(filter, columns);
        return deltaSchema.fieldNames().containsAll(columns);
    }

    static void collectColumns(Expression expression, Set<String> out) {
        switch (expression) {
            case Expression.Column c -> out.add(c.name());
            case Expression.Literal l -> { }
            case Expression.Comparison c -> {
                collectColumns(c.left(), out);
                collectColumns(c.right(), out);
            }
            case Expression.And a -> a.terms().forEach(t -> collectColumns(t, out));
            case Expression.Or o -> o.terms().forEach(t -> collectColumns(t, out));
            case Expression.Not n -> collectColumns(n.term(), out);
            case Expression.IsNull n -> collectColumns(n.term(), out);
            case Expression.IsNotNull n -> collectColumns(n.term(), out);
            case Expression.InList in -> collectColumns(in.term(), out);
            case Expression.Like l -> {
                collectColumns(l.term(), out);
                collectColumns(l.pattern(), out);
            }
            case Expression.Cast c -> collectColumns(c.term(), out);
            case Expression.Call c -> c.arguments().forEach(a -> collectColumns(a, out));
        }
    }

    /** Streams the planned files one after another, filtering rows and projecting to the requested columns. */
    private static final class DeltaScanStream extends RootBatchStream {
        private final ScanPlan plan;
        private final Optional<CompiledExpression> filter;
        private final BufferAllocator allocator;
        private final int[] outputColumns;
        private final CloseableIterator<Row> files;
        private ScanPlan.FileBatches current;
        private long remaining;

        DeltaScanStream(Schema output, ScanPlan plan, Optional<CompiledExpression> filter, OptionalLong limit,
                        BufferAllocator allocator, List<String> columns) {
            super(output);
            this.plan = plan;
            this.filter = filter;
            this.allocator = allocator;
            this.remaining = limit.orElse(Long.MAX_VALUE);
            List<String> read = plan.schema().getFields().stream().map(f -> f.getName()).toList();
            this.outputColumns = columns.stream().mapToInt(read::indexOf).toArray();
            this.files = plan.files();
        }

        @Override
        protected VectorSchemaRoot nextRoot() {
            while (remaining > 0) {
                if (current == null) {
                    if (!files.hasNext()) {
                        return null;
                    }
                    current = plan.read(files.next(), allocator);
                }
                VectorSchemaRoot batch = current.next();
                if (batch == null) {
                    current.close();
                    current = null;
                    continue;
                }
                VectorSchemaRoot out = shape(batch);
                if (out.getRowCount() == 0) {
                    out.close();
                    continue;
                }
                if (out.getRowCount() > remaining) {
                    VectorSchemaRoot head = out.slice(0, (int) remaining);
                    out.close();
                    out = head;
                }
                remaining -= out.getRowCount();
                return out;
            }
            return null;
        }

        /** Applies the filter and keeps the output columns; consumes {@code batch}. */
        private VectorSchemaRoot shape(VectorSchemaRoot batch) {
            boolean sameColumns = outputColumns.length == batch.getFieldVectors().size();
            if (filter.isEmpty() && sameColumns) {
                return batch;
            }
            try (batch) {
                int[] keep = filter.isPresent() ? filter.get().selectTrue(batch) : null;
                return ArrowRows.select(batch, outputColumns, keep, keep == null ? batch.getRowCount() : keep.length,
                        schema(), allocator);
            }
        }

        @Override
        protected void release() {
            try {
                if (current != null) {
                    current.close();
                }
            } finally {
                try {
                    files.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }
}
