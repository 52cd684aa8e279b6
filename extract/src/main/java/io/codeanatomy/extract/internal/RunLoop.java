package io.codeanatomy.extract.internal;

import io.codeanatomy.extract.ExtractOptions;
import io.codeanatomy.extract.ExtractionException;
import io.codeanatomy.extract.ExtractionSink;
import io.codeanatomy.extract.ExtractionSummary;
import io.codeanatomy.extract.Progress;
import io.codeanatomy.extract.ProgressListener;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One extraction run: scan, set up extractors, extract files in parallel with per-file isolation and deadlines,
 * batch rows into Arrow, tear down, finish the sink. Runs on the thread that calls {@link #run()}.
 */
@SuppressWarnings("try")   // "try (Scope ignored = span.makeCurrent())" is how OpenTelemetry scopes are closed
public final class RunLoop {
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("codeanatomy.extract.path");
    private static final AttributeKey<String> ERROR_CLASS = AttributeKey.stringKey("codeanatomy.extract.error_class");
    private static final int MAX_ERROR_EVENTS = 100;

    private final Path root;
    private final ExtractOptions options;
    private final ExtractionSink sink;
    private final ProgressListener listener;
    private final Tracer tracer;
    private final Function<ExtractOptions, List<FileExtractor>> extractorFactory;
    private volatile boolean cancelled;
    /** Rows of unchanged files from an earlier run; null when there are none or they do not fit this run's tables. */
    private RowReuse reuse;
    // Guarded by "this": the paths of the files whose rows come from reuse.
    private final Set<String> reusedPaths = new HashSet<>();
    private final List<Deadline> live = new ArrayList<>();

    // Guarded by "this": the batch builders and counters the workers' results are merged into.
    private final Map<TableSpec, BatchBuilder> builders = new LinkedHashMap<>();
    /** The tables the run will register, known once its extractors are set up. */
    private final CompletableFuture<Map<String, Schema>> tables = new CompletableFuture<>();
    private long filesDone;
    private long filesTotal;
    private long bytes;
    private long rows;
    private long errors;
    private int errorEvents;
    private long lastProgressNanos;
    private final long startNanos = System.nanoTime();
    private Span runSpan;

    public RunLoop(Path root, ExtractOptions options, ExtractionSink sink, ProgressListener listener, Tracer tracer,
            Function<ExtractOptions, List<FileExtractor>> extractorFactory) {
        this(root, options, sink, listener, tracer, extractorFactory, null);
    }

    /** With {@code reuse} (nullable): unchanged files' rows come from an earlier run instead of their extractors. */
    public RunLoop(Path root, ExtractOptions options, ExtractionSink sink, ProgressListener listener, Tracer tracer,
            Function<ExtractOptions, List<FileExtractor>> extractorFactory, RowReuse reuse) {
        this.reuse = reuse;
        this.root = root;
        this.options = options;
        this.sink = sink;
        this.listener = listener;
        this.tracer = tracer;
        this.extractorFactory = extractorFactory;
    }

    public void cancel() {
        cancelled = true;
        synchronized (live) {
            live.forEach(Deadline::cancel);
        }
    }

    /** Completes with the run's tables (name to schema) after setup, or exceptionally if the run fails first. */
    public CompletableFuture<Map<String, Schema>> tables() {
        return tables;
    }

    public ExtractionSummary run() {
        runSpan = tracer.spanBuilder("extract.run").setAttribute("codeanatomy.extract.root", root.toString()).startSpan();
        try (Scope ignored = runSpan.makeCurrent()) {
            ExtractionSummary summary = runInSpan();
            runSpan.setAttribute("codeanatomy.extract.files", summary.files());
            runSpan.setAttribute("codeanatomy.extract.bytes", summary.bytes());
            runSpan.setAttribute("codeanatomy.extract.errors", summary.errors());
            runSpan.setAttribute("codeanatomy.extract.cancelled", summary.cancelled());
            return summary;
        } catch (RuntimeException e) {
            runSpan.recordException(e);
            runSpan.setStatus(StatusCode.ERROR, e.getMessage() == null ? e.getClass().getName() : e.getMessage());
            tables.completeExceptionally(e);
            throw e;
        } finally {
            tables.completeExceptionally(new ExtractionException("The extraction of " + root + " ended before its setup"));
            synchronized (this) {
                builders.values().forEach(BatchBuilder::close);
            }
            runSpan.end();
        }
    }

    /**
     * The repository's files plus the bytecode of {@link ExtractOptions#classpath()} entries (jars, class files,
     * class directories outside the root), as {@code classpath:<absolute path>}. A missing entry is an error row.
     */
    private RepoWalker.Listing withClasspath(RepoWalker.Listing listing) throws IOException {
        if (options.classpath().isEmpty()) {
            return listing;
        }
        List<RepoWalker.Candidate> files = new ArrayList<>(listing.files());
        List<ErrorRow> errors = new ArrayList<>(listing.errors());
        for (Path entry : options.classpath()) {
            Path absolute = entry.toAbsolutePath().normalize();
            if (Files.isDirectory(absolute)) {
                try (var walk = Files.walk(absolute)) {
                    walk.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".class") || p.toString().endsWith(".jar")))
                            .sorted()
                            .forEach(p -> files.add(new RepoWalker.Candidate("classpath:" + p, p)));
                }
            } else if (Files.isRegularFile(absolute)) {
                files.add(new RepoWalker.Candidate("classpath:" + absolute, absolute));
            } else {
                errors.add(new ErrorRow("classpath:" + absolute, "scan", "MissingClasspathEntry",
                        "no such jar, class file or directory; fix ExtractOptions.classpath"));
            }
        }
        return new RepoWalker.Listing(files, errors);
    }

    private ExtractionSummary runInSpan() {
        if (!Files.isDirectory(root)) {
            throw new ExtractionException("Repository root " + root + " is not a directory; pass the repository's top directory");
        }
        RepoWalker.Listing listing;
        Span scan = tracer.spanBuilder("extract.scan").startSpan();
        try (Scope ignored = scan.makeCurrent()) {
            listing = withClasspath(new RepoWalker(root, options.includeGlobs(), options.excludeGlobs()).walk(() -> cancelled));
            scan.setAttribute("codeanatomy.extract.files", listing.files().size());
        } catch (IOException e) {
            throw new ExtractionException("Cannot scan repository root " + root + ": " + e.getMessage(), e);
        } finally {
            scan.end();
        }
        List<FileExtractor> extractors;
        Span setup = tracer.spanBuilder("extract.setup").startSpan();
        try (Scope ignored = setup.makeCurrent()) {
            extractors = extractorFactory.apply(options);
        } finally {
            setup.end();
        }
        try {
            synchronized (this) {
                for (TableSpec spec : tables(extractors)) {
                    builders.put(spec, new BatchBuilder(spec, sink.allocator(), options.batchRows(),
                            batch -> sink.accept(spec.name(), batch)));
                }
                listing.errors().forEach(this::writeError);
                filesTotal = listing.files().size();
                Map<String, Schema> schemas = new LinkedHashMap<>();
                builders.keySet().forEach(spec -> schemas.put(spec.name(), spec.schema()));
                if (reuse != null && !reuse.fits(schemas)) {
                    reuse = null;      // kept by a run with other tables: extract every file
                }
                tables.complete(java.util.Collections.unmodifiableMap(schemas));
            }
            Span files = tracer.spanBuilder("extract.files").startSpan();
            try (Scope ignored = files.makeCurrent()) {
                extractAll(listing.files(), extractors);
            } finally {
                files.end();
            }
        } finally {
            Span teardown = tracer.spanBuilder("extract.teardown").startSpan();
            try {
                extractors.forEach(FileExtractor::close);
            } finally {
                teardown.end();
            }
        }
        Map<String, Long> rowsByTable = new LinkedHashMap<>();
        synchronized (this) {
            builders.values().forEach(BatchBuilder::flush);
            builders.values().forEach(b -> rowsByTable.put(b.spec().name(), b.totalRows()));
            if (reuse != null && !reusedPaths.isEmpty() && !cancelled) {
                Span kept = tracer.spanBuilder("extract.reuse").setAttribute("codeanatomy.extract.files",
                        reusedPaths.size()).startSpan();
                try (Scope ignored = kept.makeCurrent()) {
                    reuse.emit(reusedPaths, sink).forEach((table, count) -> {
                        rowsByTable.merge(table, count, Long::sum);
                        rows += count;
                        if (table.equals(Tables.ERRORS.name())) {
                            errors += count;
                        }
                    });
                } catch (RuntimeException e) {
                    kept.recordException(e);
                    kept.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
                    throw e;
                } finally {
                    kept.end();
                }
            }
            if (!cancelled) {
                sink.finish(tables.join());
            }
            report(true);
            return new ExtractionSummary(filesDone, bytes, rowsByTable, errors, cancelled,
                    Duration.ofNanos(System.nanoTime() - startNanos), reusedPaths.size());
        }
    }

    private static List<TableSpec> tables(List<FileExtractor> extractors) {
        List<TableSpec> specs = new ArrayList<>(List.of(Tables.REPO_FILES, Tables.ERRORS));
        for (FileExtractor extractor : extractors) {
            for (TableSpec spec : extractor.tables()) {
                if (!specs.contains(spec)) {
                    specs.add(spec);
                }
            }
        }
        return specs;
    }

    private void extractAll(List<RepoWalker.Candidate> files, List<FileExtractor> extractors) {
        int parallelism = options.parallelism();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, task -> {
            Thread thread = new Thread(task, "codeanatomy-extract-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        FileInspector inspector = new FileInspector(options.maxFileBytes(), options.contentHashes());
        Semaphore slots = new Semaphore(parallelism);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        long timeoutNanos = options.perFileTimeout().toNanos();
        try {
            for (RepoWalker.Candidate candidate : files) {
                if (cancelled) {
                    break;
                }
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancel();
                    break;
                }
                Deadline deadline = new Deadline(timeoutNanos);
                synchronized (live) {
                    live.add(deadline);
                }
                // The worker always runs and always frees its slot; orTimeout may complete "task" before the
                // worker starts (a supplyAsync would then skip its body, and its finally, leaking the slot).
                CompletableFuture<FileResult> task = new CompletableFuture<>();
                pool.execute(() -> {
                    try {
                        deadline.check();   // expired or cancelled while queued: fail fast, skip the work
                        task.complete(extractFile(candidate, inspector, extractors, deadline));
                    } catch (Throwable t) {
                        task.completeExceptionally(t);
                    } finally {
                        slots.release();
                    }
                });
                pending.add(task.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).handle((result, failure) -> {
                    synchronized (live) {
                        live.remove(deadline);
                    }
                    merge(candidate, result, failure, deadline);
                    return null;
                }));
            }
            try {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                // Only merging can fail here (file failures are rows): the sink refused a batch.
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new ExtractionException("Extraction of " + root + " stopped: writing rows failed with "
                        + cause + "; check the sink", cause);
            }
        } finally {
            // Workers stuck in native code past their deadline are abandoned, their rows already discarded.
            pool.shutdownNow();
        }
    }

    /** Rows one file produced: its repo_files row, rows per extractor that succeeded, and its error rows. */
    private record FileResult(Object[] repoRow, long size, List<FileRows> rows, List<ErrorRow> errors, boolean reused) {
        FileResult(Object[] repoRow, long size, List<FileRows> rows, List<ErrorRow> errors) {
            this(repoRow, size, rows, errors, false);
        }
    }

    private FileResult extractFile(RepoWalker.Candidate candidate, FileInspector inspector,
            List<FileExtractor> extractors, Deadline deadline) {
        FileInspector.Result inspected;
        try {
            inspected = inspector.inspect(candidate);
        } catch (RuntimeException e) {
            return new FileResult(null, 0, List.of(), List.of(new ErrorRow(candidate.path(), FileInspector.STAGE,
                    e.getClass().getSimpleName(), RepoWalker.describe(e))));
        }
        return switch (inspected) {
            case FileInspector.Skipped skipped -> new FileResult(null, 0, List.of(), List.of(skipped.error()));
            case FileInspector.Accepted accepted when reuse != null
                    && reuse.reusable(candidate.path(), (String) accepted.repoFileRow()[FileInspector.SHA256]) ->
                    new FileResult(accepted.repoFileRow(), accepted.size(), List.of(), List.of(), true);
            case FileInspector.Accepted accepted -> {
                List<FileRows> produced = new ArrayList<>();
                List<ErrorRow> failures = new ArrayList<>();
                for (FileExtractor extractor : extractors) {
                    if (!extractor.accepts(accepted.source())) {
                        continue;
                    }
                    FileRows out = new FileRows(accepted.source().utf8());
                    try {
                        extractor.extract(accepted.source(), out, deadline);
                        produced.add(out);
                    } catch (Deadline.FileTimeoutException e) {
                        throw e;
                    } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                        // Fault isolation: this extractor's rows for this file are dropped, the rest stand.
                        failures.add(new ErrorRow(candidate.path(), extractor.name(), e.getClass().getSimpleName(),
                                String.valueOf(e.getMessage())));
                    }
                }
                yield new FileResult(accepted.repoFileRow(), accepted.size(), produced, failures);
            }
        };
    }

    private synchronized void merge(RepoWalker.Candidate candidate, FileResult result, Throwable failure,
            Deadline deadline) {
        filesDone++;
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause != null) {
            deadline.cancel();   // lets a still-running task stop at its next check
            String errorClass;
            String message;
            if (cause instanceof TimeoutException || cause instanceof Deadline.FileTimeoutException) {
                errorClass = cancelled ? "Cancelled" : "Timeout";
                message = cancelled ? "run cancelled" : "extraction exceeded the per-file timeout of "
                        + options.perFileTimeout() + "; raise ExtractOptions.perFileTimeout";
            } else {
                errorClass = cause.getClass().getSimpleName();
                message = String.valueOf(cause.getMessage());
            }
            writeError(new ErrorRow(candidate.path(), "runtime", errorClass, message));
            if (errorEvents++ < MAX_ERROR_EVENTS) {
                runSpan.addEvent("extract.file_failed", Attributes.of(PATH, candidate.path(), ERROR_CLASS, errorClass));
            }
            report(false);
            return;
        }
        if (result.repoRow() != null) {
            builders.get(Tables.REPO_FILES).append(result.repoRow());
            rows++;
            bytes += result.size();
        }
        if (result.reused()) {
            reusedPaths.add(candidate.path());
        }
        for (FileRows fileRows : result.rows()) {
            for (Map.Entry<TableSpec, List<Object[]>> entry : fileRows.byTable().entrySet()) {
                BatchBuilder builder = builders.get(entry.getKey());
                for (Object[] row : entry.getValue()) {
                    builder.append(row);
                }
                rows += entry.getValue().size();
                if (entry.getKey() == Tables.ERRORS) {
                    errors += entry.getValue().size();
                }
            }
        }
        result.errors().forEach(this::writeError);
        report(false);
    }

    private void writeError(ErrorRow error) {
        builders.get(Tables.ERRORS).append(new Object[] {error.path(), error.stage(), error.errorClass(), error.message()});
        errors++;
        rows++;
    }

    private void report(boolean last) {
        long now = System.nanoTime();
        if (!last && now - lastProgressNanos < 100_000_000L) {
            return;
        }
        lastProgressNanos = now;
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        try {
            listener.onProgress(new Progress(filesDone, filesTotal, bytes, rows, errors, filesDone / seconds));
        } catch (RuntimeException e) {
            runSpan.recordException(e);   // a broken listener must not break the run
        }
    }
}
