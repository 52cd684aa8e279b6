package io.codeanatomy.delta;

import java.time.Instant;

/**
 * One commit in a table's log.
 *
 * @param version      the version it created
 * @param timestamp    when it was committed
 * @param operation    the operation recorded in its commitInfo (WRITE, CREATE TABLE, ...), empty when absent
 * @param engineInfo   the writer that made it, empty when absent
 * @param filesAdded   add actions in the commit
 * @param filesRemoved remove actions in the commit
 * @since 0.1
 */
public record HistoryEntry(long version, Instant timestamp, String operation, String engineInfo, int filesAdded,
                           int filesRemoved) {}
