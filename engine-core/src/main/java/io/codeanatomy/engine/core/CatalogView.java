package io.codeanatomy.engine.core;

import io.codeanatomy.engine.core.spi.TableProvider;
import java.util.List;
import java.util.Optional;

/**
 * A read-only look at a session's catalog. The same content is queryable as {@code information_schema.tables} and
 * {@code information_schema.columns}.
 *
 * @since 0.1
 */
public interface CatalogView {
    /** Schema names, sorted. */
    List<String> schemas();

    /** Tables and views of every schema, sorted by schema then name. */
    List<TableName> tables();

    /** The provider registered under {@code name} (case-insensitive); empty for views and unknown names. */
    Optional<TableProvider> table(TableName name);
}
