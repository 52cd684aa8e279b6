package io.codeanatomy.engine.core.spi;

/**
 * A table that accepts new rows (INSERT INTO ... VALUES / SELECT).
 *
 * @since 0.1
 */
public interface InsertableTable extends TableProvider {
    /**
     * Appends every row of {@code rows}, all or nothing: if it fails, the table is unchanged. The stream's schema
     * matches {@link #schema()} (the engine casts and reorders first). Borrows {@code rows}; the caller closes it.
     *
     * @return the number of rows inserted
     */
    long insert(SessionView session, BatchStream rows);
}
