package io.codeanatomy.delta;

import io.codeanatomy.delta.internal.ArrowRows;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.Row;
import io.delta.kernel.exceptions.CheckpointAlreadyExistsException;
import io.delta.kernel.internal.InternalScanFileUtils;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Keeping a Delta table healthy: checkpoints, vacuum, compaction of small files, and reading its history and change
 * feed.
 *
 * @since 0.1
 */
public final class DeltaMaintenance {
    /** Delta's default: files removed less than a week ago stay, so readers and time travel within a week work. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    private DeltaMaintenance() {}

    /** Writes a checkpoint of the latest version (a no-op if one exists); returns the version checkpointed. */
    public static long checkpoint(DeltaTable table) {
        Snapshot latest = table.latest();
        try {
            latest.writeCheckpoint(table.engine());
        } catch (CheckpointAlreadyExistsException e) {
            // someone else did the work
        } catch (IOException e) {
            throw new DeltaException("Writing a checkpoint of " + table.location() + " at version " + latest.getVersion()
                    + " failed: " + e.getMessage(), e);
        }
        return latest.getVersion();
    }

    /** The latest version's file count, size and partitioning (Delta's {@code DESCRIBE DETAIL}). */
    public static TableDetail detail(DeltaTable table) {
        Snapshot latest = table.latest();
        long files = 0;
        long bytes = 0;
        for (Row file : ScanFiles.list(table, latest, Optional.empty())) {
            files++;
            bytes += InternalScanFileUtils.getAddFileStatus(file).getSize();
        }
        return new TableDetail(table.location(), latest.getVersion(), files, bytes, latest.getPartitionColumnNames());
    }

    /** Every commit, oldest first (versions whose commit files were cleaned up are left out). */
    public static List<HistoryEntry> history(DeltaTable table) {
        return DeltaLog.history(table);
    }

