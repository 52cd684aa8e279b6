package io.codeanatomy.delta;

import java.util.List;

/**
 * What a vacuum found and did.
 *
 * @param dryRun     whether files were only listed
 * @param candidates files no version within the retention period references (deleted unless a dry run)
 * @param deleted    files actually deleted
 * @param bytes      total size of the candidates
 * @param errors     files that could not be deleted, with the reason; the rest were still processed
 * @since 0.1
 */
public record VacuumReport(boolean dryRun, List<String> candidates, List<String> deleted, long bytes, List<FileError> errors) {
    public VacuumReport {
        candidates = List.copyOf(candidates);
        deleted = List.copyOf(deleted);
        errors = List.copyOf(errors);
    }

    /** One file a maintenance operation failed on. */
    public record FileError(String path, String message) {}
}
