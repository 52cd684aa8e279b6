package io.codeanatomy.engine.core.internal.sql;

import io.codeanatomy.engine.core.StatementKind;
import io.codeanatomy.engine.core.TableName;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.sql.SqlNode;

/** A classified statement: what the front end parsed, before planning. */
public sealed interface Statement {
    StatementKind kind();

    /** A query or DML statement Calcite parsed; {@code sql} is the text it was parsed from (positions preserved). */
    record Calcite(StatementKind kind, SqlNode node, String sql) implements Statement {
        public Calcite {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(node, "node");
        }
    }

    enum ExplainFormat { TEXT, JSON }

    record Explain(boolean analyze, boolean verbose, ExplainFormat format, Statement inner) implements Statement {
        @Override
        public StatementKind kind() {
            return StatementKind.EXPLAIN;
        }
    }

    record CreateSchema(String name, boolean ifNotExists) implements Statement {
        @Override
        public StatementKind kind() {
            return StatementKind.CREATE_SCHEMA;
        }
    }

    /** A column of CREATE TABLE: {@code defaultSql} is the DEFAULT expression's text, or null. */
    record ColumnDefinition(Field field, String defaultSql) {}

    record CreateTable(TableName name, boolean orReplace, boolean ifNotExists, List<ColumnDefinition> columns,
                       List<String> primaryKey, List<List<String>> uniqueKeys) implements Statement {
        public CreateTable {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            uniqueKeys = List.copyOf(uniqueKeys);
        }

        @Override
        public StatementKind kind() {
            return StatementKind.CREATE_TABLE;
        }
    }

    record CreateTableAs(TableName name, boolean orReplace, boolean ifNotExists, Calcite query) implements Statement {
        @Override
        public StatementKind kind() {
            return StatementKind.CREATE_TABLE_AS;
        }
    }

    /** {@code querySql} is the view body's own text, stored and re-planned on every use. */
    record CreateView(TableName name, boolean orReplace, boolean ifNotExists, List<String> columns, Calcite query,
                      String querySql) implements Statement {
        public CreateView {
            columns = List.copyOf(columns);
        }

        @Override
        public StatementKind kind() {
            return StatementKind.CREATE_VIEW;
        }
    }

    record CreateIndex(String name, TableName table, List<String> columns, boolean unique, boolean ifNotExists)
            implements Statement {
        public CreateIndex {
            columns = List.copyOf(columns);
        }

        @Override
        public StatementKind kind() {
            return StatementKind.CREATE_INDEX;
        }
    }

    /** DROP TABLE / VIEW / INDEX / SCHEMA; {@code kind} says which. Index names use {@link TableName} as schema.name. */
    record Drop(StatementKind kind, List<TableName> names, boolean ifExists, boolean cascade) implements Statement {
        public Drop {
            names = List.copyOf(names);
        }
    }

    enum ShowTarget { TABLES, SCHEMAS, FUNCTIONS, COLUMNS }

    record Show(ShowTarget target, TableName table) implements Statement {
        @Override
        public StatementKind kind() {
            return StatementKind.SHOW;
        }
    }

    record Describe(TableName table) implements Statement {
        @Override
        public StatementKind kind() {
            return StatementKind.DESCRIBE;
        }
    }
}