    /**
     * Deletes data files that the latest version does not reference and no commit within {@code retention} removed,
     * and that are older than {@code retention} (so files of a write still in progress survive).
     *
     * @param retention          at least {@link #DEFAULT_RETENTION} unless {@code unsafeRetention} is set
     * @param dryRun             list the candidates without deleting anything
     * @param unsafeRetention    allow a retention shorter than the default (breaks time travel and slow readers)
     */
    public static VacuumReport vacuum(DeltaTable table, Duration retention, boolean dryRun, boolean unsafeRetention) {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative, was " + retention);
        }
        if (retention.compareTo(DEFAULT_RETENTION) < 0 && !unsafeRetention) {
            throw new IllegalArgumentException("A retention of " + retention + " is shorter than the safe minimum of "
                    + DEFAULT_RETENTION + ": readers of older versions and concurrent writers could lose files. "
                    + "Pass unsafeRetention=true if no one reads or writes " + table.location() + " meanwhile");
        }
        Snapshot latest = table.latest();
        Instant cutoff = Instant.now().minus(retention);
        Set<String> keep = new HashSet<>();
        for (Row file : ScanFiles.list(table, latest, Optional.empty())) {
            keep.add(absolute(ScanFiles.path(file)));
        }
        for (DeltaLog.CommitFiles commit : recentCommits(table, latest, cutoff)) {
            for (Row removed : commit.removed()) {
                keep.add(absolute(ScanFiles.path(removed)));
            }
        }
        List<String> candidates = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<VacuumReport.FileError> errors = new ArrayList<>();
        long bytes = 0;
        try {
            Path root = new Path(URI.create(table.location()));
            FileSystem fs = root.getFileSystem(configuration(table));
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            while (files.hasNext()) {
                LocatedFileStatus status = files.next();
                String absolute = status.getPath().toUri().getPath();
                String relative = root.toUri().relativize(status.getPath().toUri()).getPath();
                if (hidden(relative) || keep.contains(absolute)
                        || Instant.ofEpochMilli(status.getModificationTime()).isAfter(cutoff)) {
                    continue;
                }
                candidates.add(relative);
                bytes += status.getLen();
                if (!dryRun) {
                    try {
                        if (fs.delete(status.getPath(), false)) {
                            deleted.add(relative);
                        } else {
                            errors.add(new VacuumReport.FileError(relative, "the file system did not delete it"));
                        }
                    } catch (IOException e) {
                        errors.add(new VacuumReport.FileError(relative, e.getMessage()));
                    }
                }
            }
        } catch (IOException e) {
            throw new DeltaException("Listing the files of " + table.location() + " failed: " + e.getMessage(), e);
        }
        return new VacuumReport(dryRun, candidates, deleted, bytes, errors);
    }

    /**
     * Rewrites each partition's files smaller than half the target file size into as few files as the target allows,
     * in one commit. Rows and their values are unchanged; readers see the same table.
     */
    public static CompactionReport compact(DeltaTable table) {
        long small = table.options().targetFileSize() / 2;
        int[] counts = new int[2];
        long[] rows = {0};
        DeltaCommit commit = Commits.retryWithPolicy(table, "OPTIMIZE", attempt -> {
            counts[0] = counts[1] = 0;
            rows[0] = 0;
            Snapshot snapshot = table.latest();
            Map<String, List<Row>> byPartition = new LinkedHashMap<>();
            for (Row file : ScanFiles.list(table, snapshot, Optional.empty())) {
                if (InternalScanFileUtils.getAddFileStatus(file).getSize() < small) {
                    byPartition.computeIfAbsent(InternalScanFileUtils.getPartitionValues(file).toString(), k -> new ArrayList<>()).add(file);
                }
            }
            Transaction txn = snapshot.buildUpdateTableTransaction(DeltaTable.ENGINE_INFO, Operation.WRITE).build(table.engine());
            Row txnState = txn.getTransactionState(table.engine());
            ScanPlan plan = new ScanPlan(table, snapshot, snapshot.getSchema().fieldNames(), Optional.empty());
            List<Row> actions = new ArrayList<>();
            try (BufferAllocator allocator = new RootAllocator()) {
                for (List<Row> files : byPartition.values()) {
                    if (files.size() < 2) {
                        continue;
                    }
                    try (ScanPlan.Chained batches = plan.chain(files, allocator)) {
                        DataFiles.Written written = DataFiles.write(table.engine(), txnState, snapshot.getSchema(),
                                snapshot.getPartitionColumnNames(), ArrowRows.identity(snapshot.getSchema().length()),
                                batches, allocator, table.location());
                        counts[1] += written.files();
                        rows[0] += written.rows();
                        actions.addAll(written.actions());
                    }
                    counts[0] += files.size();
                    files.forEach(f -> actions.add(ScanFiles.remove(f)));
                }
            }
            return actions.isEmpty() ? null : new Commits.Prepared(txn, actions);
        });
        return new CompactionReport(counts[0], counts[1], rows[0],
                commit == null ? OptionalLong.empty() : OptionalLong.of(commit.version()));
    }

    /**
     * The row-level changes of versions {@code from..to} (inclusive) as a stream with the table's columns plus
     * {@code _change_type}, {@code _commit_version} and {@code _commit_timestamp}. Commits with change-data files
     * ({@code cdc} actions, as Spark writes them when {@code delta.enableChangeDataFeed} is set) give their rows with
     * the types recorded there ('insert', 'delete', 'update_preimage', 'update_postimage'); other commits are
     * compared file by file and give 'insert' and 'delete' rows.
     * The caller closes the stream.
     */
    public static io.codeanatomy.engine.core.spi.BatchStream changes(DeltaTable table, long from, long to, BufferAllocator allocator) {
        return ChangeFeed.read(table, from, to, allocator);
    }

    private static List<DeltaLog.CommitFiles> recentCommits(DeltaTable table, Snapshot latest, Instant cutoff) {
        List<DeltaLog.CommitFiles> recent = new ArrayList<>();
        for (HistoryEntry entry : DeltaLog.history(table)) {
            if (!entry.timestamp().isBefore(cutoff) && entry.filesRemoved() > 0) {
                recent.addAll(DeltaLog.files(table, entry.version(), entry.version()));
            }
        }
        return recent;
    }

    private static boolean hidden(String relative) {
        for (String part : relative.split("/")) {
            if (part.startsWith("_") || part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A scan file's path (Kernel resolves it against the table root into a Hadoop path string) as the decoded
     * absolute path, comparable with listed files.
     */
    private static String absolute(String scanFilePath) {
        return new Path(scanFilePath).toUri().getPath();
    }


    private static Configuration configuration(DeltaTable table) {
        Configuration conf = new Configuration();
        io.codeanatomy.delta.internal.LocalFileSystems.configure(conf);
        table.options().storage().forEach(conf::set);
        return conf;
    }

}
