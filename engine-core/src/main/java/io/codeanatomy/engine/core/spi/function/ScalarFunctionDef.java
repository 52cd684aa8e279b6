package io.codeanatomy.engine.core.spi.function;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A scalar function an extension adds to sessions.
 *
 * @param name            lower-case SQL name
 * @param aliases         other names it answers to
 * @param signatures      accepted argument lists, tried in order
 * @param returnType      the result's SQL type, e.g. {@code BIGINT}, {@code VARCHAR},
 *                        {@code STRUCT<start_line BIGINT, start_col BIGINT>}; results may be NULL
 * @param volatility      whether results depend only on arguments
 * @param doc             documentation
 * @param provider        the extension or plugin that provides it
 * @param providerVersion that provider's version
 * @param implementation  the vectorized body
 * @since 0.1
 */
public record ScalarFunctionDef(String name, List<String> aliases, List<FunctionSignature> signatures, String returnType,
                                Volatility volatility, FunctionDoc doc, String provider, String providerVersion,
                                VectorFunction implementation) {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    public ScalarFunctionDef {
        aliases = List.copyOf(Objects.requireNonNull(aliases, "aliases"));
        signatures = List.copyOf(Objects.requireNonNull(signatures, "signatures"));
        ScalarFunctionDef.check(name, aliases, signatures, returnType, volatility, doc, provider, providerVersion,
                implementation);
    }

    /** The checks every kind of function definition makes: nothing missing, well-formed names, a signature. */
    static void check(String name, List<String> aliases, List<FunctionSignature> signatures, String returnType,
                      Volatility volatility, FunctionDoc doc, String provider, String providerVersion,
                      Object implementation) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(returnType, "returnType");
        Objects.requireNonNull(volatility, "volatility");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerVersion, "providerVersion");
        Objects.requireNonNull(implementation, "implementation");
        checkNames(name, aliases, signatures);
    }

    private static void checkNames(String name, List<String> aliases, List<FunctionSignature> signatures) {
        for (String n : names(name, aliases)) {
            if (!NAME.matcher(n).matches()) {
                throw new IllegalArgumentException("Function name '" + n + "' must be lower-case letters, digits and '_'");
            }
        }
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("Function '" + name + "' needs at least one signature");
        }
    }

    /** The name and the aliases. */
    public List<String> allNames() {
        return names(name, aliases);
    }

    static List<String> names(String name, List<String> aliases) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(name), aliases.stream()).toList();
    }
}
