package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.PhysicalKind;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * {@code operand op constant} (or {@code constant op operand}, as written): the kernel compares the operand's rows
 * with the constant in place, so the constant is never evaluated into a column of copies.
 *
 * @param symbol        the operator as written ({@code >=}, {@code =}, ...)
 * @param operand       the non-constant side
 * @param constant      the constant side, for display and plan walks
 * @param constantFirst whether the constant was written on the left
 * @param kernel        the comparison of one column against the constant (operator already flipped when needed)
 */
public record ConstantComparison(String symbol, PhysicalExpr operand, Literal constant, boolean constantFirst,
                                 ScalarKernel kernel, boolean nullable) implements PhysicalExpr {
    @Override
    public Column evaluate(EvalInput input) {
        return kernel.apply(new Column[] {operand.evaluate(input)}, input.rows(), ArrowType.Bool.INSTANCE);
    }

    /**
     * This test as a range of the long values of an input column, when it compares a column of integers, dates or
     * decimals (the operand itself, uncast) with the constant; else null.
     */
    public LongRange range() {
        if (!(operand instanceof ColumnRef ref) || constant.value() == null
                || PhysicalKind.of(ref.type()) != PhysicalKind.LONG) {
            return null;
        }
        Comparisons.Op op = switch (symbol) {
            case "=" -> Comparisons.Op.EQ;
            case "<>" -> Comparisons.Op.NE;
            case "<" -> Comparisons.Op.LT;
            case "<=" -> Comparisons.Op.LE;
            case ">" -> Comparisons.Op.GT;
            case ">=" -> Comparisons.Op.GE;
            default -> null;
        };
        if (op == null) {
            return null;
        }
        try {
            long value = Columns.constantLong(ref.type(), constant.value());
            return LongRange.of(ref.index(), ref.type(), constantFirst ? op.flip() : op, value);
        } catch (ArithmeticException | ClassCastException e) {
            return null;
        }
    }

    @Override
    public ArrowType type() {
        return ArrowType.Bool.INSTANCE;
    }

    @Override
    public List<PhysicalExpr> children() {
        return ConstantArithmetic.asWritten(operand, constant, constantFirst);
    }

    @Override
    public String display() {
        return ConstantArithmetic.display(symbol, operand, constant, constantFirst);
    }
}
