package io.codeanatomy.engine.core.internal.exec;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One node of a physical plan: an immutable description that can be opened into running {@link Operator}s.
 * A plan can be opened many times (each collect of a DataFrame opens it again).
 */
public abstract class PhysicalNode {
    private final Schema schema;
    private final List<PhysicalNode> children;

    protected PhysicalNode(Schema schema, List<PhysicalNode> children) {
        this.schema = schema;
        this.children = List.copyOf(children);
    }

    public final Schema schema() {
        return schema;
    }

    public final List<PhysicalNode> children() {
        return children;
    }

    /** Operator name for EXPLAIN: {@code HashJoin}, {@code Filter}. */
    public abstract String name();

    /** Attributes for EXPLAIN, in display order: {@code "keys=[#0 = #3]"}. */
    public abstract List<String> details();

    /** Starts this node (and its children) for one query run; the caller owns the operator. */
    protected abstract Operator open(ExecContext context);

    /**
     * Opens this node through the context, which wraps it for metrics (EXPLAIN ANALYZE), cancellation and memory
     * accounting. Operators open their children with this method, never with {@link #open} directly.
     */
    public final Operator start(ExecContext context) {
        return context.instrument(this, open(context));
    }

    /** One-line description: name and details. */
    public String describe() {
        List<String> d = details();
        return d.isEmpty() ? name() : name() + ": " + String.join(", ", d);
    }

    /** The plan as indented text, one operator per line. */
    public final String explain() {
        StringBuilder out = new StringBuilder();
        explain(out, 0, null);
        return out.toString();
    }

    /** Like {@link #explain()}, with a suffix per node (e.g. EXPLAIN ANALYZE metrics). */
    public final String explain(java.util.function.Function<PhysicalNode, String> suffix) {
        StringBuilder out = new StringBuilder();
        explain(out, 0, suffix);
        return out.toString();
    }

    private void explain(StringBuilder out, int depth, java.util.function.Function<PhysicalNode, String> suffix) {
        out.append("  ".repeat(depth)).append(describe());
        if (suffix != null) {
            String s = suffix.apply(this);
            if (s != null && !s.isEmpty()) {
                out.append("  [").append(s).append(']');
            }
        }
        out.append('\n');
        for (PhysicalNode child : children) {
            child.explain(out, depth + 1, suffix);
        }
    }
}
