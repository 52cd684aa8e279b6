package io.codeanatomy.extract.internal;

import io.codeanatomy.engine.ext.SpanPositions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows one file produced, held until the file finishes: a file that fails or times out contributes only its
 * error row, never half its rows. Rows of {@link TableSpec#positioned() positioned} tables get their line/column
 * columns here, from one scan of the file's text. Not thread-safe; one per file task.
 */
public final class FileRows {
    private final Map<TableSpec, List<Object[]>> rows = new LinkedHashMap<>();
    private final byte[] utf8;
    private SpanPositions positions;
    private long count;

    /** Rows of a file without text (class files, indexes): positioned tables are refused. */
    public FileRows() {
        this(null);
    }

    /** Rows of a source file whose byte spans index into {@code utf8}. */
    public FileRows(byte[] utf8) {
        this.utf8 = utf8;
    }

    public void add(TableSpec table, Object... row) {
        rows.computeIfAbsent(table, t -> new ArrayList<>()).add(table.positioned() ? positioned(table, row) : row);
        count++;
    }

    private Object[] positioned(TableSpec table, Object[] row) {
        int width = table.columns().size() - TableSpec.POSITION_COLUMNS.size();
        if (row.length != width) {
            throw new IllegalArgumentException(table.name() + " rows have " + width + " values before the position "
                    + "columns, got " + row.length);
        }
        if (utf8 == null) {
            throw new IllegalStateException(table.name() + " has spans, but this file has no text to position them in");
        }
        if (positions == null) {
            positions = SpanPositions.of(utf8);
        }
        Object[] full = Arrays.copyOf(row, width + TableSpec.POSITION_COLUMNS.size());
        int start = ((Number) row[table.bstartIndex()]).intValue();
        int end = ((Number) row[table.bendIndex()]).intValue();
        full[width] = positions.line(start);
        full[width + 1] = (int) positions.column(start);
        full[width + 2] = positions.line(end);
        full[width + 3] = (int) positions.column(end);
        return full;
    }

    public Map<TableSpec, List<Object[]>> byTable() {
        return rows;
    }

    public long count() {
        return count;
    }
}
