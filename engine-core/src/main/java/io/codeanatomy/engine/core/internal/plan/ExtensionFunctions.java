package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.spi.function.AggregateFunctionDef;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.core.spi.function.WindowFunctionDef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The functions a session's extensions registered, frozen when the session is built: each kind in registration order,
 * table functions by name.
 */
public record ExtensionFunctions(List<ScalarFunctionDef> scalars, List<AggregateFunctionDef> aggregates,
                                 List<WindowFunctionDef> windows, Map<String, TableFunction> tables) {
    public static final ExtensionFunctions NONE = new ExtensionFunctions(List.of(), List.of(), List.of(), Map.of());

    public ExtensionFunctions {
        scalars = List.copyOf(scalars);
        aggregates = List.copyOf(aggregates);
        windows = List.copyOf(windows);
        tables = Map.copyOf(tables);
    }

    /**
     * The SHA-256 of the registry's canonical text: one sorted line per function with everything a plan can depend on
     * (kind, names, signatures, return type, volatility, provider and version; table functions: parameters), not how
     * it is implemented or documented. Equal registries give equal hashes in every JVM and session, whatever the
     * registration order; a session without functions hashes the empty text.
     */
    public String registryHash() {
        Set<String> lines = new TreeSet<>();
        for (ScalarFunctionDef f : scalars) {
            lines.add(line("scalar", f.name(), f.aliases(), f.signatures(), f.returnType(), f.volatility().name(),
                    f.provider(), f.providerVersion()));
        }
        for (AggregateFunctionDef f : aggregates) {
            lines.add(line("aggregate", f.name(), f.aliases(), f.signatures(), f.returnType(), f.volatility().name(),
                    f.provider(), f.providerVersion()));
        }
        for (WindowFunctionDef f : windows) {
            lines.add(line("window", f.name(), f.aliases(), f.signatures(), f.returnType(), f.volatility().name(),
                    f.provider(), f.providerVersion()));
        }
        for (TableFunction f : tables.values()) {
            lines.add(String.join("|", "table", f.name(), f.parameters().stream()
                    .map(p -> p.name() + ":" + p.type().getName() + (p.optional() ? "?" : "")).toList().toString()));
        }
        return PlanDigests.sha256(String.join("\n", lines));
    }

    private static String line(String kind, String name, List<String> aliases, Object signatures, String returnType,
                               String volatility, String provider, String version) {
        return String.join("|", kind, name, String.join(",", aliases), signatures.toString(), returnType, volatility,
                provider, version);
    }
}
