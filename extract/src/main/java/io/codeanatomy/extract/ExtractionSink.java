package io.codeanatomy.extract;

import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Where extracted Arrow batches go. The runtime calls {@link #accept} from one thread at a time, then
 * {@link #finish} once if the run completed (not on cancellation or failure). The host owns the sink and closes it.
 *
 * @since 0.1
 */
public interface ExtractionSink extends AutoCloseable {
    /** The allocator the runtime builds batches with. Borrowed by the runtime. */
    BufferAllocator allocator();

    /**
     * Takes ownership of {@code batch}, a batch of {@code table} with the table's schema, also when it throws
     * (an exception fails the run).
     */
    void accept(String table, VectorSchemaRoot batch);

    /** Every table of the run (also the empty ones) with its schema; no batch follows. */
    void finish(Map<String, Schema> tables);

    /** Releases batches the sink still holds. Idempotent. */
    @Override
    void close();
}
