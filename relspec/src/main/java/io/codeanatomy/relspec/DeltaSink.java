package io.codeanatomy.relspec;

import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.delta.DeltaWriter;
import io.codeanatomy.delta.WriteMode;
import io.codeanatomy.engine.core.spi.RootBatchStream;
import io.codeanatomy.extract.ExtractionSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Streams extracted batches into Delta tables {@code raw_<table>} under a directory: every {@code batchesPerCommit}
 * batches of a table are committed, so memory holds at most that many batches per table. The first commit of a run
 * replaces the table's previous content; a run that fails part way leaves each table at its last commit (the
 * previous run's rows, or some of this run's).
 *
 * @since 0.1
 */
public final class DeltaSink implements ExtractionSink {
    private final Path directory;
    private final BufferAllocator allocator;
    private final int batchesPerCommit;
    private final Map<String, List<VectorSchemaRoot>> pending = new LinkedHashMap<>();
    private final Set<String> written = new HashSet<>();
    private final Map<String, Long> versions = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param directory        where the {@code raw_*} tables go
     * @param allocator        what the runtime builds batches with (borrowed)
     * @param batchesPerCommit batches buffered per table before a commit, at least 1
     */
    public DeltaSink(Path directory, BufferAllocator allocator, int batchesPerCommit) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        if (batchesPerCommit < 1) {
            throw new IllegalArgumentException("batchesPerCommit must be at least 1, was " + batchesPerCommit);
        }
        this.batchesPerCommit = batchesPerCommit;
    }

    /** The Delta table a run writes {@code table} to. */
    public DeltaTable table(String table) {
        return DeltaTable.forPath(directory.resolve("raw_" + table));
    }

    /** The version committed last for each table written so far. */
    public synchronized Map<String, Long> versions() {
        return Map.copyOf(versions);
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public synchronized void accept(String table, VectorSchemaRoot batch) {
        if (closed) {
            batch.close();
            throw new IllegalStateException("DeltaSink is closed; cannot accept a batch of " + table);
        }
        List<VectorSchemaRoot> batches = pending.computeIfAbsent(table, t -> new ArrayList<>());
        batches.add(batch);
        if (batches.size() >= batchesPerCommit) {
            flush(table, batch.getSchema());
        }
    }

    @Override
    public synchronized void finish(Map<String, Schema> tables) {
        for (Map.Entry<String, Schema> entry : tables.entrySet()) {
            if (pending.containsKey(entry.getKey()) || !written.contains(entry.getKey())) {
                flush(entry.getKey(), entry.getValue());    // also creates (or empties) tables that got no rows
            }
        }
    }

    private void flush(String table, Schema schema) {
        List<VectorSchemaRoot> batches = pending.remove(table);
        Iterator<VectorSchemaRoot> next = batches == null ? List.<VectorSchemaRoot>of().iterator() : batches.iterator();
        try (RootBatchStream stream = new RootBatchStream(schema) {
            @Override
            protected VectorSchemaRoot nextRoot() {
                if (!next.hasNext()) {
                    return null;
                }
                VectorSchemaRoot root = next.next();
                next.remove();      // the stream owns it from now on
                return root;
            }

            @Override
            protected void release() {
                next.forEachRemaining(VectorSchemaRoot::close);
            }
        }) {
            WriteMode mode = written.add(table) ? WriteMode.OVERWRITE : WriteMode.APPEND;
            versions.put(table, DeltaWriter.write(table(table), stream, mode).commit().version());
        } finally {
            if (batches != null) {
                batches.forEach(VectorSchemaRoot::close);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.values().forEach(list -> list.forEach(VectorSchemaRoot::close));
        pending.clear();
    }
}
