package io.codeanatomy.delta;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Options of one write.
 *
 * @param partitionColumns columns to partition a new table by (ignored for an existing table, which keeps its own)
 * @param mergeSchema      whether input columns the table lacks are added to it (as nullable columns) instead of
 *                         failing the write
 * @param tableProperties  Delta table properties for a new table, e.g. {@code delta.checkpointInterval}
 * @since 0.1
 */
public record WriteOptions(List<String> partitionColumns, boolean mergeSchema, Map<String, String> tableProperties) {
    public static final WriteOptions DEFAULT = new WriteOptions(List.of(), false, Map.of());

    public WriteOptions {
        partitionColumns = List.copyOf(Objects.requireNonNull(partitionColumns, "partitionColumns"));
        tableProperties = Map.copyOf(Objects.requireNonNull(tableProperties, "tableProperties"));
    }

    public static WriteOptions partitionedBy(String... columns) {
        return new WriteOptions(List.of(columns), false, Map.of());
    }

    public WriteOptions withMergeSchema(boolean merge) {
        return new WriteOptions(partitionColumns, merge, tableProperties);
    }

    public WriteOptions withTableProperties(Map<String, String> properties) {
        return new WriteOptions(partitionColumns, mergeSchema, properties);
    }
}
