package io.codeanatomy.engine.core.spi;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A pull stream of Arrow batches. The stream owns every vector it exposes; whoever receives a stream owns it and
 * must close it.
 *
 * @since 0.1
 */
public interface BatchStream extends AutoCloseable {
    Schema schema();

    /** Loads the next batch into {@link #current()}; returns false at the end. */
    boolean advance();

    /**
     * The current batch, borrowed until the next {@link #advance()} or {@link #close()}.
     * Transfer its vectors out to keep them longer.
     */
    VectorSchemaRoot current();

    /** Releases everything the stream holds. Idempotent. */
    @Override
    void close();
}
