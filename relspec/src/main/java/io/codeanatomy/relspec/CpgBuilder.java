package io.codeanatomy.relspec;

import io.codeanatomy.delta.DeltaMaintenance;
import io.codeanatomy.delta.DeltaOptions;
import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.delta.DeltaTableProvider;
import io.codeanatomy.delta.DeltaWriteResult;
import io.codeanatomy.delta.DeltaWriter;
import io.codeanatomy.delta.WriteMode;
import io.codeanatomy.delta.WriteOptions;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.SessionExtension;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.ext.CodeAnalysisExtension;
import io.codeanatomy.extract.ExtractOptions;
import io.codeanatomy.extract.ExtractionCache;
import io.codeanatomy.extract.ExtractionJob;
import io.codeanatomy.extract.ExtractionRuntime;
import io.codeanatomy.extract.ExtractionSummary;
import io.codeanatomy.extract.SessionSink;
import io.codeanatomy.semantics.CpgViews;
import io.codeanatomy.semantics.SemanticCompiler;
import io.codeanatomy.semantics.TableRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The main job: extracts a repository, runs the CPG views scheduled as a task graph, and writes {@code cpg_nodes},
 * {@code cpg_edges}, {@code cpg_props} and {@code extract_errors} as Delta tables plus a {@code manifest.json}.
 *
 * @since 0.1
 */
public final class CpgBuilder {
    /** The tables a build writes. */
    public static final List<String> OUTPUTS = List.of("cpg_nodes", "cpg_edges", "cpg_props");
    private static final Tracer TRACER = GlobalOpenTelemetry.getTracer("io.codeanatomy.relspec");
    private static final String ERRORS = "extract_errors_v1";
    /** The data file size an incremental build keeps its outputs in (see {@link #writeChangedFiles}). */
    static final long INCREMENTAL_FILE_BYTES = 1L << 20;

    private CpgBuilder() {}

    public static BuildResult build(BuildRequest request) {
        return build(request, BuildListener.NONE);
    }

