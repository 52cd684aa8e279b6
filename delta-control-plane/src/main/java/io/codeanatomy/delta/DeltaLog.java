package io.codeanatomy.delta;

import io.delta.kernel.CommitActions;
import io.delta.kernel.CommitRange;
import io.delta.kernel.CommitRangeBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.internal.DeltaLogActionUtils.DeltaAction;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.data.GenericRow;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads commits from a table's log: its history and, per commit, the files it added and removed. Kernel 4.4 reads
 * raw actions through {@code loadCommitRange}; there is no change-data-feed reader, so {@link ChangeFeed} builds on this.
 */
final class DeltaLog {
    private DeltaLog() {}

    /**
     * Files one commit added and removed, as scan-file rows that {@link ScanPlan#read} accepts, and its change-data
     * files ({@code cdc} actions, written by engines such as Spark when {@code delta.enableChangeDataFeed} is set) as
     * scan-file rows for {@link ScanPlan#readChanges}.
     */
    record CommitFiles(long version, Instant timestamp, List<Row> added, List<Row> removed, List<Row> changeFiles) {}

    static List<HistoryEntry> history(DeltaTable table) {
        Snapshot latest = table.latest();
        List<HistoryEntry> out = new ArrayList<>();
        forEachCommit(table, latest, 0, latest.getVersion(), Set.of(DeltaAction.COMMITINFO, DeltaAction.ADD, DeltaAction.REMOVE),
                (commit, batch) -> {
                    ColumnVector add = batch.getColumnVector(batch.getSchema().indexOf("add"));
                    ColumnVector remove = batch.getColumnVector(batch.getSchema().indexOf("remove"));
                    int[] counts = {0, 0};
                    for (int r = 0; r < batch.getSize(); r++) {
                        counts[0] += add.isNullAt(r) ? 0 : 1;
                        counts[1] += remove.isNullAt(r) ? 0 : 1;
                    }
                    return counts;
                }, (version, timestamp, partials, infos) -> out.add(new HistoryEntry(version, timestamp, infos[0], infos[1],
                        partials[0], partials[1])));
        return out;
    }

    private static String string(ColumnVector struct, String field, int row) {
        int ordinal = ((StructType) struct.getDataType()).indexOf(field);
        if (ordinal < 0) {
            return "";
        }
        ColumnVector child = struct.getChild(ordinal);
        return child.isNullAt(row) ? "" : child.getString(row);
    }

