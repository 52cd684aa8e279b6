package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.Scalars;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** A constant in the engine's internal representation ({@link Scalars}); null for SQL NULL. */
public record Literal(Object value, ArrowType type) implements PhysicalExpr {
    @Override
    public boolean nullable() {
        return value == null;
    }

    @Override
    public Column evaluate(EvalInput input) {
        return evaluateRows(input.rows());
    }

    /** The constant repeated {@code n} times. */
    public Column evaluateRows(int n) {
        return Columns.constant(type, value, n);
    }

    @Override
    public List<PhysicalExpr> children() {
        return List.of();
    }

    @Override
    public String display() {
        if (value == null) {
            return "NULL";
        }
        Object external = Scalars.toExternal(type, value);
        return external instanceof String s ? "'" + s.replace("'", "''") + "'" : String.valueOf(external);
    }
}
