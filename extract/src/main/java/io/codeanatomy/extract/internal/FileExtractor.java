package io.codeanatomy.extract.internal;

import java.util.List;

/**
 * One extractor's lifecycle in a run: created (setup) before the first file, {@link #extract} called concurrently
 * from up to {@code parallelism} threads, {@link #close()} (teardown) after the last file.
 */
public interface FileExtractor extends AutoCloseable {
    /** Stage name used in error rows and spans, e.g. {@code tree-sitter}. */
    String name();

    /** Tables this extractor writes (registered even when empty). */
    List<TableSpec> tables();

    boolean accepts(SourceFile file);

    /** Adds this file's rows to {@code out}; may throw, which drops these rows and records an error row. */
    void extract(SourceFile file, FileRows out, Deadline deadline) throws Exception;

    @Override
    void close();
}