    /** Added and removed files of each commit in [from, to]. */
    static List<CommitFiles> files(DeltaTable table, long from, long to) {
        Snapshot latest = table.latest();
        if (from < 0 || to < from || to > latest.getVersion()) {
            throw new IllegalArgumentException("Versions " + from + ".." + to + " are not a valid range of "
                    + table.location() + ", whose versions run 0.." + latest.getVersion());
        }
        String tableRoot = table.location();
        List<CommitFiles> out = new ArrayList<>();
        CommitRange range = range(table, from, to);
        try (CloseableIterator<CommitActions> commits = range.getCommitActions(table.engine(), table.atVersion(from),
                Set.of(DeltaAction.ADD, DeltaAction.REMOVE, DeltaAction.CDC))) {
            while (commits.hasNext()) {
                try (CommitActions commit = commits.next()) {
                    List<Row> added = new ArrayList<>();
                    List<Row> removed = new ArrayList<>();
                    List<Row> changeFiles = new ArrayList<>();
                    try (CloseableIterator<ColumnarBatch> batches = commit.getActions()) {
                        while (batches.hasNext()) {
                            ColumnarBatch batch = batches.next();
                            int addOrdinal = batch.getSchema().indexOf("add");
                            int removeOrdinal = batch.getSchema().indexOf("remove");
                            int cdcOrdinal = batch.getSchema().indexOf("cdc");
                            try (CloseableIterator<Row> rows = batch.getRows()) {
                                while (rows.hasNext()) {
                                    Row row = rows.next();
                                    if (!row.isNullAt(addOrdinal)) {
                                        added.add(scanFile(row.getStruct(addOrdinal), tableRoot));
                                    } else if (!row.isNullAt(removeOrdinal)) {
                                        removed.add(scanFile(asAdd(row.getStruct(removeOrdinal)), tableRoot));
                                    } else if (cdcOrdinal >= 0 && !row.isNullAt(cdcOrdinal)) {
                                        changeFiles.add(scanFile(asAdd(row.getStruct(cdcOrdinal)), tableRoot));
                                    }
                                }
                            }
                        }
                    }
                    out.add(new CommitFiles(commit.getVersion(), Instant.ofEpochMilli(commit.getTimestamp()), added, removed,
                            changeFiles));
                } catch (Exception e) {
                    throw e instanceof RuntimeException re ? re : new DeltaException(e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static CommitRange range(DeltaTable table, long from, long to) {
        try {
            return TableManager.loadCommitRange(table.location(), CommitRangeBuilder.CommitBoundary.atVersion(from))
                    .withEndBoundary(CommitRangeBuilder.CommitBoundary.atVersion(to))
                    .build(table.engine());
        } catch (KernelException e) {
            throw new DeltaException("The log of " + table.location() + " no longer holds versions " + from + ".." + to
                    + " (older commits may have been cleaned up): " + e.getMessage(), e);
        }
    }

    /**
     * A remove (or cdc) action as an add-file row with the same path, partition values, size and deletion vector
     * (cdc actions have none).
     */
    private static Row asAdd(Row remove) {
        StructType schema = remove.getSchema();
        Map<Integer, Object> values = new HashMap<>();
        StructType addSchema = AddFile.SCHEMA_WITHOUT_STATS;
        for (int i = 0; i < addSchema.length(); i++) {
            String name = addSchema.at(i).getName();
            int from = schema.indexOf(name);
            if (from >= 0 && !remove.isNullAt(from)) {
                values.put(i, value(remove, from));
            } else if (name.equals("modificationTime")) {
                values.put(i, 0L);
            } else if (name.equals("size")) {
                values.put(i, 0L);
            } else if (name.equals("dataChange")) {
                values.put(i, true);
            }
        }
        return new GenericRow(addSchema, values);
    }

    private static Object value(Row row, int ordinal) {
        var type = row.getSchema().at(ordinal).getDataType();
        return switch (type) {
            case io.delta.kernel.types.StringType s -> row.getString(ordinal);
            case io.delta.kernel.types.LongType l -> row.getLong(ordinal);
            case io.delta.kernel.types.BooleanType b -> row.getBoolean(ordinal);
            case io.delta.kernel.types.IntegerType i -> row.getInt(ordinal);
            case io.delta.kernel.types.MapType m -> row.getMap(ordinal);
            case StructType s -> row.getStruct(ordinal);
            default -> throw new IllegalStateException("unexpected field type " + type + " in a remove action");
        };
    }

    private static Row scanFile(Row add, String tableRoot) {
        Map<Integer, Object> values = new HashMap<>();
        StructType schema = InternalScanFileUtils.SCAN_FILE_SCHEMA;
        Row normalized = add;
        if (!add.getSchema().equals(schema.at(InternalScanFileUtils.ADD_FILE_ORDINAL).getDataType())) {
            normalized = project(add, (StructType) schema.at(InternalScanFileUtils.ADD_FILE_ORDINAL).getDataType());
        }
        values.put(InternalScanFileUtils.ADD_FILE_ORDINAL, normalized);
        values.put(schema.indexOf(InternalScanFileUtils.TABLE_ROOT_STRUCT_FIELD.getName()), tableRoot);
        return new GenericRow(schema, values);
    }

    private static Row project(Row row, StructType target) {
        Map<Integer, Object> values = new HashMap<>();
        for (int i = 0; i < target.length(); i++) {
            int from = row.getSchema().indexOf(target.at(i).getName());
            if (from >= 0 && !row.isNullAt(from)) {
                values.put(i, value(row, from));
            }
        }
        return new GenericRow(target, values);
    }

    @FunctionalInterface
    private interface BatchVisitor {
        int[] visit(CommitActions commit, ColumnarBatch batch);
    }

    @FunctionalInterface
    private interface CommitSink {
        void accept(long version, Instant timestamp, int[] counts, String[] info);
    }

    private static void forEachCommit(DeltaTable table, Snapshot latest, long from, long to, Set<DeltaAction> actions,
                                      BatchVisitor visitor, CommitSink sink) {
        long start = earliest(table, from, to);
        CommitRange range = range(table, start, to);
        try (CloseableIterator<CommitActions> commits = range.getCommitActions(table.engine(), table.atVersion(start), actions)) {
            while (commits.hasNext()) {
                try (CommitActions commit = commits.next()) {
                    int[] counts = {0, 0};
                    String[] info = {"", ""};
                    try (CloseableIterator<ColumnarBatch> batches = commit.getActions()) {
                        while (batches.hasNext()) {
                            ColumnarBatch batch = batches.next();
                            int[] c = visitor.visit(commit, batch);
                            counts[0] += c[0];
                            counts[1] += c[1];
                            ColumnVector commitInfo = batch.getColumnVector(batch.getSchema().indexOf("commitInfo"));
                            for (int r = 0; r < batch.getSize(); r++) {
                                if (!commitInfo.isNullAt(r)) {
                                    info[0] = string(commitInfo, "operation", r);
                                    info[1] = string(commitInfo, "engineInfo", r);
                                }
                            }
                        }
                    }
                    sink.accept(commit.getVersion(), Instant.ofEpochMilli(commit.getTimestamp()), counts, info);
                } catch (Exception e) {
                    throw e instanceof RuntimeException re ? re : new DeltaException(e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first version in [from, to] whose commit file is still in the log. */
    private static long earliest(DeltaTable table, long from, long to) {
        for (long v = from; v <= to; v++) {
            try {
                TableManager.loadCommitRange(table.location(), CommitRangeBuilder.CommitBoundary.atVersion(v))
                        .withEndBoundary(CommitRangeBuilder.CommitBoundary.atVersion(v)).build(table.engine());
                return v;
            } catch (KernelException e) {
                // cleaned up; try the next
            }
        }
        return to;
    }
}
