package io.codeanatomy.delta;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files of a snapshot, as Kernel lists them for a scan, and the remove actions that retire them. Kernel 4.4 has
 * no public API for remove actions, so they are built from its internal AddFile (the one place we use internals).
 */
final class ScanFiles {
    private ScanFiles() {}

    /** Scan-file rows of {@code snapshot}, pruned by {@code filter} (partitions and min/max statistics). */
    static List<Row> list(DeltaTable table, Snapshot snapshot, Optional<Predicate> filter) {
        var builder = snapshot.getScanBuilder();
        if (filter.isPresent()) {
            builder = builder.withFilter(filter.get());
        }
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> files = builder.build().getScanFiles(table.engine())) {
            while (files.hasNext()) {
                try (CloseableIterator<Row> batch = files.next().getRows()) {
                    batch.forEachRemaining(rows::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    static List<Row> removeAll(DeltaTable table, Snapshot snapshot) {
        List<Row> removes = new ArrayList<>();
        for (Row file : list(table, snapshot, Optional.empty())) {
            removes.add(remove(file));
        }
        return removes;
    }

    static Row remove(Row scanFile) {
        AddFile add = new AddFile(scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL));
        return SingleAction.createRemoveFileSingleAction(add.toRemoveFileRow(true, Optional.empty()));
    }

    static String path(Row scanFile) {
        return InternalScanFileUtils.getAddFileStatus(scanFile).getPath();
    }

    static long numRecords(Row scanFile) {
        return new AddFile(scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL)).getNumRecords().orElse(-1L);
    }
}
