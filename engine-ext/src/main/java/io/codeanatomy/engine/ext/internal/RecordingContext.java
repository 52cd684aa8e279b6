package io.codeanatomy.engine.ext.internal;

import io.codeanatomy.engine.core.ExtensionConflictException;
import io.codeanatomy.engine.core.ExtensionContext;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.SessionExtension;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.codeanatomy.engine.core.spi.function.FunctionRegistrar;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.core.spi.function.WindowFunctionDef;
import io.codeanatomy.engine.core.spi.planner.ExprPlanner;
import io.codeanatomy.engine.core.spi.planner.PlannerRule;
import io.codeanatomy.engine.core.spi.planner.PlannerRuleRegistrar;
import io.codeanatomy.engine.core.spi.planner.RelationPlanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * An {@link ExtensionContext} that records registrations instead of building a session, so a registry snapshot
 * (and the docs generated from it) needs no session. Closes the tables extensions register when it closes.
 */
public final class RecordingContext implements ExtensionContext, AutoCloseable {
    /** A table function with the extension that registered it. */
    public record RecordedTableFunction(TableFunction function, String provider, String providerVersion) {}

    private final RuntimeProfile profile;
    private final BufferAllocator allocator;
    private final Map<String, String> installed = new HashMap<>();
    private final List<ScalarFunctionDef> scalars = new ArrayList<>();
    private final List<io.codeanatomy.engine.core.spi.function.AggregateFunctionDef> aggregates = new ArrayList<>();
    private final List<WindowFunctionDef> windows = new ArrayList<>();
    private final List<RecordedTableFunction> tables = new ArrayList<>();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final List<PlannerRule> rules = new ArrayList<>();
    private SessionExtension current;

    public RecordingContext(RuntimeProfile profile, BufferAllocator allocator) {
        this.profile = profile;
        this.allocator = allocator;
    }

    /** Installs one extension; the same id and version twice is a no-op, like in a session. */
    public void install(SessionExtension extension) {
        String previous = installed.get(extension.id());
        if (previous != null) {
            if (!previous.equals(extension.version())) {
                throw new ExtensionConflictException(extension.id(), previous, extension.version());
            }
            return;
        }
        installed.put(extension.id(), extension.version());
        current = extension;
        try {
            extension.install(this);
        } finally {
            current = null;
        }
    }

    public List<ScalarFunctionDef> scalarFunctions() {
        return List.copyOf(scalars);
    }

    public List<io.codeanatomy.engine.core.spi.function.AggregateFunctionDef> aggregateFunctions() {
        return List.copyOf(aggregates);
    }

    public List<WindowFunctionDef> windowFunctions() {
        return List.copyOf(windows);
    }

    public List<RecordedTableFunction> tableFunctions() {
        return List.copyOf(tables);
    }

    @Override
    public RuntimeProfile profile() {
        return profile;
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public void createSchema(String name) {
        // schemas hold no functions: nothing to record
    }

    @Override
    public void registerTable(TableName name, TableProvider provider) {
        if (provider instanceof AutoCloseable closeable) {
            owned.add(closeable);
        }
    }

    @Override
    public void registerTableFunction(TableFunction function) {
        claim(function.name(), current.id());
        tables.add(new RecordedTableFunction(function, current.id(), current.version()));
    }

    private void claim(String name, String provider) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("Function '" + name + "' is registered twice (last by " + provider + ")");
        }
    }

    @Override
    public <T> T registrar(Class<T> type) {
        if (type == FunctionRegistrar.class) {
            return type.cast(new FunctionRegistrar() {
                @Override
                public void registerScalar(ScalarFunctionDef function) {
                    function.allNames().forEach(n -> claim(n, function.provider()));
                    scalars.add(function);
                }

                @Override
                public List<ScalarFunctionDef> scalarFunctions() {
                    return List.copyOf(scalars);
                }

                @Override
                public void registerAggregate(io.codeanatomy.engine.core.spi.function.AggregateFunctionDef function) {
                    function.allNames().forEach(n -> claim(n, function.provider()));
                    aggregates.add(function);
                }

                @Override
                public List<io.codeanatomy.engine.core.spi.function.AggregateFunctionDef> aggregateFunctions() {
                    return List.copyOf(aggregates);
                }

                @Override
                public void registerWindow(WindowFunctionDef function) {
                    function.allNames().forEach(n -> claim(n, function.provider()));
                    windows.add(function);
                }

                @Override
                public List<WindowFunctionDef> windowFunctions() {
                    return List.copyOf(windows);
                }
            });
        }
        if (type == PlannerRuleRegistrar.class) {
            return type.cast(new PlannerRuleRegistrar() { // planner ports hold no functions: accepted and dropped
                @Override
                public void register(PlannerRule rule) {
                    rules.add(rule);
                }

                @Override
                public List<PlannerRule> rules() {
                    return List.copyOf(rules);
                }

                @Override
                public void registerExprPlanner(String function, ExprPlanner planner) {}

                @Override
                public void registerRelationPlanner(String name, List<TableFunction.Parameter> parameters, RelationPlanner planner) {}
            });
        }
        throw new IllegalArgumentException("A registry snapshot offers no registrar of type " + type.getName());
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable c : owned.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Closing a table registered during a registry snapshot failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        owned.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
