package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * {@code operand op constant} (or {@code constant op operand}, as written) for +, - and * on integers and decimals
 * held as longs: the constant is applied to each row, not evaluated into a column of copies first (TPC-H's
 * {@code l_extendedprice * (1.00 - l_discount)} did that for every batch of six million lineitems). A batch the
 * fast loop cannot take (an overflow, possibly in a NULL row's unspecified value; decimals too wide for a long) takes
 * the general path, with the same results and errors.
 *
 * @param value the constant as the long the operand's type holds it ({@link
 *              io.codeanatomy.engine.core.internal.exec.vector.Columns#constantLong})
 */
public record ConstantArithmetic(String symbol, Arithmetic.Op op, PhysicalExpr operand, Literal constant,
                                 boolean constantFirst, long value, ArrowType type, boolean nullable) implements PhysicalExpr {
    public ConstantArithmetic {
        if (op == Arithmetic.Op.DIVIDE || op == Arithmetic.Op.MOD) {
            throw new IllegalArgumentException("only +, - and * take the constant path, not " + op);
        }
    }

    @Override
    public Column evaluate(EvalInput input) {
        int n = input.rows();
        Column x = operand.evaluate(input);
        if (x instanceof LongColumn longs) {
            long[] v = longs.values;
            long c = value;
            long[] out = new long[n];
            try {
                switch (op) {
                    case ADD -> { for (int i = 0; i < n; i++) out[i] = Math.addExact(v[i], c); }
                    case SUBTRACT -> {
                        if (constantFirst) {
                            for (int i = 0; i < n; i++) out[i] = Math.subtractExact(c, v[i]);
                        } else {
                            for (int i = 0; i < n; i++) out[i] = Math.subtractExact(v[i], c);
                        }
                    }
                    default -> { for (int i = 0; i < n; i++) out[i] = Math.multiplyExact(v[i], c); }
                }
                if (!(type instanceof ArrowType.Int i) || Arithmetic.fits(out, n, i, x.nulls)) {
                    return new LongColumn(type, out, n, x.nulls);
                }
            } catch (ArithmeticException overflow) {
                // the general path below decides: an error, or a NULL row's value
            }
        }
        Column c = constant.evaluateRows(n);
        return Arithmetic.apply(op, constantFirst ? c : x, constantFirst ? x : c, n, type);
    }

    @Override
    public List<PhysicalExpr> children() {
        return asWritten(operand, constant, constantFirst);
    }

    @Override
    public String display() {
        return display(symbol, operand, constant, constantFirst);
    }

    /** The two sides of a binary operator with a constant, in the order they were written. */
    static List<PhysicalExpr> asWritten(PhysicalExpr operand, Literal constant, boolean constantFirst) {
        return constantFirst ? List.of(constant, operand) : List.of(operand, constant);
    }

    /** {@code (left symbol right)}, the constant on the side it was written. */
    static String display(String symbol, PhysicalExpr operand, Literal constant, boolean constantFirst) {
        List<PhysicalExpr> sides = asWritten(operand, constant, constantFirst);
        return "(" + sides.get(0).display() + " " + symbol + " " + sides.get(1).display() + ")";
    }
}
