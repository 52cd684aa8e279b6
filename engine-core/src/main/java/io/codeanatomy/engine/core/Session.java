package io.codeanatomy.engine.core;

import io.codeanatomy.engine.core.spi.TableProvider;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A SQL session: an immutable configuration (profile, extensions, functions) and a catalog of tables.
 * Built only through {@link Sessions#builder(RuntimeProfile)}. Thread-safe: queries may run concurrently; catalog
 * changes are atomic per table.
 *
 * <p>Two sessions never share state: each has its own catalog, caches and allocator.
 *
 * @since 0.1
 */
public interface Session extends AutoCloseable {
    /** Unique within the process. */
    String id();

    RuntimeProfile profile();

    /** Extensions installed while the session was built, in install order. */
    List<ExtensionInfo> extensions();

    /**
     * Parses, classifies and validates one statement, binding {@code ?} parameters (in order) as typed literals.
     * Queries run lazily when the frame is collected or streamed; DDL runs now; DML runs when collected or streamed
     * and returns one row with the count of changed rows.
     *
     * @throws SqlException        if the text does not parse or validate (with line and column)
     * @throws SqlPolicyViolation  if the profile's SQL policy does not allow the statement kind
     */
    DataFrame sql(String sql, Object... params);

    /**
     * Runs one statement to completion: the number of rows changed (DML), returned (queries), written
     * ({@code CREATE TABLE ... AS SELECT}), or 0 (other DDL).
     */
    long execute(String sql, Object... params);

    /** A frame that reads a registered table or view; start of the DataFrame API. */
    DataFrame table(String name);

    /**
     * Runs {@code query} (a frame of this session) now into a new in-memory table {@code name}, like
     * {@code CREATE TABLE name AS query}, under the same SQL policy; the way to materialize a frame built with the
     * DataFrame API (hints included).
     *
     * @return the number of rows written
     * @throws SqlPolicyViolation if the profile's SQL policy refuses CREATE TABLE AS
     * @throws CatalogException   if the name is taken
     */
    long createTable(String name, DataFrame query);

    /** Registers a table under {@code name} ({@code table} or {@code schema.table}); fails if the name is taken. */
    void register(String name, TableProvider provider);

    void register(TableName name, TableProvider provider);

    /** Removes a table or view; returns whether it existed. */
    boolean deregister(TableName name);

    void createSchema(String name);

    CatalogView catalog();

    /** The session's allocator, for building in-memory tables. Borrowed: never close it. */
    BufferAllocator allocator();

    /**
     * Cancels every query of this session that is running now (from any thread): each fails at its next batch with
     * {@link QueryCancelledException} and releases its memory; the session stays usable.
     *
     * @return how many queries were cancelled
     */
    int cancelRunningQueries();

    /**
     * Releases the session's memory and caches. Queries still running are cancelled first, and close waits (up to
     * 10 s) for them to release their memory. Idempotent.
     */
    @Override
    void close();
}
