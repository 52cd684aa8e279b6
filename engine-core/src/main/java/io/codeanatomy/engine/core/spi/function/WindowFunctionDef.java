package io.codeanatomy.engine.core.spi.function;

import java.util.List;
import java.util.Objects;

/**
 * A window function an extension adds to sessions, used only with {@code OVER (PARTITION BY .. ORDER BY .. ROWS|RANGE
 * ..)}: {@code SELECT name(x) OVER (PARTITION BY file ORDER BY bstart) FROM spans}. The engine orders each partition
 * and hands it to the implementation whole, as Arrow vectors, with the frame of every row.
 *
 * @param name            lower-case SQL name
 * @param aliases         other names it answers to
 * @param signatures      accepted argument lists, tried in order
 * @param returnType      the result's SQL type, e.g. {@code BIGINT}; results may be NULL
 * @param volatility      whether results depend only on arguments (and the partition's order and frames)
 * @param doc             documentation
 * @param provider        the extension or plugin that provides it
 * @param providerVersion that provider's version
 * @param implementation  the vectorized per-partition body
 * @since 0.1
 */
public record WindowFunctionDef(String name, List<String> aliases, List<FunctionSignature> signatures, String returnType,
                                Volatility volatility, FunctionDoc doc, String provider, String providerVersion,
                                WindowFunction implementation) {
    public WindowFunctionDef {
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
