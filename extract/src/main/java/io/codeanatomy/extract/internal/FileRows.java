package io.codeanatomy.extract.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows one file produced, held until the file finishes: a file that fails or times out contributes only its
 * error row, never half its rows. Not thread-safe; one per file task.
 */
public final class FileRows {
    private final Map<TableSpec, List<Object[]>> rows = new LinkedHashMap<>();
    private long count;

    public void add(TableSpec table, Object... row) {
        rows.computeIfAbsent(table, t -> new ArrayList<>()).add(row);
        count++;
    }

    public Map<TableSpec, List<Object[]>> byTable() {
        return rows;
    }

    public long count() {
        return count;
    }
}
