package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.CatalogException;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.ExtensionConflictException;
import io.codeanatomy.engine.core.ExtensionContext;
import io.codeanatomy.engine.core.ExtensionInfo;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.SessionExtension;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.internal.catalog.Catalog;
import io.codeanatomy.engine.core.internal.catalog.CatalogEntry;
import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.codeanatomy.engine.core.spi.function.FunctionRegistrar;
import io.codeanatomy.engine.core.spi.planner.PlannerRuleRegistrar;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Builds sessions in four phases: validate the profile, install extensions, register tables, freeze. Each phase is
 * an event on the {@code session.build} span, so a trace shows where a failing build stopped.
 */
public final class SessionPipeline {
    public static final String INSTRUMENTATION = "io.codeanatomy.engine";

    private SessionPipeline() {}

    public static Session build(RuntimeProfile profile, EngineRuntime runtime, List<SessionExtension> extensions,
                                Map<TableName, TableProvider> tables) {
        Objects.requireNonNull(profile, "profile");
        boolean ownsRuntime = runtime == null;
        EngineRuntime effective = ownsRuntime ? EngineRuntime.create() : runtime;
        Tracer tracer = effective.telemetry().getTracer(INSTRUMENTATION);
        String id = "s-" + UUID.randomUUID().toString().substring(0, 8);
        Span span = tracer.spanBuilder("session.build")
                .setAttribute("codeanatomy.session.id", id)
                .setAttribute("codeanatomy.profile.name", profile.name())
                .setAttribute("codeanatomy.profile.fingerprint", profile.fingerprint())
                .startSpan();
        BufferAllocator allocator = null;
        Installer installer = null;
        try (Scope ignored = span.makeCurrent()) {
            span.addEvent("phase.validate");
            validate(profile, tables);

            span.addEvent("phase.install");
            allocator = effective.rootAllocator().newChildAllocator("session-" + id, 0, Long.MAX_VALUE);
            Catalog catalog = new Catalog();
            installer = new Installer(profile, allocator, catalog);
            for (SessionExtension extension : extensions) {
                installer.install(extension);
            }
            span.setAttribute("codeanatomy.extensions", installer.installed.size());

            span.addEvent("phase.register");
            tables.forEach((name, provider) -> catalog.put(CatalogEntry.table(name, provider), false));

            span.addEvent("phase.freeze");
            SessionState state = new SessionState(id, profile, effective, ownsRuntime, allocator, tracer, catalog,
                    List.copyOf(installer.installed.values()), Map.copyOf(installer.tableFunctions),
                    List.copyOf(installer.owned), installer.functions.freeze(installer.tableFunctions),
                    installer.plannerRules.ports());
            installer.closed = true;
            return new EngineSession(state);
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            if (installer != null) {
                installer.owned.forEach(SessionPipeline::closeQuietly);
            }
            if (allocator != null) {
                allocator.close();
            }
            if (ownsRuntime) {
                effective.close();
            }
            throw e;
        } finally {
            span.end();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            Span.current().recordException(e);
        }
    }

    private static void validate(RuntimeProfile profile, Map<TableName, TableProvider> tables) {
        // Records validate their own fields; here we check what spans fields: the memory limit must hold one batch.
        long minimum = 1L << 20;
        if (profile.execution().memoryLimitBytes() < minimum) {
            throw new io.codeanatomy.engine.core.InvalidProfileException("execution.memoryLimitBytes",
                    Long.toString(profile.execution().memoryLimitBytes()), ">= " + minimum + " bytes (1 MiB)");
        }
        for (Map.Entry<TableName, TableProvider> table : tables.entrySet()) {
            if (table.getValue().schema() == null) {
                throw new CatalogException("Provider for table " + table.getKey() + " returned a null schema");
            }
        }
    }

    /** The {@link ExtensionContext} handed to extensions; refuses use after the install phase. */
    private static final class Installer implements ExtensionContext {
        private final RuntimeProfile profile;
        private final BufferAllocator allocator;
        private final Catalog catalog;
        private final Map<String, ExtensionInfo> installed = new LinkedHashMap<>();
        private final Map<String, TableFunction> tableFunctions = new LinkedHashMap<>();
        private final List<AutoCloseable> owned = new java.util.ArrayList<>();
        private final SessionFunctions functions = new SessionFunctions();
        private final SessionPlannerRules plannerRules = new SessionPlannerRules();
        private String current;
        private boolean closed;

        Installer(RuntimeProfile profile, BufferAllocator allocator, Catalog catalog) {
            this.profile = profile;
            this.allocator = allocator;
            this.catalog = catalog;
        }

        void install(SessionExtension extension) {
            String id = Objects.requireNonNull(extension.id(), "extension id");
            String version = Objects.requireNonNull(extension.version(), "extension version of " + id);
            ExtensionInfo previous = installed.get(id);
            if (previous != null) {
                if (previous.version().equals(version)) {
                    return; // idempotent: the same extension twice is one install
                }
                throw new ExtensionConflictException(id, previous.version(), version);
            }
            current = id;
            try {
                extension.install(this);
            } finally {
                current = null;
            }
            installed.put(id, new ExtensionInfo(id, version));
        }

        private void checkOpen() {
            if (closed || current == null) {
                throw new IllegalStateException("The extension context is only valid during SessionExtension.install");
            }
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
            checkOpen();
            catalog.createSchema(name, true);
        }

        @Override
        public void registerTable(TableName name, TableProvider provider) {
            checkOpen();
            catalog.put(CatalogEntry.table(name, Objects.requireNonNull(provider, "provider")), false);
            if (provider instanceof AutoCloseable closeable) {
                owned.add(closeable); // extensions allocate from the session; the session releases what they register
            }
        }

        @Override
        public void registerTableFunction(TableFunction function) {
            checkOpen();
            String name = function.name().toLowerCase(Locale.ROOT);
            if (tableFunctions.putIfAbsent(name, function) != null) {
                throw new CatalogException("Table function '" + name + "' is already registered; extension '"
                        + current + "' cannot register it again");
            }
        }

        @Override
        public <T> T registrar(Class<T> type) {
            checkOpen();
            if (type == FunctionRegistrar.class) {
                return type.cast(functions);
            }
            if (type == PlannerRuleRegistrar.class) {
                return type.cast(plannerRules);
            }
            throw new IllegalArgumentException("This session offers no registrar of type " + type.getName()
                    + "; install the extension module that defines it first");
        }
    }
}
