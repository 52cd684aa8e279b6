package io.codeanatomy.engine.core.plan;

import java.util.List;

/**
 * The pushdown contract of one scan.
 *
 * @since 0.1
 */
public record ScanContract(String table, List<String> columns, List<FilterContract> filters, Long limit) {
    public ScanContract {
        columns = List.copyOf(columns);
        filters = List.copyOf(filters);
    }
}
