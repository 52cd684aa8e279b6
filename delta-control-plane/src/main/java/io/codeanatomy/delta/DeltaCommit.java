package io.codeanatomy.delta;

import java.util.List;

/**
 * One successful commit.
 *
 * @param version         the table version the commit created
 * @param attempts        how many tries it took (1 when no writer interfered)
 * @param hooksRun        post-commit hooks that ran (checkpoint, checksum, log compaction), by type
 * @param hookFailures    hooks that failed, with the reason; the commit itself stands, and the next commit or an
 *                        explicit {@link DeltaMaintenance#checkpoint} retries the work
 * @since 0.1
 */
public record DeltaCommit(long version, int attempts, List<String> hooksRun, List<String> hookFailures) {
    public DeltaCommit {
        hooksRun = List.copyOf(hooksRun);
        hookFailures = List.copyOf(hookFailures);
    }
}
