package io.codeanatomy.engine.ext;

import io.codeanatomy.engine.core.spi.function.Volatility;
import java.util.List;
import java.util.Objects;

/**
 * One function in a {@link FunctionRegistrySnapshot}.
 *
 * @param name            lower-case SQL name
 * @param kind            scalar or table function
 * @param aliases         other names, in declaration order
 * @param signatures      accepted argument lists, in the order they are tried
 * @param parameterNames  names for named arguments ({@code name => value}); empty for scalar functions
 * @param returnType      the result as a SQL type
 * @param volatility      whether results depend only on the arguments
 * @param description     what it computes
 * @param syntax          how it is called
 * @param example         an example call with its result
 * @param provider        id of the extension that registers it
 * @param providerVersion that extension's version
 * @since 0.1
 */
public record FunctionEntry(String name, FunctionKind kind, List<String> aliases, List<Signature> signatures,
                            List<String> parameterNames, String returnType, Volatility volatility, String description,
                            String syntax, String example, String provider, String providerVersion) {
    public FunctionEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        aliases = List.copyOf(Objects.requireNonNull(aliases, "aliases"));
        signatures = List.copyOf(Objects.requireNonNull(signatures, "signatures"));
        parameterNames = List.copyOf(Objects.requireNonNull(parameterNames, "parameterNames"));
        Objects.requireNonNull(returnType, "returnType");
        Objects.requireNonNull(volatility, "volatility");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(syntax, "syntax");
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerVersion, "providerVersion");
    }

    /**
     * One accepted argument list.
     *
     * @param argumentTypes SQL types of the arguments
     * @param variadic      whether the last type may repeat
     */
    public record Signature(List<String> argumentTypes, boolean variadic) {
        public Signature {
            argumentTypes = List.copyOf(Objects.requireNonNull(argumentTypes, "argumentTypes"));
        }

        /** {@code name(T1, T2...)}. */
        public String display(String name) {
            return name + "(" + String.join(", ", argumentTypes) + (variadic ? "..." : "") + ")";
        }
    }
}
