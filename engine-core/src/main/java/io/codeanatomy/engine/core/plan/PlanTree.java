package io.codeanatomy.engine.core.plan;

import java.util.Objects;

/**
 * A plan as indented text and as a tree, with the SHA-256 digest of its canonical text.
 *
 * @since 0.1
 */
public record PlanTree(String text, PlanNode root, String digest) {
    public PlanTree {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(digest, "digest");
    }
}
