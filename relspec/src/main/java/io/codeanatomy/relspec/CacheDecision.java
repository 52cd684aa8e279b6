package io.codeanatomy.relspec;

/**
 * The cache policy chosen for one view and why.
 *
 * @param view          the view
 * @param policy        the choice
 * @param fanOut        how many times it is read: by the views that read it (once per place their query names it) and by the build's writes
 * @param estimatedRows the planner's row estimate for it
 * @param confident     whether the estimate rests on known input sizes (not defaults)
 * @param rationale     the rule that decided, in words
 * @since 0.1
 */
public record CacheDecision(String view, CachePolicy policy, int fanOut, long estimatedRows, boolean confident,
                            String rationale) {}
