package io.codeanatomy.engine.core.spi;

import io.codeanatomy.engine.core.RuntimeProfile;
import io.opentelemetry.api.trace.Tracer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What a provider sees of the session that calls it.
 *
 * @since 0.1
 */
public interface SessionView {
    /** The session's id, unique within the process. */
    String sessionId();

    /** The session's immutable profile; providers may adapt to it (batch size, partitions, extension options). */
    RuntimeProfile profile();

    /**
     * The allocator to allocate from: during a scan, the query's allocator (bounded by the profile's memory limit);
     * otherwise the session's. Borrowed: never close it.
     */
    BufferAllocator allocator();

    /** The tracer for spans the provider wants to add under the current query's span. */
    Tracer tracer();

    /** Compiles engine expressions for providers that evaluate filters or assignments themselves. */
    ExpressionCompiler expressions();

    /** The session's catalog, for table functions that read other tables (e.g. {@code interval_align}). */
    io.codeanatomy.engine.core.CatalogView catalog();
}
