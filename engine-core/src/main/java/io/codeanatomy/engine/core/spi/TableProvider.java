package io.codeanatomy.engine.core.spi;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table the engine can plan against and scan. Thread-safe; keeps no per-query state.
 *
 * <p>Optional capabilities are separate interfaces: {@link InsertableTable}, {@link RowLevelModifiableTable}.
 *
 * @since 0.1
 */
public interface TableProvider {
    /** The table's columns. Stable for the provider's lifetime. */
    Schema schema();

    /** What the provider knows about its size; {@link TableStatistics#UNKNOWN} when nothing. */
    default TableStatistics statistics(SessionView session) {
        return TableStatistics.UNKNOWN;
    }

    /**
     * Whether the provider can apply one conjunct of a query's filter. Only deterministic filters are offered. Must be
     * cheap, side-effect free and give the same answer every time for the same filter.
     */
    default FilterSupport filterSupport(SessionView session, Expression filter) {
        return FilterSupport.UNSUPPORTED;
    }

    /**
     * Starts a scan. The returned stream's schema holds {@code request.columns()} in order. The caller owns and closes
     * the stream.
     */
    BatchStream scan(SessionView session, ScanRequest request);
}
