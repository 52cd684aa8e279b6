package io.codeanatomy.engine.core.spi.function;

import java.util.List;
import java.util.Objects;

/**
 * An aggregate function an extension adds to sessions, used as {@code SELECT g, name(x) FROM t GROUP BY g} (with
 * {@code DISTINCT} and {@code FILTER (WHERE ...)}) or over a whole table. With {@code OVER (...)} it is a window aggregate
 * when its frame is the whole partition or a bounded {@code ROWS} frame (see docs/profiles-and-sessions.md).
 *
 * @param name            lower-case SQL name
 * @param aliases         other names it answers to
 * @param signatures      accepted argument lists, tried in order
 * @param returnType      the result's SQL type, e.g. {@code BIGINT}; results may be NULL
 * @param volatility      whether results depend only on arguments
 * @param doc             documentation
 * @param provider        the extension or plugin that provides it
 * @param providerVersion that provider's version
 * @param implementation  creates the vectorized per-query accumulators
 * @since 0.1
 */
public record AggregateFunctionDef(String name, List<String> aliases, List<FunctionSignature> signatures, String returnType,
                                   Volatility volatility, FunctionDoc doc, String provider, String providerVersion,
                                   AggregateFunction implementation) {
    public AggregateFunctionDef {
        aliases = List.copyOf(Objects.requireNonNull(aliases, "aliases"));
        signatures = List.copyOf(Objects.requireNonNull(signatures, "signatures"));
        ScalarFunctionDef.check(name, aliases, signatures, returnType, volatility, doc, provider, providerVersion,
                implementation);
    }

    /** The name and the aliases. */
    public List<String> allNames() {
        return ScalarFunctionDef.names(name, aliases);
    }
}
