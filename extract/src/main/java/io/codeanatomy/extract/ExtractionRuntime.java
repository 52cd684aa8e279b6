package io.codeanatomy.extract;

import io.codeanatomy.extract.internal.FileExtractor;
import io.codeanatomy.extract.internal.RunLoop;
import io.codeanatomy.extract.internal.bytecode.BytecodeExtractor;
import io.codeanatomy.extract.internal.scip.ScipExtractor;
import io.codeanatomy.extract.internal.ts.TreeSitterExtractor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs extraction over a repository: scan ({@code repo_files_v1}), then each chosen extractor per file, with bounded
 * parallelism, per-file fault isolation and timeouts, Arrow batches of {@link ExtractOptions#batchRows()} rows, progress
 * events and OpenTelemetry spans ({@code extract.run} with children {@code extract.scan}, {@code .setup},
 * {@code .files}, {@code .teardown}). Holds no per-run state; thread-safe.
 *
 * <p>Tables: {@code repo_files_v1}, {@code extract_errors_v1}; with {@link ExtractorKind#TREE_SITTER}
 * {@code ts_files_v1}, {@code defs_v1}, {@code imports_v1}, {@code calls_v1}, {@code refs_v1}, {@code assignments_v1};
 * with {@link ExtractorKind#BYTECODE} {@code bytecode_classes_v1}, {@code bytecode_methods_v1},
 * {@code bytecode_fields_v1}, {@code bytecode_invokes_v1}; with {@link ExtractorKind#SCIP} {@code scip_symbols_v1},
 * {@code scip_occurrences_v1}. See extract/README.md for the columns.
 *
 * @since 0.1
 */
public final class ExtractionRuntime {
    private final Tracer tracer;

    private ExtractionRuntime(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer("io.codeanatomy.extract");
    }

    /** A runtime that records spans through {@code telemetry} (for example {@code EngineRuntime.telemetry()}). */
    public static ExtractionRuntime create(OpenTelemetry telemetry) {
        return new ExtractionRuntime(Objects.requireNonNull(telemetry, "telemetry"));
    }

    /** A runtime that records no spans. */
    public static ExtractionRuntime create() {
        return create(OpenTelemetry.noop());
    }

    /**
     * The versions of the parsers extraction compiles in ({@code tree-sitter}, {@code tree-sitter-python},
     * {@code tree-sitter-java}), as the native build pinned them; empty when the natives were built elsewhere (a
     * build without the file).
     */
    public static java.util.Map<String, String> parserVersions() {
        java.util.Properties versions = new java.util.Properties();
        try (var in = ExtractionRuntime.class.getResourceAsStream("/native/linux-x86_64/versions.properties")) {
            if (in != null) {
                versions.load(in);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Reading the parser versions of this build failed", e);
        }
        java.util.Map<String, String> result = new java.util.TreeMap<>();
        versions.forEach((name, version) -> result.put((String) name, (String) version));
        return java.util.Map.copyOf(result);
    }

    /** Runs to completion on the calling thread. {@code sink} is borrowed. */
    public ExtractionSummary run(Path root, ExtractOptions options, ExtractionSink sink) {
        return start(root, options, sink, ProgressListener.NONE).await();
    }

    /** Starts a run on a new thread and returns its handle; {@code sink} is borrowed until the run ends. */
    public ExtractionJob start(Path root, ExtractOptions options, ExtractionSink sink, ProgressListener listener) {
        Objects.requireNonNull(options, "options");
        return start(root, options, sink, listener, null);
    }

    /**
     * As {@link #start(Path, ExtractOptions, ExtractionSink, ProgressListener)}, but a file whose path and content
     * hash {@code cache} holds (nullable: none) is not parsed: its rows are taken from the cache. Content hashes are
     * computed for every file (as {@link ExtractOptions#withContentHashes} on), so the run's rows can be saved as the
     * next run's cache. The tables' rows are those of a run without a cache.
     */
    public ExtractionJob start(Path root, ExtractOptions options, ExtractionSink sink, ProgressListener listener,
                               ExtractionCache cache) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(listener, "listener");
        RunLoop loop = cache == null ? new RunLoop(root, options, sink, listener, tracer, ExtractionRuntime::extractors)
                : new RunLoop(root, options.withContentHashes(true), sink, listener, tracer, ExtractionRuntime::extractors,
                        cache.reuse());
        CompletableFuture<ExtractionSummary> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(loop.run());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "codeanatomy-extract-run");
        thread.setDaemon(true);
        thread.start();
        return new ExtractionJob() {
            @Override
            public void cancel() {
                loop.cancel();
            }

            @Override
            public boolean isDone() {
                return result.isDone();
            }

            @Override
            public Map<String, Schema> tables() {
                return join(loop.tables(), root);
            }

            @Override
            public ExtractionSummary await() {
                return join(result, root);
            }
        };
    }

    private static <T> T join(CompletableFuture<T> future, Path root) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ExtractionException("Extraction of " + root + " failed: " + e.getCause(), e.getCause());
        }
    }

    private static List<FileExtractor> extractors(ExtractOptions options) {
        List<FileExtractor> extractors = new ArrayList<>();
        try {
            boolean definitions = options.extractors().contains(ExtractorKind.TREE_SITTER);
            boolean nodes = options.extractors().contains(ExtractorKind.TS_NODES);
            if (definitions || nodes) {
                extractors.add(new TreeSitterExtractor(definitions, nodes));     // one parse serves both
            }
            if (options.extractors().contains(ExtractorKind.BYTECODE)) {
                extractors.add(new BytecodeExtractor());
            }
            if (options.extractors().contains(ExtractorKind.SCIP)) {
                extractors.add(new ScipExtractor());
            }
            return extractors;
        } catch (RuntimeException e) {
            extractors.forEach(FileExtractor::close);   // half-built setup cleans up after itself
            throw e;
        }
    }
}