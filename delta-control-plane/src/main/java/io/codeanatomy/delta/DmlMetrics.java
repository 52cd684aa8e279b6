package io.codeanatomy.delta;

import java.util.OptionalLong;

/**
 * What a DELETE or UPDATE did.
 *
 * @param rowsDeleted  rows removed (DELETE)
 * @param rowsUpdated  rows changed (UPDATE)
 * @param filesScanned files read because their statistics or partition values allowed a match
 * @param filesRemoved files that held matches and were retired
 * @param filesAdded   files written with the surviving and updated rows
 * @param version      the version committed; empty when nothing matched and nothing was committed
 * @param attempts     commit attempts (more than 1 after conflicts)
 * @since 0.1
 */
public record DmlMetrics(long rowsDeleted, long rowsUpdated, int filesScanned, int filesRemoved, int filesAdded,
                         OptionalLong version, int attempts) {}
