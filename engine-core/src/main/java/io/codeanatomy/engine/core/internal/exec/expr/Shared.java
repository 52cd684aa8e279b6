package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * A subexpression that occurs more than once in one list of expressions (a projection, or the inputs an aggregation
 * absorbed), evaluated once per input and then reused: TPC-H q1 sums {@code l_extendedprice * (1 - l_discount)} and
 * {@code l_extendedprice * (1 - l_discount) * (1 + l_tax)}. Every occurrence is the same instance, whose result
 * {@link EvalInput#shared} keeps for that input's rows only, so an occurrence under a CASE branch (evaluated over a
 * subset of the rows) computes its own and never evaluates the expression on rows it would not have seen.
 */
public record Shared(PhysicalExpr expr) implements PhysicalExpr {
    @Override
    public Column evaluate(EvalInput input) {
        return input.shared(expr);
    }

    @Override
    public ArrowType type() {
        return expr.type();
    }

    @Override
    public boolean nullable() {
        return expr.nullable();
    }

    @Override
    public List<PhysicalExpr> children() {
        return List.of(expr);
    }

    /** As the expression itself: plans read the same whether or not a subexpression is shared. */
    @Override
    public String display() {
        return expr.display();
    }
}