    /**
     * @throws BuildException if the repository is missing, the output cannot be written, or a stage fails
     */
    public static BuildResult build(BuildRequest request, BuildListener listener) {
        Path repo = validateRepo(request.repo());
        Path out = validateOut(request.out().toAbsolutePath().normalize());
        Span span = TRACER.spanBuilder("cpg.build").setAttribute("repo", repo.toString()).startSpan();
        Map<String, Long> timings = new LinkedHashMap<>();
        try (Scope ignored = span.makeCurrent();
             EngineRuntime runtime = EngineRuntime.builder().threads(request.parallelism()).build();
             Session session = Sessions.builder(RuntimeProfile.batch().withName("cpg-build")).runtime(runtime)
                     .install(extensions().toArray(SessionExtension[]::new)).build();
             SessionSink sink = SessionSink.of(session)) {
            long start = System.nanoTime();
            listener.stage("extract", repo.toString());
            ExtractOptions options = extractOptions(request, repo, out);
            Path extractCache = out.resolve("_incremental").resolve("extract");
            // an incremental build parses only the files whose content changed since the rows it kept last time
            ExtractionJob job = ExtractionRuntime.create(GlobalOpenTelemetry.get()).start(repo, options, sink,
                    listener::extraction, request.incremental() ? ExtractionCache.open(extractCache, options) : null);
            // The views need only the extracted tables' schemas, so they are planned on this thread while the
            // extraction's workers produce the rows.
            long compileStart = System.nanoTime();
            // a build of one language's files plans and runs no union branch that only matches the other's rows
            List<io.codeanatomy.semantics.ViewDef> definitions = CpgViews.forLanguages(request.languages());
            TableRegistry registry;
            String compiledHow;
            try {
                Map<String, Schema> inputs = new TreeMap<>(job.tables());
                if (request.viewCache() != null) {
                    CompiledViewCache.Result compiled = CompiledViewCache.compile(request.viewCache(), inputs,
                            definitions, extensions());
                    registry = compiled.registry();
                    compiledHow = switch (compiled.source()) {
                        case CACHE -> "from the view cache";
                        case COMPILED -> "planned during extraction, kept in the view cache";
                        case COMPILED_NOT_CACHEABLE -> "planned during extraction; not cached: classes not from jars";
                    };
                } else {
                    registry = SemanticCompiler.compile(inputs, definitions, extensions());
                    compiledHow = "planned during extraction";
                }
            } catch (RuntimeException e) {
                job.cancel();
                try {
                    job.await();
                } catch (RuntimeException ended) {
                    e.addSuppressed(ended);
                }
                throw e;
            }
            long compileMillis = millisSince(compileStart);
            ExtractionSummary summary = job.await();
            timings.put("extract", millisSince(start));

            start = System.nanoTime();
            listener.stage("compile", definitions.size() + " views (" + compiledHow + ")");
            int writeReads = request.incremental() ? 3 : 1;   // an incremental write compares file fingerprints first
            // a full build writes an output made of parts (cpg_edges) from its parts' views, each as soon as it is ready
            Map<String, List<String>> sources = new LinkedHashMap<>();
            OUTPUTS.forEach(table -> sources.put(table, request.incremental() ? List.of(table)
                    : CpgViews.OUTPUT_PARTS.getOrDefault(table, List.of(table))));
            TaskGraph graph = TaskGraph.of(readBy(registry, sources.values().stream().flatMap(List::stream).toList()));
            Map<String, Integer> outputReads = new TreeMap<>();
            sources.values().forEach(views -> views.forEach(view -> outputReads.put(view, writeReads)));
            List<CacheDecision> decisions = CachePolicies.derive(graph, estimates(graph, summary), outputReads);
            timings.put("compile", compileMillis + millisSince(start));

            start = System.nanoTime();
            listener.stage("views", graph.views().size() + " views in " + graph.levels().size() + " levels");
            Map<String, Long> tableRows = new TreeMap<>(summary.rowsByTable());
            Scheduler.Running running = Scheduler.start(session, graph, decisions, tableRows, request.joinHints(),
                    out.resolve("_staging"), request.parallelism(), view -> listener.stage("views", view));
            List<BuildResult.TableWrite> writes;
            List<ViewRun> runs;
            List<JoinHintDecision> joinHints;
            Map<String, List<JoinHintDecision>> writeHints = new java.util.concurrent.ConcurrentHashMap<>();
            Set<String> rewrittenFiles = java.util.concurrent.ConcurrentHashMap.newKeySet();   // incremental builds
            long viewsEnd;
            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(
                    Math.min(request.parallelism(), outputReads.size() + 1), Thread.ofPlatform().name("cpg-write-", 0).factory());
            try {
                // the extracted rows, kept for the next incremental build while the views run
                CompletableFuture<Void> cacheSave = !request.incremental() ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.runAsync(() -> ExtractionCache.save(extractCache, options,
                                job.tables(), table -> session.sql("SELECT * FROM " + table).stream(),
                                session.allocator()), writers);
                // the extraction errors are known already: written while the views run
                CompletableFuture<BuildResult.TableWrite> errorsWrite = CompletableFuture.supplyAsync(
                        () -> write(session, "extract_errors", "SELECT * FROM " + ERRORS, out, null, writeHints), writers);
                // each output is written as soon as its view is ready (an output in parts: each part as soon as it is
                // ready, all in one commit), while the views it does not read still run
                List<CompletableFuture<BuildResult.TableWrite>> pending = new ArrayList<>();
                for (String table : OUTPUTS) {
                    List<String> parts = sources.get(table);
                    pending.add(parts.equals(List.of(table))
                            ? running.ready(table).thenApplyAsync(ready -> writeOutput(session, request, table, out,
                                    listener, running.knownRows(table), writeHints, rewrittenFiles), writers)
                            : writeParts(session, table, parts, out, listener, running, writeHints, writers));
                }
                pending.add(errorsWrite);
                try {
                    Scheduler.Result ran = running.await();
                    runs = ran.views();
                    joinHints = new ArrayList<>(ran.joinHints());
                } finally {
                    viewsEnd = System.nanoTime();
                    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
                    cacheSave.exceptionally(e -> null).join();
                }
                writes = new ArrayList<>();
                for (CompletableFuture<BuildResult.TableWrite> write : pending) {
                    writes.add(Scheduler.await(write));
                }
                Scheduler.await(cacheSave);
            } finally {
                writers.shutdownNow();
            }
            sources.values().forEach(views -> views.forEach(view ->
                    joinHints.addAll(writeHints.getOrDefault(view, List.of()))));   // in a fixed order
            timings.put("views", (viewsEnd - start) / 1_000_000);
            timings.put("write", millisSince(viewsEnd));     // what the writes took after the last view

            BuildResult result = new BuildResult(inputs(session, repo, summary, request.incremental() ? rewrittenFiles : null),
                    runs, decisions, joinHints, errors(session),
                    new BuildResult.FinalizeDeltaReport(writes), timings, tools());
            Files.writeString(out.resolve("manifest.json"), result.toJson());
            span.setAttribute("nodes", result.rows("cpg_nodes"));
            span.setAttribute("edges", result.rows("cpg_edges"));
            return result;
        } catch (IOException e) {
            throw fail(span, new BuildException("Writing the build manifest to " + out + " failed: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw fail(span, e);
        } finally {
            span.end();
        }
    }

    /**
     * The registry without the views no write of this build reads, directly or through other views. A full build
     * writes {@code cpg_edges} from its parts, so the view of their union is never run; registering it anyway (a
     * CREATE VIEW validates its query of 12 joins) cost 0.1-0.27 s of a stdlib build.
     */
    static TableRegistry readBy(TableRegistry registry, List<String> written) {
        Set<String> needed = new java.util.HashSet<>();
        java.util.ArrayDeque<String> pending = new java.util.ArrayDeque<>(written);
        while (!pending.isEmpty()) {
            String view = pending.pop();
            if (needed.add(view)) {
                registry.view(view).ifPresent(v -> pending.addAll(v.dependencies()));
            }
        }
        return new TableRegistry(registry.inputs(), registry.views().stream().filter(v -> needed.contains(v.name())).toList());
    }

    /** The extensions every CPG session has: the code-analysis functions. */
    static List<SessionExtension> extensions() {
        return List.of(new CodeAnalysisExtension());
    }

    private static RuntimeException fail(Span span, RuntimeException e) {
        span.recordException(e);
        span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
        return e;
    }

    private static Path validateRepo(Path repo) {
        Path absolute = repo.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new BuildException("Repository " + absolute + " does not exist or is not a directory; pass the root "
                    + "of a source tree");
        }
        if (!Files.isReadable(absolute)) {
            throw new BuildException("Repository " + absolute + " is not readable by this user");
        }
        return absolute;
    }

    private static Path validateOut(Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException | UnsupportedOperationException e) {
            throw new BuildException("Cannot create the output directory " + out + ": " + e.getMessage()
                    + "; choose another with --out", e);
        }
        if (!Files.isWritable(out)) {
            throw new BuildException("The output directory " + out + " is not writable; choose another with --out");
        }
        return out;
    }

