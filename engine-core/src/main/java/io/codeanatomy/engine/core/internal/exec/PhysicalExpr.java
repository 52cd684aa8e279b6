package io.codeanatomy.engine.core.internal.exec;

import io.codeanatomy.engine.core.internal.exec.vector.Column;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * A compiled scalar expression. Evaluates the live rows of a batch at once into a dense {@link Column}. Immutable
 * and thread-safe.
 */
public interface PhysicalExpr {
    ArrowType type();

    boolean nullable();

    Column evaluate(EvalInput input);

    List<PhysicalExpr> children();

    /** Text for EXPLAIN: {@code ($0 + 1)}. */
    String display();

    /** Whether the result depends only on the inputs (no rand(), no now()). */
    default boolean deterministic() {
        return children().stream().allMatch(PhysicalExpr::deterministic);
    }
}
