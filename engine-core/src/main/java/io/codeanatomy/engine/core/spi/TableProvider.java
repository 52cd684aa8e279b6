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
     * The version of the data a scan would read now (a Delta table's version), part of plan identities so a plan
     * digest changes when the data does; empty for tables without versions.
     */
    default java.util.Optional<String> versionIdentity(SessionView session) {
        return java.util.Optional.empty();
    }

    /**
     * Starts a scan. The returned stream's schema holds {@code request.columns()} in order. The caller owns and closes
     * the stream.
     */
    BatchStream scan(SessionView session, ScanRequest request);
}