    private static ExtractOptions extractOptions(BuildRequest request, Path repo, Path out) {
        // the default profile's 8,192-row batches: the batch profile's 32k-row batches cost heap per open table
        // no content hashes: no view reads repo_files_v1.sha256 (an incremental build compares output rows instead)
        ExtractOptions options = ExtractOptions.from(RuntimeProfile.defaults()).withParallelism(request.parallelism())
                .withContentHashes(false);
        List<String> include = new ArrayList<>();
        if (request.languages().isEmpty() || request.languages().contains("python")) {
            include.add("**/*.py");
        }
        if (request.languages().isEmpty() || request.languages().contains("java")) {
            include.addAll(List.of("**/*.java", "**/*.class", "**/*.jar"));
        }
        options = options.withIncludeGlobs(include);
        if (out.startsWith(repo)) {
            options = options.withExcludeGlobs(List.of(repo.relativize(out).toString().replace('\\', '/') + "/**"));
        }
        return options;
    }

    /**
     * Input sizes are exact (the extraction counted them); a view's estimate is the sum of its inputs', a rough
     * upper bound for the key joins the CPG views make, confident only when every input's estimate is.
     */
    private static Map<String, CachePolicies.Estimate> estimates(TaskGraph graph, ExtractionSummary summary) {
        Map<String, CachePolicies.Estimate> estimates = new HashMap<>();
        for (var view : graph.views().values()) {
            long rows = 0;
            boolean confident = true;
            for (String dependency : view.dependencies()) {
                CachePolicies.Estimate input = estimates.containsKey(dependency) ? estimates.get(dependency)
                        : summary.rowsByTable().containsKey(dependency)
                        ? new CachePolicies.Estimate(summary.rows(dependency), true) : new CachePolicies.Estimate(-1, false);
                confident &= input.confident();
                rows = input.rows() < 0 || rows < 0 ? -1 : rows + input.rows();
            }
            estimates.put(view.name(), new CachePolicies.Estimate(rows, confident && rows >= 0));
        }
        return estimates;
    }

