package io.codeanatomy.extract;

import java.time.Duration;
import java.util.Map;

/**
 * What a run did: files read, their bytes, rows per table, error rows, whether it was cancelled, how long it took, and
 * how many of the files read had their rows taken from an {@link ExtractionCache} instead of being parsed.
 *
 * @since 0.1
 */
public record ExtractionSummary(long files, long bytes, Map<String, Long> rowsByTable, long errors, boolean cancelled,
        Duration elapsed, long filesReused) {
    public ExtractionSummary {
        rowsByTable = Map.copyOf(rowsByTable);
    }

    /** A run that parsed every file it read. */
    public ExtractionSummary(long files, long bytes, Map<String, Long> rowsByTable, long errors, boolean cancelled,
                             Duration elapsed) {
        this(files, bytes, rowsByTable, errors, cancelled, elapsed, 0);
    }

    public long rows(String table) {
        return rowsByTable.getOrDefault(table, 0L);
    }
}
