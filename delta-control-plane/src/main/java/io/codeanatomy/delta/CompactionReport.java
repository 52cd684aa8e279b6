package io.codeanatomy.delta;

import java.util.OptionalLong;

/**
 * What a compaction did.
 *
 * @param filesRemoved small files replaced
 * @param filesAdded   files written in their place
 * @param rows         rows moved
 * @param version      the version committed; empty when there was nothing to compact
 * @since 0.1
 */
public record CompactionReport(int filesRemoved, int filesAdded, long rows, OptionalLong version) {}
