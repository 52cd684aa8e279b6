package io.codeanatomy.engine.core;

import io.codeanatomy.engine.core.spi.BatchStream;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A lazily evaluated query. Nothing runs until {@link #collect()} or {@link #stream()}. Immutable; each call to
 * collect or stream runs the query again.
 *
 * @since 0.1
 */
public interface DataFrame {
    /** The result's columns. */
    Schema schema();

    /** Runs the query and keeps every batch in memory. The caller owns and closes the result. */
    QueryResult collect();

    /** Runs the query as a stream of batches. The caller owns and closes the stream. */
    BatchStream stream();

    /** The physical plan as indented text. */
    String explain();
}
