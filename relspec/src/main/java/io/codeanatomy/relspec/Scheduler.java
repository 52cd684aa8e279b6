package io.codeanatomy.relspec;

import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.delta.DeltaTableProvider;
import io.codeanatomy.delta.DeltaWriter;
import io.codeanatomy.delta.WriteMode;
import io.codeanatomy.engine.core.DataFrame;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.semantics.CompiledView;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a {@link TaskGraph} level by level, the views of a level in parallel (up to the given parallelism), each
 * materialized per its {@link CacheDecision}: NONE registers the view's query as a SQL view, MEMORY runs it into an
 * in-memory table, DELTA_STAGING runs it into a Delta table under the staging directory. With join hints on, the plan
 * of each view it runs gets the hints {@link JoinHints} derives from actual row counts.
 *
 * @since 0.1
 */
public final class Scheduler {
    private static final Tracer TRACER = GlobalOpenTelemetry.getTracer("io.codeanatomy.relspec");

    private Scheduler() {}

    /** What a run did: how each view ran and the join hints applied to their plans. */
    public record Result(List<ViewRun> views, List<JoinHintDecision> joinHints) {
        public Result {
            views = List.copyOf(views);
            joinHints = List.copyOf(joinHints);
        }
    }

    /** Runs the views without join hints. */
    public static List<ViewRun> run(Session session, TaskGraph graph, List<CacheDecision> decisions, Path staging,
                                    int parallelism, Consumer<String> progress) {
        return run(session, graph, decisions, Map.of(), false, staging, parallelism, progress).views();
    }

    /**
     * Runs the views; with {@code joinHints}, each materialized view's plan gets the join hints
     * {@link JoinHintDecision} describes, derived from {@code tableRows} and the row counts of the views materialized
     * in earlier levels.
     *
     * @param tableRows actual row counts of the extracted tables, by table name
     */
    public static Result run(Session session, TaskGraph graph, List<CacheDecision> decisions, Map<String, Long> tableRows,
                             boolean joinHints, Path staging, int parallelism, Consumer<String> progress) {
        Map<String, CachePolicy> policies = new java.util.HashMap<>();
        decisions.forEach(d -> policies.put(d.view(), d.policy()));
        Map<String, Long> knownRows = new java.util.concurrent.ConcurrentHashMap<>();
        tableRows.forEach((table, rows) -> knownRows.put(table.toLowerCase(java.util.Locale.ROOT), rows));
        List<ViewRun> runs = new ArrayList<>();
        List<JoinHintDecision> hints = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, "relspec-view");
            t.setDaemon(true);
            return t;
        });
        try {
            for (List<String> level : graph.levels()) {
                Map<String, Long> before = Map.copyOf(knownRows);     // a level sees the counts of earlier levels only
                List<Future<Materialized>> futures = new ArrayList<>();
                for (String name : level) {
                    CompiledView view = graph.views().get(name);
                    CachePolicy policy = policies.getOrDefault(name, CachePolicy.MEMORY);
                    futures.add(pool.submit(() -> materialize(session, view, policy, joinHints ? before : null, staging, progress)));
                }
                for (Future<Materialized> future : futures) {
                    Materialized done = await(future);
                    runs.add(done.run());
                    hints.addAll(done.hints());
                    if (done.run().rows() >= 0) {
                        knownRows.put(done.run().view().toLowerCase(java.util.Locale.ROOT), done.run().rows());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(runs, hints);
    }

    /** A frame for {@code sql} with the join hints derived for it (none when {@code knownRows} is null). */
    static Hinted hinted(Session session, String name, String sql, Map<String, Long> knownRows) {
        DataFrame frame = session.sql(sql);
        if (knownRows == null) {
            return new Hinted(frame, List.of());
        }
        List<JoinHintDecision> hints = JoinHints.derive(name, frame.planBundle(), knownRows);
        if (hints.isEmpty()) {
            return new Hinted(frame, hints);
        }
        return new Hinted(frame.buildSide(hints.stream().map(JoinHintDecision::build).distinct().toArray(String[]::new)), hints);
    }

    record Hinted(DataFrame frame, List<JoinHintDecision> hints) {}

    private record Materialized(ViewRun run, List<JoinHintDecision> hints) {}

    private static Materialized materialize(Session session, CompiledView view, CachePolicy policy, Map<String, Long> knownRows,
                                            Path staging, Consumer<String> progress) {
        Span span = TRACER.spanBuilder("relspec.view").setAttribute("view", view.name())
                .setAttribute("cache_policy", policy.name()).startSpan();
        long start = System.nanoTime();
        try {
            progress.accept("view " + view.name() + " (" + policy.name().toLowerCase(java.util.Locale.ROOT) + ")");
            Hinted hinted = policy == CachePolicy.NONE ? null : hinted(session, view.name(), view.definition().sql(), knownRows);
            List<JoinHintDecision> hints = hinted == null ? List.of() : hinted.hints();
            long rows = switch (policy) {
                case NONE -> {
                    // inlined into its readers, whose own plans (with this view in them) get the hints
                    session.execute("CREATE VIEW " + view.name() + " AS " + view.definition().sql());
                    yield -1;
                }
                case MEMORY -> session.createTable(view.name(), hinted.frame());     // its rows
                case DELTA_STAGING -> {
                    DeltaTable table = DeltaTable.forPath(staging.resolve(view.name()));
                    long written;
                    try (BatchStream rowsOut = hinted.frame().stream()) {
                        written = DeltaWriter.write(table, rowsOut, WriteMode.OVERWRITE).rowsWritten();
                    }
                    session.register(view.name(), DeltaTableProvider.latest(table));
                    yield written;
                }
            };
            span.setAttribute("rows", rows);
            span.setAttribute("join_hints", hints.size());
            return new Materialized(new ViewRun(view.name(), policy, rows, (System.nanoTime() - start) / 1_000_000,
                    view.planIdentity()), hints);
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            throw new BuildException("View " + view.name() + " failed: " + e.getMessage(), e);
        } finally {
            span.end();
        }
    }

    /** The task's result; its failure rethrown as it was (a RuntimeException) or as a BuildException. */
    static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("Interrupted while the build was running", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new BuildException(e.getCause().getMessage(), e.getCause());
        }
    }
}