    /**
     * Writes one output table (all its rows, or in an incremental build those of the changed files, which it adds to
     * {@code rewrittenFiles}).
     */
    private static BuildResult.TableWrite writeOutput(Session session, BuildRequest request, String table, Path out,
                                                      BuildListener listener, Map<String, Long> knownRows,
                                                      Map<String, List<JoinHintDecision>> joinHints,
                                                      Set<String> rewrittenFiles) {
        listener.stage("write", table);
        try {
            return request.incremental() ? writeChangedFiles(session, table, out, rewrittenFiles)
                    : write(session, table, "SELECT * FROM " + table, out, knownRows, joinHints);
        } catch (RuntimeException e) {
            throw new BuildException("Writing " + table + " to " + out + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the output {@code table} from the views {@code parts} (whose union it is) in one commit: each part's rows
     * are written into data files as soon as its view is ready, on the writers, and the files are committed once every
     * part is written. The join hints of a part's query are recorded under the part's name.
     */
    private static CompletableFuture<BuildResult.TableWrite> writeParts(Session session, String table, List<String> parts,
                                                                       Path out, BuildListener listener,
                                                                       Scheduler.Running running,
                                                                       Map<String, List<JoinHintDecision>> joinHints,
                                                                       java.util.concurrent.Executor writers) {
        DeltaTable delta = DeltaTable.forPath(out.resolve(table));
        java.util.concurrent.atomic.AtomicReference<DeltaWriter.Parts> write = new java.util.concurrent.atomic.AtomicReference<>();
        List<CompletableFuture<Void>> written = new ArrayList<>();
        for (String part : parts) {
            written.add(running.ready(part).thenAcceptAsync(ready -> {
                listener.stage("write", table + " (" + part + ")");
                Scheduler.Hinted hinted = Scheduler.hinted(session, part, "SELECT * FROM " + part, running.knownRows(part));
                if (!hinted.hints().isEmpty()) {
                    joinHints.put(part, hinted.hints());
                }
                try (BatchStream rows = hinted.frame().stream()) {
                    DeltaWriter.Parts into;
                    synchronized (write) {       // the first part ready starts the write, with its schema
                        if (write.get() == null) {
                            write.set(DeltaWriter.parts(delta, rows.schema(), WriteMode.OVERWRITE, WriteOptions.DEFAULT));
                        }
                        into = write.get();
                    }
                    into.add(rows);
                }
            }, writers));
        }
        return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                throw new BuildException("Writing " + table + " to " + out + " failed: " + cause.getMessage(), cause);
            }
            DeltaWriteResult result = write.get().commit();
            return new BuildResult.TableWrite(table, delta.location(), result.commit().version(), result.rowsWritten(),
                    result.filesAdded(), result.filesRemoved());
        });
    }

