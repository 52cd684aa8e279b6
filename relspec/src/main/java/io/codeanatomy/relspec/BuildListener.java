package io.codeanatomy.relspec;

import io.codeanatomy.extract.Progress;

/**
 * Follows a build: stage changes and extraction progress. Called from the build's threads; must be quick.
 *
 * @since 0.1
 */
public interface BuildListener {
    BuildListener NONE = new BuildListener() {};

    /** A stage started: extract, compile, views, write, or a view within views. */
    default void stage(String stage, String detail) {}

    /** Extraction progress, at most every 100 ms. */
    default void extraction(Progress progress) {}
}
