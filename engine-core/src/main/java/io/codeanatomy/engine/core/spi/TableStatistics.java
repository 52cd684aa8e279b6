package io.codeanatomy.engine.core.spi;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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
        Objects.requireNonNull(columns, "columns");
        columns = columns instanceof LazyColumns ? columns : Map.copyOf(columns);
    }

    public static TableStatistics ofRowCount(long rows) {
        return new TableStatistics(OptionalLong.of(rows), Map.of());
    }

    /**
     * Statistics whose column parts are computed on first use, once per column: a planner asks about the few
     * columns a query joins, groups or filters on, and a provider that has to scan its rows for them (distinct
     * counts, bounds) need not scan the other columns. {@code compute} gets one of {@code columnNames} and must
     * be safe to call from any thread; it may return {@link ColumnStatistics#UNKNOWN}.
     */
    public static TableStatistics lazy(OptionalLong rowCount, List<String> columnNames,
                                       Function<String, ColumnStatistics> compute) {
        return new TableStatistics(rowCount, new LazyColumns(Set.copyOf(columnNames), Objects.requireNonNull(compute)));
    }

    public ColumnStatistics column(String name) {
        return columns.getOrDefault(name, ColumnStatistics.UNKNOWN);
    }

    /** An unmodifiable map over fixed keys whose values are computed when first read (iteration reads them all). */
    private static final class LazyColumns extends AbstractMap<String, ColumnStatistics> {
        private final Set<String> names;
        private final Function<String, ColumnStatistics> compute;
        private final Map<String, ColumnStatistics> computed = new ConcurrentHashMap<>();

        LazyColumns(Set<String> names, Function<String, ColumnStatistics> compute) {
            this.names = names;
            this.compute = compute;
        }

        @Override
        public ColumnStatistics get(Object key) {
            if (!(key instanceof String name) || !names.contains(name)) {
                return null;
            }
            return computed.computeIfAbsent(name, n -> Objects.requireNonNull(compute.apply(n), "column statistics"));
        }

        @Override
        public boolean containsKey(Object key) {
            return names.contains(key);
        }

        @Override
        public int size() {
            return names.size();
        }

        @Override
        public Set<Entry<String, ColumnStatistics>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Entry<String, ColumnStatistics>> iterator() {
                    java.util.Iterator<String> keys = names.iterator();
                    return new java.util.Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return keys.hasNext();
                        }

                        @Override
                        public Entry<String, ColumnStatistics> next() {
                            String name = keys.next();
                            return Map.entry(name, get(name));
                        }
                    };
                }

                @Override
                public int size() {
                    return names.size();
                }
            };
        }
    }
}
