package io.codeanatomy.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Test sink: records batch sizes per table and whether finish ran; closes batches as they arrive. */
class CollectingSink implements ExtractionSink {
    private final BufferAllocator allocator;
    final Map<String, List<Integer>> batchRows = new LinkedHashMap<>();
    Map<String, Schema> finished;

    CollectingSink(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public synchronized void accept(String table, VectorSchemaRoot batch) {
        try (batch) {
            batchRows.computeIfAbsent(table, t -> new ArrayList<>()).add(batch.getRowCount());
        }
    }

    @Override
    public void finish(Map<String, Schema> tables) {
        finished = tables;
    }

    @Override
    public void close() {}
}