    /**
     * Writes the rows of {@code sql} to the Delta table {@code table}; with {@code knownRows}, the query (an output no
     * view reads runs its view's query here) gets the join hints derived from them, recorded under {@code table}.
     */
    private static BuildResult.TableWrite write(Session session, String table, String sql, Path out,
                                                Map<String, Long> knownRows, Map<String, List<JoinHintDecision>> joinHints) {
        return write(session, table, sql, DeltaTable.forPath(out.resolve(table)), knownRows, joinHints);
    }

    private static BuildResult.TableWrite write(Session session, String table, String sql, DeltaTable delta,
                                                Map<String, Long> knownRows, Map<String, List<JoinHintDecision>> joinHints) {
        Scheduler.Hinted hinted = Scheduler.hinted(session, table, sql, knownRows);
        if (!hinted.hints().isEmpty()) {
            joinHints.put(table, hinted.hints());
        }
        try (BatchStream rows = hinted.frame().stream()) {
            DeltaWriteResult result = DeltaWriter.write(delta, rows, WriteMode.OVERWRITE);
            return new BuildResult.TableWrite(table, delta.location(), result.commit().version(), result.rowsWritten(),
                    result.filesAdded(), result.filesRemoved());
        }
    }

    /**
     * Incremental write of one output table: only the rows of files whose rows changed since the previous build are
     * replaced, in one commit (delete where file in the changed set, append their new rows). A file's rows are
     * compared by their {@link FileDigests} (count and a sum of row hashes), those of the previous build kept beside
     * the table; an unchanged file is not touched.
     * <p>
     * Delta rewrites a data file to delete some of its rows, so the table is kept in small files with rows sorted by
     * {@code file} ({@link #INCREMENTAL_FILE_BYTES}): the min/max statistics of {@code file} then lead the delete to
     * the one or two data files that hold a changed file's rows. A table in large files (a full build writes one file
     * per output and part) is rewritten whole, in that layout, by the first incremental build. On the Python stdlib
     * this took the write of one changed file's rows from 3.0 s (the rewrite of a 22 MB file of 494k nodes) to 0.1 s.
     */
    private static BuildResult.TableWrite writeChangedFiles(Session session, String table, Path out,
                                                          Set<String> rewrittenFiles) {
        DeltaTable delta = DeltaTable.forPath(out.resolve(table))
                .withOptions(DeltaOptions.DEFAULT.withTargetFileSize(INCREMENTAL_FILE_BYTES));
        Path digestsPath = out.resolve("_incremental").resolve(table + ".digests");
        FileDigests current;
        Schema schema;
        try (BatchStream rows = session.sql("SELECT * FROM " + table).stream()) {
            schema = rows.schema();
            current = FileDigests.of(rows);
        }
        BuildResult.TableWrite written;
        if (!delta.exists() || !delta.schema().getFields().stream().map(f -> f.getName()).toList()
                .equals(schema.getFields().stream().map(f -> f.getName()).toList())
                || DeltaMaintenance.detail(delta).averageFileSize() > 2 * INCREMENTAL_FILE_BYTES) {
            rewrittenFiles.addAll(current.files());
            // nothing comparable, or files too large to rewrite in part: a full write in the incremental layout
            written = write(session, table, "SELECT * FROM " + table + " ORDER BY file", delta, null, new HashMap<>());
        } else {
            long version = delta.version();
            // the digests this table was written with; else (a full build wrote it) computed from its rows
            FileDigests previous = FileDigests.load(digestsPath, version).orElseGet(() -> {
                String name = "previous_" + table;
                session.register(name, DeltaTableProvider.atVersion(delta, version));
                try (BatchStream rows = session.sql("SELECT * FROM " + name).stream()) {
                    return FileDigests.of(rows);
                } finally {
                    session.deregister(io.codeanatomy.engine.core.TableName.parse(name));
                }
            });
            List<String> changed = current.changedSince(previous);
            rewrittenFiles.addAll(changed);
            if (changed.isEmpty()) {
                written = new BuildResult.TableWrite(table, delta.location(), version, 0, 0, 0);
            } else {
                List<Expression.Literal> files = changed.stream()
                        .map(f -> new Expression.Literal(f, org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE)).toList();
                Expression inChanged = new Expression.InList(new Expression.Column("file"), files);
                String list = changed.stream().map(f -> "'" + f.replace("'", "''") + "'")
                        .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
                try (BatchStream rows = session.sql("SELECT * FROM " + table + " WHERE file IN " + list + " ORDER BY file")
                        .stream()) {
                    DeltaWriteResult result = DeltaWriter.replaceWhere(delta, inChanged, rows);
                    written = new BuildResult.TableWrite(table, delta.location(),
                            result.commit() == null ? version : result.commit().version(), result.rowsWritten(),
                            result.filesAdded(), result.filesRemoved());
                }
            }
        }
        try {
            current.save(digestsPath, written.version());
        } catch (IOException e) {
            throw new UncheckedIOException("Saving the row digests of " + table + " to " + digestsPath + " failed", e);
        }
        return written;
    }

