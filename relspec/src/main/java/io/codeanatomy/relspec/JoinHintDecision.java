package io.codeanatomy.relspec;

/**
 * A join hint relspec applied to one plan, and why: the build side (the input a hash join hashes) of one join whose
 * two inputs are tables of known size, the extracted tables and the views already materialized in this build.
 * Recorded in the manifest next to the {@link CacheDecision}s.
 *
 * @param view         the view (or the build output) whose plan carried the hint
 * @param build        the table hashed
 * @param buildRows    its actual row count
 * @param probe        the table on the other side of the join
 * @param probeRows    its actual row count
 * @param changesPlan  whether the planner's estimate would have hashed {@code probe} instead (false: the hint confirms
 *                     the estimate and pins it)
 * @param rationale    the decision in words
 * @since 0.1
 */
public record JoinHintDecision(String view, String build, long buildRows, String probe, long probeRows,
                               boolean changesPlan, String rationale) {}
