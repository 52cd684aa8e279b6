package io.codeanatomy.extract.internal;

import io.codeanatomy.extract.ExtractionSink;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows of an earlier run that a run may take instead of extracting a file again: for a file whose path and content
 * hash are unchanged, every row of its, except its {@code repo_files_v1} row, which the run writes itself.
 */
public interface RowReuse {
    /** Whether the rows of {@code path} with content hash {@code sha256} are kept, and have the run's {@code tables}. */
    boolean reusable(String path, String sha256);

    /** Whether the kept rows have exactly the tables and schemas of a run with {@code tables}. */
    boolean fits(Map<String, Schema> tables);

    /**
     * Passes the kept rows of the files at {@code paths} to {@code sink}, in batches allocated from the sink's
     * allocator; returns the rows given per table.
     */
    Map<String, Long> emit(Set<String> paths, ExtractionSink sink);
}
