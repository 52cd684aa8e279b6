package io.codeanatomy.extract;

import java.time.Duration;
import java.util.Map;

/**
 * What a run did: files extracted, their bytes, rows per table, error rows, whether it was cancelled, how long it took.
 *
 * @since 0.1
 */
public record ExtractionSummary(long files, long bytes, Map<String, Long> rowsByTable, long errors, boolean cancelled,
        Duration elapsed) {
    public ExtractionSummary {
        rowsByTable = Map.copyOf(rowsByTable);
    }

    public long rows(String table) {
        return rowsByTable.getOrDefault(table, 0L);
    }
}
