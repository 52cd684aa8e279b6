package io.codeanatomy.extract;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an extraction run does. Globs use {@code .gitignore} syntax and are matched against repo-relative paths with
 * {@code /}; an empty include list includes everything. Files larger than {@code maxFileBytes} are skipped with an
 * error row. {@code parallelism} bounds the files in flight; {@code perFileTimeout} bounds one file's extraction.
 * {@code contentHashes}: whether {@code repo_files_v1.sha256} holds the SHA-256 of each file's bytes (it is the empty
 * string when off). Only a run whose rows are compared with an earlier run's needs them ({@code IncrementalExtraction});
 * the CPG build never reads them, and hashing the Python standard library took 0.13-0.16 s of CPU.
 *
 * @since 0.1
 */
public record ExtractOptions(
        List<String> includeGlobs,
        List<String> excludeGlobs,
        long maxFileBytes,
        int batchRows,
        int parallelism,
        Duration perFileTimeout,
        Set<ExtractorKind> extractors,
        List<java.nio.file.Path> classpath,
        boolean contentHashes) {

    /** Everything in the repository, 16 MiB per file, 8192-row batches, one file per core, 60 s per file, every extractor
     * but the full syntax tree, no classpath, content hashes. */
    public static final ExtractOptions DEFAULT = new ExtractOptions(List.of(), List.of(), 16L << 20, 8192,
            Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(60),
            EnumSet.complementOf(EnumSet.of(ExtractorKind.TS_NODES)), List.of(), true);

    public ExtractOptions {
        includeGlobs = List.copyOf(includeGlobs);
        excludeGlobs = List.copyOf(excludeGlobs);
        if (maxFileBytes <= 0 || maxFileBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxFileBytes must be in 1.." + (Integer.MAX_VALUE - 16) + ", was " + maxFileBytes);
        }
        if (batchRows <= 0) {
            throw new IllegalArgumentException("batchRows must be > 0, was " + batchRows);
        }
        if (parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException("parallelism must be 1..256, was " + parallelism);
        }
        Objects.requireNonNull(perFileTimeout, "perFileTimeout");
        if (perFileTimeout.isNegative() || perFileTimeout.isZero()) {
            throw new IllegalArgumentException("perFileTimeout must be positive, was " + perFileTimeout);
        }
        extractors = Set.copyOf(extractors);
        classpath = List.copyOf(Objects.requireNonNull(classpath, "classpath"));
    }

    public ExtractOptions withIncludeGlobs(List<String> globs) {
        return new ExtractOptions(globs, excludeGlobs, maxFileBytes, batchRows, parallelism, perFileTimeout, extractors,
                classpath, contentHashes);
    }

    public ExtractOptions withExcludeGlobs(List<String> globs) {
        return new ExtractOptions(includeGlobs, globs, maxFileBytes, batchRows, parallelism, perFileTimeout, extractors,
                classpath, contentHashes);
    }

    public ExtractOptions withMaxFileBytes(long bytes) {
        return new ExtractOptions(includeGlobs, excludeGlobs, bytes, batchRows, parallelism, perFileTimeout, extractors,
                classpath, contentHashes);
    }

    public ExtractOptions withBatchRows(int rows) {
        return new ExtractOptions(includeGlobs, excludeGlobs, maxFileBytes, rows, parallelism, perFileTimeout, extractors,
                classpath, contentHashes);
    }

    public ExtractOptions withParallelism(int threads) {
        return new ExtractOptions(includeGlobs, excludeGlobs, maxFileBytes, batchRows, threads, perFileTimeout, extractors,
                classpath, contentHashes);
    }

    public ExtractOptions withPerFileTimeout(Duration timeout) {
        return new ExtractOptions(includeGlobs, excludeGlobs, maxFileBytes, batchRows, parallelism, timeout, extractors,
                classpath, contentHashes);
    }

    public ExtractOptions withExtractors(Set<ExtractorKind> kinds) {
        return new ExtractOptions(includeGlobs, excludeGlobs, maxFileBytes, batchRows, parallelism, perFileTimeout, kinds,
                classpath, contentHashes);
    }

    /**
     * Jars, {@code .class} files or class directories outside the repository whose bytecode is extracted too (the
     * libraries a project calls into); their rows carry the path {@code classpath:<absolute path>}.
     */
    public ExtractOptions withClasspath(List<java.nio.file.Path> entries) {
        return new ExtractOptions(includeGlobs, excludeGlobs, maxFileBytes, batchRows, parallelism, perFileTimeout, extractors,
                entries, contentHashes);
    }

    /** With or without the SHA-256 of every file's bytes in {@code repo_files_v1.sha256} (see above). */
    public ExtractOptions withContentHashes(boolean on) {
        return new ExtractOptions(includeGlobs, excludeGlobs, maxFileBytes, batchRows, parallelism, perFileTimeout, extractors,
                classpath, on);
    }

    /**
     * {@link #DEFAULT} with the profile's parallelism (target partitions) and batch size: extraction then runs with
     * the same bounds as the session's queries.
     */
    public static ExtractOptions from(io.codeanatomy.engine.core.RuntimeProfile profile) {
        Objects.requireNonNull(profile, "profile");
        return DEFAULT.withParallelism(Math.min(256, profile.execution().targetPartitions()))
                .withBatchRows(profile.execution().batchSize());
    }
}
