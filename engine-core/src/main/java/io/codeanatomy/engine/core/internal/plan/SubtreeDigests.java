package io.codeanatomy.engine.core.internal.plan;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.hep.HepRelVertex;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.calcite.util.Pair;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * SHA-256 digests of plan subtrees for the optimizer trace, built bottom-up: a node's digest covers its type, its
 * attributes (as {@link PlanDigests#canonicalText} renders them) and its inputs' digests. Each node is digested once
 * per statement, so tracing every rule of a 64-table join stays linear in the plan size; rendering whole subtrees
 * per rule made it quadratic. Rel nodes are immutable, so caching by identity is safe; a Hep vertex stands for the
 * node it currently holds. Not thread-safe; one per statement.
 */
final class SubtreeDigests {
    private final Map<RelNode, String> digests = new IdentityHashMap<>();

    String digest(RelNode rel) {
        RelNode node = rel instanceof HepRelVertex vertex ? vertex.getCurrentRel() : rel;
        String known = digests.get(node);
        if (known != null) {
            return known;
        }
        NodeTerms terms = new NodeTerms();
        node.explain(terms);
        StringBuilder text = new StringBuilder(node.getRelTypeName());
        for (Pair<String, @Nullable Object> item : terms.items) {
            text.append('|').append(item.left).append('=');
            text.append(item.right instanceof RelNode input ? "#" + digest(input) : String.valueOf(item.right));
        }
        String digest = PlanDigests.sha256(text.toString());
        digests.put(node, digest);
        return digest;
    }

    /** Collects one node's explain terms without descending into its inputs. */
    private static final class NodeTerms implements RelWriter {
        final List<Pair<String, @Nullable Object>> items = new ArrayList<>();

        @Override
        public void explain(RelNode rel, List<Pair<String, @Nullable Object>> valueList) {
            items.addAll(valueList);
        }

        @Override
        public SqlExplainLevel getDetailLevel() {
            return SqlExplainLevel.DIGEST_ATTRIBUTES;
        }

        @Override
        public RelWriter item(String term, @Nullable Object value) {
            items.add(Pair.of(term, value));
            return this;
        }

        @Override
        public RelWriter done(RelNode node) {
            return this;
        }
    }
}
