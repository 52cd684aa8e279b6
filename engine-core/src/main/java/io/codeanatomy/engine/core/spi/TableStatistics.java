package io.codeanatomy.engine.core.spi;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a provider knows about its table's size and columns; used for join order and build-side choice.
 *
 * @param rowCount the number of rows, if known (exact or a close estimate)
 * @param columns  statistics by column name; columns without statistics may be absent
 * @since 0.1
 */
public record TableStatistics(OptionalLong rowCount, Map<String, ColumnStatistics> columns) {
    public static final TableStatistics UNKNOWN = new TableStatistics(OptionalLong.empty(), Map.of());

    public TableStatistics {
        Objects.requireNonNull(rowCount, "rowCount");
        columns = Map.copyOf(Objects.requireNonNull(columns, "columns"));
    }

    public static TableStatistics ofRowCount(long rows) {
        return new TableStatistics(OptionalLong.of(rows), Map.of());
    }

    public ColumnStatistics column(String name) {
        return columns.getOrDefault(name, ColumnStatistics.UNKNOWN);
    }
}
