package io.codeanatomy.engine.core;

/**
 * Every kind of statement a session recognizes, each in one {@link StatementCategory}.
 *
 * @since 0.1
 */
public enum StatementKind {
    SELECT(StatementCategory.QUERY),
    EXPLAIN(StatementCategory.UTILITY),
    SHOW(StatementCategory.UTILITY),
    DESCRIBE(StatementCategory.UTILITY),
    CREATE_SCHEMA(StatementCategory.DDL),
    CREATE_TABLE(StatementCategory.DDL),
    CREATE_TABLE_AS(StatementCategory.DDL),
    CREATE_VIEW(StatementCategory.DDL),
    CREATE_INDEX(StatementCategory.DDL),
    DROP_SCHEMA(StatementCategory.DDL),
    DROP_TABLE(StatementCategory.DDL),
    DROP_VIEW(StatementCategory.DDL),
    DROP_INDEX(StatementCategory.DDL),
    INSERT(StatementCategory.DML),
    UPDATE(StatementCategory.DML),
    DELETE(StatementCategory.DML),
    MERGE(StatementCategory.DML);

    private final StatementCategory category;

    StatementKind(StatementCategory category) {
        this.category = category;
    }

    public StatementCategory category() {
        return category;
    }
}
