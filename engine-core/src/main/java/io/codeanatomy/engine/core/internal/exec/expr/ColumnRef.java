package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Input column {@code index}. */
public record ColumnRef(int index, ArrowType type, boolean nullable, String name) implements PhysicalExpr {
    @Override
    public Column evaluate(EvalInput input) {
        return input.column(index);
    }

    @Override
    public List<PhysicalExpr> children() {
        return List.of();
    }

    @Override
    public String display() {
        return name == null ? "$" + index : name;
    }
}
