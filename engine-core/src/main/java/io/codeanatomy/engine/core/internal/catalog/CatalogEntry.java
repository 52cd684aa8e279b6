package io.codeanatomy.engine.core.internal.catalog;

import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.spi.TableProvider;
import java.util.List;
import java.util.Objects;

/**
 * One named relation of the catalog: a table backed by a provider, or a view defined by SQL.
 *
 * @param name        as written when it was created
 * @param kind        table, view or system table
 * @param provider    the table's provider; null for views
 * @param viewSql     the view's query text; null for tables
 * @param viewColumns the view's declared column names, empty when it has none
 */
public record CatalogEntry(TableName name, TableKind kind, TableProvider provider, String viewSql, List<String> viewColumns) {
    public CatalogEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        viewColumns = List.copyOf(viewColumns);
        if ((kind == TableKind.VIEW) != (viewSql != null) || (kind == TableKind.VIEW) == (provider != null)) {
            throw new IllegalArgumentException("a view has SQL and no provider; a table has a provider and no SQL: " + name);
        }
    }

    public static CatalogEntry table(TableName name, TableProvider provider) {
        return new CatalogEntry(name, TableKind.TABLE, provider, null, List.of());
    }

    public static CatalogEntry system(TableName name, TableProvider provider) {
        return new CatalogEntry(name, TableKind.SYSTEM, provider, null, List.of());
    }

    public static CatalogEntry view(TableName name, String sql, List<String> columns) {
        return new CatalogEntry(name, TableKind.VIEW, null, sql, columns);
    }
}
