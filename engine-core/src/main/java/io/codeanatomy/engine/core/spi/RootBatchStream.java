package io.codeanatomy.engine.core.spi;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link BatchStream} that hands out one owned {@link VectorSchemaRoot} at a time: subclasses produce the next
 * root; this class closes the previous one on every advance and the last one on close, so providers cannot leak a
 * batch on any path.
 *
 * @since 0.1
 */
public abstract class RootBatchStream implements BatchStream {
    private final Schema schema;
    private VectorSchemaRoot current;
    private boolean closed;

    protected RootBatchStream(Schema schema) {
        this.schema = schema;
    }

    /** The next batch, owned by this stream from now on; null at the end. */
    protected abstract VectorSchemaRoot nextRoot();

    /** Releases what the subclass holds besides the current batch (files, readers, pending batches). */
    protected void release() {}

    @Override
    public final Schema schema() {
        return schema;
    }

    @Override
    public final boolean advance() {
        closeCurrent();
        if (closed) {
            return false;
        }
        current = nextRoot();
        return current != null;
    }

    @Override
    public final VectorSchemaRoot current() {
        return current;
    }

    private void closeCurrent() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeCurrent();
        } finally {
            release();
        }
    }
}
