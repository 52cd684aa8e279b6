package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.internal.exec.ExecContext;

import io.codeanatomy.engine.core.CatalogView;
import io.codeanatomy.engine.core.DataFrame;
import io.codeanatomy.engine.core.ExtensionInfo;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.StatementCategory;
import io.codeanatomy.engine.core.StatementKind;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.internal.catalog.Catalog;
import io.codeanatomy.engine.core.internal.catalog.CatalogEntry;
import io.codeanatomy.engine.core.internal.plan.QueryPlanner;
import io.codeanatomy.engine.core.internal.plan.TypeMapping;
import io.codeanatomy.engine.core.internal.plan.ViewTypes;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.types.pojo.Schema;

/** The engine's {@link Session}: a frozen configuration plus a live catalog. */
final class EngineSession implements Session {
    private final SessionState state;
    private final QueryView view;
    /** Providers the session created (CREATE TABLE) and so must close; user-registered ones stay the user's. */
    private final Set<AutoCloseable> owned = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final ViewTypes viewTypes = new ViewTypes();
    /**
     * The profile's fingerprint, for every statement's span and plan bundle: made once, as the profile never changes
     * (encoding and hashing it per statement was 1% of planning a TPC-H query).
     */
    private final String profileFingerprint;
    private final PlanCache planCache;

    EngineSession(SessionState state) {
        this.state = state;
        this.profileFingerprint = state.profile().fingerprint();
        this.planCache = new PlanCache(state.profile().cache().planCacheEntries());
        this.view = new QueryView(state.id(), state.profile(), state.allocator(), state.tracer(), state.catalog());
        owned.addAll(state.ownedProviders());
        InformationSchema.register(state.catalog(), this::viewSchema, state.functions(),
                state.tableFunctions());
    }

    @Override
    public String id() {
        return state.id();
    }

    @Override
    public RuntimeProfile profile() {
        return state.profile();
    }

    String profileFingerprint() {
        return profileFingerprint;
    }

    @Override
    public List<ExtensionInfo> extensions() {
        return state.extensions();
    }

    Tracer tracer() {
        return state.tracer();
    }

    QueryView view() {
        return view;
    }

    ExecutorService executor() {
        return state.runtime().executor();
    }

    /** Extension functions, in registration order. */
    io.codeanatomy.engine.core.internal.plan.ExtensionFunctions functions() {
        return state.functions();
    }

    PlanCache planCache() {
        return planCache;
    }

    Catalog mutableCatalog() {
        return state.catalog();
    }

    QueryPlanner newPlanner() {
        return new QueryPlanner(state.catalog(), view, state.tableFunctions(), state.functions(),
                state.plannerPorts(), viewTypes);
    }

    /** The row types of this session's views, which its planners share between statements. */
    ViewTypes viewTypes() {
        return viewTypes;
    }

