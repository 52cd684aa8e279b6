package io.codeanatomy.delta;

/**
 * What a write committed.
 *
 * @param commit       the commit (version, attempts, hooks)
 * @param rowsWritten  rows in the new files
 * @param filesAdded   Parquet files added
 * @param filesRemoved files removed (an overwrite removes every file of the version it replaced)
 * @since 0.1
 */
public record DeltaWriteResult(DeltaCommit commit, long rowsWritten, int filesAdded, int filesRemoved) {}
