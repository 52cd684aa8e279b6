package io.codeanatomy.engine.core;

/**
 * The four families a statement is classified into before planning.
 *
 * @since 0.1
 */
public enum StatementCategory {
    /** Reads data: SELECT, VALUES, WITH. */
    QUERY,
    /** Changes the catalog: CREATE, DROP. */
    DDL,
    /** Changes table contents: INSERT, UPDATE, DELETE, MERGE. */
    DML,
    /** Describes or explains without changing anything: EXPLAIN, SHOW, DESCRIBE. */
    UTILITY
}