    /**
     * The build's inputs. {@code rewrittenFiles}: in an incremental build, the files whose rows it rewrote in some
     * output (the others' rows were kept: reused); null in a full build, which reuses none.
     */
    private static BuildResult.Inputs inputs(Session session, Path repo, ExtractionSummary summary,
                                             Set<String> rewrittenFiles) {
        Map<String, Long> byLanguage = new TreeMap<>();
        long reused = 0;
        try (QueryResult result = session.sql("SELECT lang, path FROM repo_files_v1").collect()) {
            for (List<Object> row : result.rows()) {
                byLanguage.merge(String.valueOf(row.get(0)), 1L, Long::sum);
                if (rewrittenFiles != null && !rewrittenFiles.contains((String) row.get(1))) {
                    reused++;
                }
            }
        }
        return new BuildResult.Inputs(repo.toString(), gitCommit(repo).orElse(""), byLanguage,
                summary.files() - summary.filesReused(), reused);
    }

    private static BuildResult.ErrorSummary errors(Session session) {
        Map<String, Long> byStage = new TreeMap<>();
        List<String> sample = new ArrayList<>();
        try (QueryResult result = session.sql("SELECT stage, count(*) FROM " + ERRORS + " GROUP BY stage").collect()) {
            result.rows().forEach(row -> byStage.put(String.valueOf(row.get(0)), (Long) row.get(1)));
        }
        try (QueryResult result = session.sql("SELECT path, message FROM " + ERRORS + " ORDER BY path LIMIT 10").collect()) {
            result.rows().forEach(row -> sample.add(row.get(0) + ": " + row.get(1)));
        }
        return new BuildResult.ErrorSummary(byStage.values().stream().mapToLong(Long::longValue).sum(), byStage, sample);
    }

    /** HEAD's commit, read from the .git directory (no git binary needed). */
    static Optional<String> gitCommit(Path repo) {
        Path git = repo.resolve(".git");
        try {
            if (!Files.isRegularFile(git.resolve("HEAD"))) {
                return Optional.empty();
            }
            String head = Files.readString(git.resolve("HEAD")).strip();
            if (!head.startsWith("ref: ")) {
                return Optional.of(head);
            }
            String ref = head.substring(5);
            Path loose = git.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Optional.of(Files.readString(loose).strip());
            }
            Path packed = git.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed)) {
                    if (line.endsWith(" " + ref)) {
                        return Optional.of(line.substring(0, line.indexOf(' ')));
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The versions of what shaped the graph: this project, the JDK, and the libraries and parsers of this build. */
    private static Map<String, String> tools() {
        Map<String, String> tools = new TreeMap<>(ExtractionRuntime.parserVersions());
        java.util.Properties pinned = new java.util.Properties();
        try (var in = CpgBuilder.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                pinned.load(in);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Reading the tool versions of this build failed", e);
        }
        pinned.forEach((name, version) -> tools.put((String) name, (String) version));
        tools.put("java", System.getProperty("java.version"));
        return tools;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
