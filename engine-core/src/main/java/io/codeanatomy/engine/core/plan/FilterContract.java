package io.codeanatomy.engine.core.plan;

import io.codeanatomy.engine.core.spi.FilterSupport;

/**
 * One filter conjunct offered to a scan's provider: its answer, and where the conjunct is evaluated as a result.
 *
 * @param filter      the conjunct as SQL-like text
 * @param support     the provider's answer
 * @param evaluatedAt {@code provider} (EXACT), {@code provider+engine} (INEXACT: the provider skips data, the
 *                    engine filters again), or {@code engine} (UNSUPPORTED)
 * @since 0.1
 */
public record FilterContract(String filter, FilterSupport support, String evaluatedAt) {
    public static String placeOf(FilterSupport support) {
        return switch (support) {
            case EXACT -> "provider";
            case INEXACT -> "provider+engine";
            case UNSUPPORTED -> "engine";
        };
    }
}
