package io.codeanatomy.engine.core;

import java.util.Locale;
import java.util.Objects;

/**
 * A table's schema and name. Names are matched case-insensitively (like DuckDB and most SQL engines) and kept as
 * written for display.
 *
 * @since 0.1
 */
public record TableName(String schema, String name) {
    /** The schema tables land in when none is given. */
    public static final String DEFAULT_SCHEMA = "main";

    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        if (schema.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("schema and table name must not be blank: '" + schema + "." + name + "'");
        }
    }

    /** Parses {@code table} or {@code schema.table}; an unqualified name lands in {@link #DEFAULT_SCHEMA}. */
    public static TableName parse(String qualified) {
        Objects.requireNonNull(qualified, "qualified");
        int dot = qualified.indexOf('.');
        if (dot < 0) {
            return new TableName(DEFAULT_SCHEMA, qualified);
        }
        if (qualified.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("Table name '" + qualified + "' has more than two parts; use 'schema.table'");
        }
        return new TableName(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    public static TableName of(String table) {
        return new TableName(DEFAULT_SCHEMA, table);
    }

    /** The lower-case form used for lookups. */
    public TableName normalized() {
        return new TableName(schema.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
