package io.codeanatomy.relspec;

/**
 * How one view ran in a build.
 *
 * @param view         the view
 * @param policy       how its rows were kept
 * @param rows         rows it produced (-1 when it was not materialized and nothing counted it)
 * @param millis       wall time spent materializing it (0 for views inlined into readers)
 * @param planIdentity its plan identity
 * @since 0.1
 */
public record ViewRun(String view, CachePolicy policy, long rows, long millis, String planIdentity) {}
