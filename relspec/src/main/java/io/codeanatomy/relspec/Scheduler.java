package io.codeanatomy.relspec;

import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.delta.DeltaTableProvider;
import io.codeanatomy.delta.DeltaWriter;
import io.codeanatomy.delta.WriteMode;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.semantics.CompiledView;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a {@link TaskGraph} as a dataflow: each view starts as soon as every view it reads is done (not when its whole
 * level is), up to the given parallelism, and is materialized per its {@link CacheDecision}: NONE registers the
 * view's query as a SQL view, MEMORY runs it into an in-memory table, DELTA_STAGING runs it into a Delta table under
 * the staging directory. A failed view fails the views that read it; the others run to their end.
 *
 * @since 0.1
 */
public final class Scheduler {
    private static final Tracer TRACER = GlobalOpenTelemetry.getTracer("io.codeanatomy.relspec");

    private Scheduler() {}

    /** Runs every view and waits for all of them; the runs come back in the graph's level order. */
    public static List<ViewRun> run(Session session, TaskGraph graph, List<CacheDecision> decisions, Path staging,
                                    int parallelism, Consumer<String> progress) {
        return start(session, graph, decisions, staging, parallelism, progress).await();
    }

    /**
     * Starts every view and returns at once: {@link Running#ready} lets a caller chain work (an output's write) on
     * one view while the others still run; {@link Running#await} must be called to end the run.
     */
    public static Running start(Session session, TaskGraph graph, List<CacheDecision> decisions, Path staging,
                                int parallelism, Consumer<String> progress) {
        Map<String, CachePolicy> policies = new java.util.HashMap<>();
        decisions.forEach(d -> policies.put(d.view(), d.policy()));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, "relspec-view");
            t.setDaemon(true);
            return t;
        });
        Map<String, CompletableFuture<ViewRun>> runs = new LinkedHashMap<>();
        for (List<String> level : graph.levels()) {           // a view's inputs are in earlier levels
            for (String name : level) {
                CompiledView view = graph.views().get(name);
                CachePolicy policy = policies.getOrDefault(name, CachePolicy.MEMORY);
                CompletableFuture<?>[] inputs = graph.upstream(name).stream().map(runs::get).toArray(CompletableFuture[]::new);
                runs.put(name, CompletableFuture.allOf(inputs)
                        .thenApplyAsync(ignored -> materialize(session, view, policy, staging, progress), pool));
            }
        }
        CompletableFuture.allOf(runs.values().toArray(CompletableFuture[]::new))
                .whenComplete((ignored, failure) -> pool.shutdown());
        return new Running(runs);
    }

    /** A started run of a task graph. */
    public static final class Running {
        private final Map<String, CompletableFuture<ViewRun>> runs;

        private Running(Map<String, CompletableFuture<ViewRun>> runs) {
            this.runs = runs;
        }

        /** Completes when {@code view} is materialized (or registered), exceptionally if it or an input failed. */
        public CompletableFuture<ViewRun> ready(String view) {
            CompletableFuture<ViewRun> run = runs.get(view);
            if (run == null) {
                throw new IllegalArgumentException("No view " + view + " in the task graph; views are " + runs.keySet());
            }
            return run.copy();
        }

        /**
         * Waits for every view to end, then returns their runs, or throws the first failure in level order (a
         * {@link BuildException} naming the view) once nothing is running any more.
         */
        public List<ViewRun> await() {
            List<ViewRun> done = new ArrayList<>();
            RuntimeException failure = null;
            for (CompletableFuture<ViewRun> run : runs.values()) {
                try {
                    done.add(Scheduler.await(run));
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return done;
        }
    }

    private static ViewRun materialize(Session session, CompiledView view, CachePolicy policy, Path staging,
                                       Consumer<String> progress) {
        Span span = TRACER.spanBuilder("relspec.view").setAttribute("view", view.name())
                .setAttribute("cache_policy", policy.name()).startSpan();
        long start = System.nanoTime();
        try {
            progress.accept("view " + view.name() + " (" + policy.name().toLowerCase(java.util.Locale.ROOT) + ")");
            long rows = switch (policy) {
                case NONE -> {
                    session.execute("CREATE VIEW " + view.name() + " AS " + view.definition().sql());
                    yield -1;
                }
                case MEMORY -> session.execute("CREATE TABLE " + view.name() + " AS " + view.definition().sql());   // its rows
                case DELTA_STAGING -> {
                    DeltaTable table = DeltaTable.forPath(staging.resolve(view.name()));
                    long written;
                    try (BatchStream rowsOut = session.sql(view.definition().sql()).stream()) {
                        written = DeltaWriter.write(table, rowsOut, WriteMode.OVERWRITE).rowsWritten();
                    }
                    session.register(view.name(), DeltaTableProvider.latest(table));
                    yield written;
                }
            };
            span.setAttribute("rows", rows);
            return new ViewRun(view.name(), policy, rows, (System.nanoTime() - start) / 1_000_000, view.planIdentity());
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
