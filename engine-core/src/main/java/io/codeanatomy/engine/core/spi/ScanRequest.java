package io.codeanatomy.engine.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the engine asks a provider to scan.
 *
 * @param columns columns to return, in this order; a filter may reference columns that are not among them
 * @param filters conjuncts the provider answered {@link FilterSupport#EXACT} or {@link FilterSupport#INEXACT} for
 * @param limit   the most rows the engine needs; set only when every filter of the query was answered EXACT
 * @since 0.1
 */
public record ScanRequest(List<String> columns, List<Expression> filters, OptionalLong limit) {
    public ScanRequest {
        columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        filters = List.copyOf(Objects.requireNonNull(filters, "filters"));
        Objects.requireNonNull(limit, "limit");
        if (limit.isPresent() && limit.getAsLong() < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit.getAsLong());
        }
    }

    /** Every column of {@code schemaColumns}, no filter, no limit. */
    public static ScanRequest all(List<String> schemaColumns) {
        return new ScanRequest(schemaColumns, List.of(), OptionalLong.empty());
    }
}
