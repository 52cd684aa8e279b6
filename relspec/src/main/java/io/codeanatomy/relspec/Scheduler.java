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
 * the staging directory. A failed view fails the views that read it; the others run to their end. With join hints
 * on, the plan of each view it runs gets the hints {@link JoinHints} derives from actual row counts: the extracted
 * tables' and those of the views upstream of it (all done when it starts, so the hints do not depend on timing).
 *
 * @since 0.1
 */
public final class Scheduler {
    private static final Tracer TRACER = GlobalOpenTelemetry.getTracer("io.codeanatomy.relspec");

    private Scheduler() {}

    /** What a run did: how each view ran and the join hints applied to their plans, both in level order. */
    public record Result(List<ViewRun> views, List<JoinHintDecision> joinHints) {
        public Result {
            views = List.copyOf(views);
            joinHints = List.copyOf(joinHints);
        }
    }

    /** Runs the views without join hints and waits for all of them. */
    public static List<ViewRun> run(Session session, TaskGraph graph, List<CacheDecision> decisions, Path staging,
                                    int parallelism, Consumer<String> progress) {
        return start(session, graph, decisions, Map.of(), false, staging, parallelism, progress).await().views();
    }

    /** Runs the views (see {@link #start}) and waits for all of them. */
    public static Result run(Session session, TaskGraph graph, List<CacheDecision> decisions, Map<String, Long> tableRows,
                             boolean joinHints, Path staging, int parallelism, Consumer<String> progress) {
        return start(session, graph, decisions, tableRows, joinHints, staging, parallelism, progress).await();
    }

    /**
     * Starts every view and returns at once: {@link Running#ready} lets a caller chain work (an output's write) on
     * one view while the others still run; {@link Running#await} must be called to end the run. With
     * {@code joinHints}, each materialized view's plan gets the join hints {@link JoinHintDecision} describes.
     *
     * @param tableRows actual row counts of the extracted tables, by table name
     */
    public static Running start(Session session, TaskGraph graph, List<CacheDecision> decisions,
                                Map<String, Long> tableRows, boolean joinHints, Path staging, int parallelism,
                                Consumer<String> progress) {
        Map<String, CachePolicy> policies = new java.util.HashMap<>();
        decisions.forEach(d -> policies.put(d.view(), d.policy()));
        Map<String, Long> tables = new java.util.HashMap<>();
        tableRows.forEach((table, rows) -> tables.put(table.toLowerCase(java.util.Locale.ROOT), rows));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, "relspec-view");
            t.setDaemon(true);
            return t;
        });
        Running running = new Running(graph, tables, joinHints);
        for (List<String> level : graph.levels()) {           // a view's inputs are in earlier levels
            for (String name : level) {
                CompiledView view = graph.views().get(name);
                CachePolicy planned = policies.getOrDefault(name, CachePolicy.MEMORY);
                CompletableFuture<?>[] inputs = graph.upstream(name).stream().map(running.runs::get)
                        .toArray(CompletableFuture[]::new);
                running.runs.put(name, CompletableFuture.allOf(inputs).thenApplyAsync(ignored -> materialize(session,
                        view, running.adapt(name, planned), running.knownRows(name), staging, progress), pool));
            }
        }
        CompletableFuture.allOf(running.runs.values().toArray(CompletableFuture[]::new))
                .whenComplete((ignored, failure) -> pool.shutdown());
        return running;
    }

    /** A started run of a task graph. */
    public static final class Running {
        private final Map<String, CompletableFuture<Materialized>> runs = new LinkedHashMap<>();
        private final TaskGraph graph;
        private final Map<String, Long> tableRows;
        private final boolean joinHints;

        private Running(TaskGraph graph, Map<String, Long> tableRows, boolean joinHints) {
            this.graph = graph;
            this.tableRows = tableRows;
            this.joinHints = joinHints;
        }

        /** Completes when {@code view} is materialized (or registered), exceptionally if it or an input failed. */
        public CompletableFuture<ViewRun> ready(String view) {
            CompletableFuture<Materialized> run = runs.get(view);
            if (run == null) {
                throw new IllegalArgumentException("No view " + view + " in the task graph; views are " + runs.keySet());
            }
            return run.thenApply(Materialized::run);
        }

        /**
         * The policy a view runs with: the planned one, except that a view planned for a Delta staging table (its
         * estimate was large or a guess) stays in memory when, now that its inputs are done, the sum of their actual
         * row counts is under {@link CachePolicies#MEMORY_ROW_LIMIT}. Estimates compound through chains of views;
         * counts do not.
         */
        CachePolicy adapt(String view, CachePolicy planned) {
            if (planned != CachePolicy.DELTA_STAGING) {
                return planned;
            }
            long rows = inputRows(view);
            return rows >= 0 && rows <= CachePolicies.MEMORY_ROW_LIMIT ? CachePolicy.MEMORY : planned;
        }

        /** The sum of the actual row counts of what {@code view} reads (through inlined views), or -1 if one is unknown. */
        private long inputRows(String view) {
            long sum = 0;
            for (String input : graph.views().get(view).dependencies()) {
                CompletableFuture<Materialized> run = runs.get(input);
                long rows;
                if (run == null) {
                    rows = tableRows.getOrDefault(input.toLowerCase(java.util.Locale.ROOT), -1L);
                } else if (!run.isDone() || run.isCompletedExceptionally()) {
                    rows = -1;
                } else {
                    rows = run.join().run().rows() >= 0 ? run.join().run().rows() : inputRows(input);   // inlined: its inputs
                }
                if (rows < 0) {
                    return -1;
                }
                sum += rows;
            }
            return sum;
        }

        /**
         * The row counts a plan reading {@code view} may rely on, by lower-case name: the extracted tables' and
         * those of the views {@code view} reads, directly or not, and of {@code view} itself when they are done and
         * materialized. Null when join hints are off.
         */
        public Map<String, Long> knownRows(String view) {
            if (!joinHints) {
                return null;
            }
            Map<String, Long> known = new java.util.HashMap<>(tableRows);
            java.util.ArrayDeque<String> pending = new java.util.ArrayDeque<>(List.of(view));
            java.util.Set<String> seen = new java.util.HashSet<>();
            while (!pending.isEmpty()) {
                String at = pending.pop();
                if (!seen.add(at)) {
                    continue;
                }
                CompletableFuture<Materialized> run = runs.get(at);
                if (run != null && run.isDone() && !run.isCompletedExceptionally() && run.join().run().rows() >= 0) {
                    known.put(at.toLowerCase(java.util.Locale.ROOT), run.join().run().rows());
                }
                pending.addAll(graph.upstream(at));
            }
            return known;
        }

        /**
         * Waits for every view to end, then returns what they did, or throws the first failure in level order (a
         * {@link BuildException} naming the view) once nothing is running any more.
         */
        public Result await() {
            List<ViewRun> done = new ArrayList<>();
            List<JoinHintDecision> hints = new ArrayList<>();
            RuntimeException failure = null;
            for (CompletableFuture<Materialized> run : runs.values()) {
                try {
                    Materialized materialized = Scheduler.await(run);
                    done.add(materialized.run());
                    hints.addAll(materialized.hints());
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return new Result(done, hints);
        }
    }

    /** A frame for {@code sql} with the join hints derived for it (none when {@code knownRows} is null). */
    static Hinted hinted(Session session, String name, String sql, Map<String, Long> knownRows) {
        DataFrame frame = session.sql(sql);
        if (knownRows == null) {
            return new Hinted(frame, List.of());
        }
        List<JoinHintDecision> hints = JoinHints.derive(name, frame.joinChoices(), knownRows);
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
