package io.codeanatomy.engine.core;

import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.spi.TableProvider;

/**
 * What an extension can register while a session is built. Valid only during {@link SessionExtension#install}.
 *
 * @since 0.1
 */
public interface ExtensionContext {
    /** The profile of the session being built. */
    RuntimeProfile profile();

    /** The session's allocator, for extensions that build in-memory tables. Borrowed: never close it. */
    org.apache.arrow.memory.BufferAllocator allocator();

    void createSchema(String name);

    /** Registers a table; a provider that is {@link AutoCloseable} is closed by the session when it closes. */
    void registerTable(TableName name, TableProvider provider);

    void registerTableFunction(TableFunction function);

    /**
     * Capability registrations that later modules define (function registries, planner ports). Returns the
     * registrar of the given type that the session offers, so extensions stay decoupled from engine internals.
     *
     * @throws IllegalArgumentException if this session offers no registrar of that type
     */
    <T> T registrar(Class<T> type);
}
