package io.codeanatomy.engine.ext;

import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.SessionExtension;
import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.ext.internal.RecordingContext;
import io.codeanatomy.engine.ext.internal.SnapshotCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Every function a set of extensions registers, as a typed value with a canonical encoding: functions sorted by
 * name, every list in declaration order, and fixed field order in both encodings. The SHA-256 of the msgpack bytes
 * identifies the registry (plan identities may include it); equal registries give equal bytes in every JVM.
 *
 * @param functions sorted by name; names and aliases are unique
 * @since 0.1
 */
public record FunctionRegistrySnapshot(List<FunctionEntry> functions) {
    /** The format tag written first in both encodings; bumped when the encoding changes. */
    public static final String FORMAT = "codeanatomy.function-registry/1";

    public FunctionRegistrySnapshot {
        List<FunctionEntry> sorted = new ArrayList<>(Objects.requireNonNull(functions, "functions"));
        sorted.sort(Comparator.comparing(FunctionEntry::name));
        Set<String> names = new HashSet<>();
        for (FunctionEntry f : sorted) {
            for (String n : concat(f.name(), f.aliases())) {
                if (!names.add(n)) {
                    throw new IllegalArgumentException("Function name '" + n + "' appears twice in the registry");
                }
            }
        }
        functions = List.copyOf(sorted);
    }

    /** The snapshot of scalar function definitions and (possibly documented) table functions. */
    public static FunctionRegistrySnapshot of(List<ScalarFunctionDef> scalars, List<ProvidedTableFunction> tables) {
        return of(scalars, List.of(), tables);
    }

    /** The snapshot of scalar and aggregate function definitions and (possibly documented) table functions. */
    public static FunctionRegistrySnapshot of(List<ScalarFunctionDef> scalars,
                                              List<io.codeanatomy.engine.core.spi.function.AggregateFunctionDef> aggregates,
                                              List<ProvidedTableFunction> tables) {
        return of(scalars, aggregates, List.of(), tables);
    }

    /** The snapshot of scalar, aggregate and window function definitions and (possibly documented) table functions. */
    public static FunctionRegistrySnapshot of(List<ScalarFunctionDef> scalars,
                                              List<io.codeanatomy.engine.core.spi.function.AggregateFunctionDef> aggregates,
                                              List<io.codeanatomy.engine.core.spi.function.WindowFunctionDef> windows,
                                              List<ProvidedTableFunction> tables) {
        List<FunctionEntry> entries = new ArrayList<>();
        scalars.forEach(f -> entries.add(SnapshotCodec.entry(f)));
        aggregates.forEach(f -> entries.add(SnapshotCodec.entry(f)));
        windows.forEach(f -> entries.add(SnapshotCodec.entry(f)));
        tables.forEach(t -> entries.add(SnapshotCodec.entry(t.function(), t.provider(), t.providerVersion())));
        return new FunctionRegistrySnapshot(entries);
    }

    /**
     * Installs {@code extensions} into a recording context (not a session) and snapshots what they register. Tables
     * they register are closed afterwards; {@code allocator} is lent to them and must outlive the call only.
     */
    public static FunctionRegistrySnapshot capture(RuntimeProfile profile, BufferAllocator allocator,
                                                   List<? extends SessionExtension> extensions) {
        try (RecordingContext context = new RecordingContext(profile, allocator)) {
            for (SessionExtension extension : extensions) {
                context.install(extension);
            }
            return of(context.scalarFunctions(), context.aggregateFunctions(), context.windowFunctions(), context.tableFunctions().stream()
                    .map(r -> new ProvidedTableFunction(r.function(), r.provider(), r.providerVersion())).toList());
        }
    }

    /** The entry whose name or alias is {@code name}. */
    public Optional<FunctionEntry> find(String name) {
        return functions.stream().filter(f -> f.name().equals(name) || f.aliases().contains(name)).findFirst();
    }

    /** The canonical msgpack encoding. */
    public byte[] toMsgpack() {
        return SnapshotCodec.msgpack(this);
    }

    /** The canonical JSON encoding (same content and order as the msgpack one), pretty-printed. */
    public String toJson() {
        return SnapshotCodec.json(this);
    }

    /** Lower-case hex SHA-256 of {@link #toMsgpack()}. */
    public String sha256() {
        return SnapshotCodec.sha256(toMsgpack());
    }

    /**
     * A table function with the extension that provides it.
     *
     * @since 0.1
     */
    public record ProvidedTableFunction(TableFunction function, String provider, String providerVersion) {
        public ProvidedTableFunction {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(providerVersion, "providerVersion");
        }
    }

    private static List<String> concat(String name, List<String> aliases) {
        List<String> all = new ArrayList<>(aliases);
        all.addFirst(name);
        return all;
    }
}
