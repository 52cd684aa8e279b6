package io.codeanatomy.engine.core.internal.catalog;

import io.codeanatomy.engine.core.TableName;
import java.util.List;

/** Index metadata (CREATE INDEX); the engine keeps it for the catalog and does not use it for planning yet. */
public record IndexEntry(String schema, String name, TableName table, List<String> columns, boolean unique) {
    public IndexEntry {
        columns = List.copyOf(columns);
    }
}
