package io.codeanatomy.engine.core.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a provider knows about one column. Every part is optional; the planner uses what is there.
 * {@code min}/{@code max} hold values in the Java types of {@link Expression.Literal}.
 *
 * @since 0.1
 */
public record ColumnStatistics(OptionalLong nullCount, OptionalLong distinctCount, Optional<Object> min, Optional<Object> max) {
    public static final ColumnStatistics UNKNOWN =
            new ColumnStatistics(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty());

    public ColumnStatistics {
        Objects.requireNonNull(nullCount, "nullCount");
        Objects.requireNonNull(distinctCount, "distinctCount");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
    }
}
