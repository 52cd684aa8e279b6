package io.codeanatomy.relspec;

/**
 * How a view's rows are kept while the build runs.
 *
 * @since 0.1
 */
public enum CachePolicy {
    /** Not kept: readers re-run the view's query (cheap views read once). */
    NONE,
    /** Computed once into an in-memory table that every reader scans. */
    MEMORY,
    /** Computed once into a Delta table in the build's staging directory: large views read more than once. */
    DELTA_STAGING
}
