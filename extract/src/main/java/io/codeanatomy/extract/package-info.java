/**
 * Repository to Arrow rows. {@link io.codeanatomy.extract.ExtractionRuntime} scans a repository
 * ({@code repo_files_v1}), runs the chosen {@link io.codeanatomy.extract.ExtractorKind extractors} on each file
 * (tree-sitter for Python and Java, ASM for class files and jars) and hands Arrow batches to an
 * {@link io.codeanatomy.extract.ExtractionSink}; {@link io.codeanatomy.extract.SessionSink} registers them as
 * in-memory tables of a session. Files that cannot be read or parsed become {@code extract_errors_v1} rows.
 *
 * <p>Threading: {@code ExtractionRuntime} is thread-safe and holds no per-run state; each run has its own worker
 * pool of {@link io.codeanatomy.extract.ExtractOptions#parallelism()} threads. Sinks are called from one thread at
 * a time. Everything under {@code io.codeanatomy.extract.internal} may change without notice.
 *
 * @since 0.1
 */
package io.codeanatomy.extract;