    /** How long close() waits for cancelled queries to release their memory. */
    private static final long CLOSE_WAIT_NANOS = 10_000_000_000L;
    private final java.util.Set<ExecContext> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Session " + id() + " is closed; build a new one with Sessions.builder(profile)");
        }
    }

    @Override
    public DataFrame sql(String sql, Object... params) {
        return prepare(sql, params).frame();
    }

    private StatementRunner.Prepared prepare(String sql, Object... params) {
        checkOpen();
        Objects.requireNonNull(sql, "sql");
        List<Object> parameters = params == null ? List.of() : Arrays.asList(params);
        Span span = tracer().spanBuilder("sql.plan")
                .setAttribute("codeanatomy.session.id", id())
                .setAttribute("codeanatomy.profile.fingerprint", profileFingerprint)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return new StatementRunner(this).run(sql, parameters);
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            span.end();
        }
    }

    @Override
    public long execute(String sql, Object... params) {
        StatementRunner.Prepared prepared = prepare(sql, params);
        StatementCategory category = prepared.kind().category();
        try (QueryResult result = prepared.frame().collect()) {
            if (category == StatementCategory.DML || prepared.kind() == StatementKind.CREATE_TABLE_AS) {
                // DML and CREATE TABLE AS return one row with the number of rows they changed or wrote
                return result.batches().isEmpty() ? 0 : ((BigIntVector) result.batches().getFirst().getVector(0)).get(0);
            }
            return category == StatementCategory.DDL ? 0 : result.rowCount();
        }
    }

    @Override
    public DataFrame table(String name) {
        checkOpen();
        TableName table = TableName.parse(name);
        if (mutableCatalog().get(table).isEmpty()) {
            List<String> names = mutableCatalog().tables().stream().map(TableName::name).toList();
            throw new io.codeanatomy.engine.core.CatalogException("Table " + table + " does not exist"
                    + io.codeanatomy.engine.core.internal.plan.Suggestions.closest(table.name(), names)
                            .map(s -> "; did you mean '" + s + "'?").orElse(""));
        }
        return new RecipeFrame(this, new FramePlan.Table(table)).validated();
    }

    @Override
    public long createTable(String name, DataFrame query) {
        checkOpen();
        TableName table = TableName.parse(Objects.requireNonNull(name, "name"));
        if (!(query instanceof RecipeFrame frame) || !frame.belongsTo(this)) {
            throw new IllegalArgumentException("createTable takes a query frame of this session (from sql(\"SELECT ...\") or table())");
        }
        String rule = profile().sql().refusingRule(io.codeanatomy.engine.core.StatementKind.CREATE_TABLE_AS);
        if (rule != null) {
            throw new io.codeanatomy.engine.core.SqlPolicyViolation(io.codeanatomy.engine.core.StatementKind.CREATE_TABLE_AS,
                    rule, profile().name());
        }
        return new DataChanges(this).createTableAs(table, frame, false).rowCount();
    }

    @Override
    public void register(String name, TableProvider provider) {
        register(TableName.parse(name), provider);
    }

    @Override
    public void register(TableName name, TableProvider provider) {
        checkOpen();
        Objects.requireNonNull(provider, "provider");
        mutableCatalog().put(CatalogEntry.table(name, provider), false);
    }

    @Override
    public boolean deregister(TableName name) {
        checkOpen();
        var removed = mutableCatalog().remove(name, null);
        removed.ifPresent(this::released);
        return removed.isPresent();
    }

    /** Adopts a provider the session created; it is closed when dropped or when the session closes. */
    void own(AutoCloseable provider) {
        owned.add(provider);
    }

    void released(CatalogEntry entry) {
        if (entry.provider() instanceof AutoCloseable closeable && owned.remove(closeable)) {
            closeQuietly(closeable);
        }
    }

    @Override
    public void createSchema(String name) {
        checkOpen();
        mutableCatalog().createSchema(Objects.requireNonNull(name, "name"), false);
    }

    @Override
    public CatalogView catalog() {
        return state.catalog();
    }

    @Override
    public BufferAllocator allocator() {
        return state.allocator();
    }

    private Schema viewSchema(CatalogEntry entry) {
        QueryPlanner planner = newPlanner();
        return TypeMapping.schema(planner.rowType(entry, planner.typeFactory()));
    }

    @Override
    public int cancelRunningQueries() {
        return cancelAll("cancelled by the caller");
    }

    private int cancelAll(String reason) {
        int n = 0;
        for (ExecContext context : running) {
            context.cancel(reason);
            n++;
        }
        return n;
    }

    void track(ExecContext context) {
        running.add(context);
    }

    void untrack(ExecContext context) {
        synchronized (running) {
            running.remove(context);
            running.notifyAll();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // running queries stop at their next batch and release their memory; give them a moment to unwind
        cancelAll("the session was closed");
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        synchronized (running) {
            while (!running.isEmpty() && System.nanoTime() < deadline) {
                try {
                    running.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        closeResources();
    }

    private synchronized void closeResources() {
        owned.forEach(EngineSession::closeQuietly);
        owned.clear();
        try {
            state.allocator().close();
        } finally {
            if (state.ownsRuntime()) {
                state.runtime().close();
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            Span.current().recordException(e);
        }
    }
}
