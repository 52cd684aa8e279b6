package io.codeanatomy.engine.core.spi;

import java.util.Map;

/**
 * A table that deletes and updates rows matching a predicate (DELETE ... WHERE, UPDATE ... SET ... WHERE).
 * Both are all or nothing. Predicates and assignments are evaluated with {@link SessionView#expressions()}.
 *
 * @since 0.1
 */
public interface RowLevelModifiableTable extends TableProvider {
    /**
     * Deletes the rows for which {@code predicate} is TRUE (rows where it is FALSE or NULL stay).
     *
     * @return the number of rows deleted
     */
    long delete(SessionView session, Expression predicate);

    /**
     * Sets {@code assignments} (column name to new value, evaluated against the old row) on rows where
     * {@code predicate} is TRUE.
     *
     * @return the number of rows updated
     */
    long update(SessionView session, Map<String, Expression> assignments, Expression predicate);
}
