package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.DoubleColumn;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import io.codeanatomy.engine.core.internal.exec.vector.ObjectColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * +, -, *, / and % over integers, doubles and decimals. The compiler casts operands first: to DOUBLE for a floating
 * result, to BIGINT for an integer result, and for decimals to the scales the operation needs (+, - and % at the
 * result scale; * with scales adding up to the result scale; / at the operands' own scales). Decimals run on 64-bit
 * unscaled values and fall back to BigDecimal for a batch where a value would overflow, so results are exact.
 * Division or modulo by zero yields NULL (as in SQLite and DuckDB); integer overflow is an error.
 */
public final class Arithmetic {
    private Arithmetic() {}

    public enum Op { ADD, SUBTRACT, MULTIPLY, DIVIDE, MOD }

    public static ScalarKernel kernel(Op op) {
        return (args, n, resultType) -> apply(op, args[0], args[1], n, resultType);
    }

    static Column apply(Op op, Column a, Column b, int n, ArrowType resultType) {
        boolean[] nulls = Comparisons.mergeNulls(a.nulls, b.nulls, n);
        return switch (resultType) {
            case ArrowType.FloatingPoint f -> doubles(op, (DoubleColumn) a, (DoubleColumn) b, n, resultType, nulls);
            case ArrowType.Int i -> longs(op, (LongColumn) a, (LongColumn) b, n, i, nulls);
            case ArrowType.Decimal d -> decimals(op, a, b, n, d, nulls);
            default -> throw new ExecutionException("Arithmetic " + op + " is not defined for " + resultType);
        };
    }

    private static Column doubles(Op op, DoubleColumn a, DoubleColumn b, int n, ArrowType type, boolean[] nulls) {
        double[] x = a.values;
        double[] y = b.values;
        double[] out = new double[n];
        boolean[] outNulls = nulls;
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[i] = x[i] + y[i]; }
            case SUBTRACT -> { for (int i = 0; i < n; i++) out[i] = x[i] - y[i]; }
            case MULTIPLY -> { for (int i = 0; i < n; i++) out[i] = x[i] * y[i]; }
            case DIVIDE, MOD -> {
                outNulls = nulls == null ? new boolean[n] : nulls.clone();
                for (int i = 0; i < n; i++) {
                    if (y[i] == 0.0) {
                        outNulls[i] = true;
                    } else {
                        out[i] = op == Op.DIVIDE ? x[i] / y[i] : x[i] % y[i];
                    }
                }
            }
        }
        return new DoubleColumn(type, out, n, outNulls);
    }

    private static Column longs(Op op, LongColumn a, LongColumn b, int n, ArrowType.Int type, boolean[] nulls) {
        long[] x = a.values;
        long[] y = b.values;
        long[] out = new long[n];
        boolean[] outNulls = nulls;
        try {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) out[i] = Math.addExact(x[i], y[i]); }
                case SUBTRACT -> { for (int i = 0; i < n; i++) out[i] = Math.subtractExact(x[i], y[i]); }
                case MULTIPLY -> { for (int i = 0; i < n; i++) out[i] = Math.multiplyExact(x[i], y[i]); }
                case DIVIDE, MOD -> {
                    outNulls = nulls == null ? new boolean[n] : nulls.clone();
                    for (int i = 0; i < n; i++) {
                        if (y[i] == 0) {
                            outNulls[i] = true;
                        } else if (op == Op.DIVIDE) {
                            out[i] = x[i] == Long.MIN_VALUE && y[i] == -1 ? Math.negateExact(x[i]) : x[i] / y[i];
                        } else {
                            out[i] = y[i] == -1 ? 0 : x[i] % y[i];
                        }
                    }
                }
            }
        } catch (ArithmeticException e) {
            if (nulls != null) {
                return longsSkippingNulls(op, x, y, n, type, nulls);
            }
            throw overflow(op, type);
        }
        checkRange(out, n, type, outNulls, op);
        return new LongColumn(type, out, n, outNulls);
    }

    /** Overflow in a NULL row's unspecified value must not fail the query: redo the batch row by row. */
    private static Column longsSkippingNulls(Op op, long[] x, long[] y, int n, ArrowType.Int type, boolean[] nulls) {
        long[] out = new long[n];
        boolean[] outNulls = nulls.clone();
        for (int i = 0; i < n; i++) {
            if (outNulls[i]) {
                continue;
            }
            try {
                out[i] = switch (op) {
                    case ADD -> Math.addExact(x[i], y[i]);
                    case SUBTRACT -> Math.subtractExact(x[i], y[i]);
                    case MULTIPLY -> Math.multiplyExact(x[i], y[i]);
                    case DIVIDE -> y[i] == 0 ? 0 : x[i] / y[i];
                    case MOD -> y[i] == 0 ? 0 : x[i] % y[i];
                };
                if (y[i] == 0 && (op == Op.DIVIDE || op == Op.MOD)) {
                    outNulls[i] = true;
                }
            } catch (ArithmeticException e) {
                throw overflow(op, type);
            }
        }
        checkRange(out, n, type, outNulls, op);
        return new LongColumn(type, out, n, outNulls);
    }

    /** Whether every non-NULL value of {@code out} fits {@code type}'s width. */
    static boolean fits(long[] out, int n, ArrowType.Int type, boolean[] nulls) {
        if (type.getBitWidth() == 64) {
            return true;
        }
        long max = (1L << (type.getBitWidth() - 1)) - 1;
        long min = -max - 1;
        for (int i = 0; i < n; i++) {
            if ((out[i] > max || out[i] < min) && (nulls == null || !nulls[i])) {
                return false;
            }
        }
        return true;
    }

    private static void checkRange(long[] out, int n, ArrowType.Int type, boolean[] nulls, Op op) {
        if (!fits(out, n, type, nulls)) {
            throw overflow(op, type);
        }
    }

    private static ExecutionException overflow(Op op, ArrowType.Int type) {
        return new ExecutionException("Integer overflow in " + op.name().toLowerCase(java.util.Locale.ROOT) + " (result type "
                + (type.getBitWidth() == 64 ? "BIGINT" : "INT" + type.getBitWidth()) + "); CAST an operand to BIGINT or DECIMAL");
    }

    private static Column decimals(Op op, Column a, Column b, int n, ArrowType.Decimal type, boolean[] nulls) {
        if (a instanceof LongColumn la && b instanceof LongColumn lb && op != Op.DIVIDE) {
            long[] x = la.values;
            long[] y = lb.values;
            long[] out = new long[n];
            boolean[] outNulls = nulls;
            try {
                switch (op) {
                    case ADD -> { for (int i = 0; i < n; i++) out[i] = Math.addExact(x[i], y[i]); }
                    case SUBTRACT -> { for (int i = 0; i < n; i++) out[i] = Math.subtractExact(x[i], y[i]); }
                    case MULTIPLY -> { for (int i = 0; i < n; i++) out[i] = Math.multiplyExact(x[i], y[i]); }
                    case MOD -> {
                        outNulls = nulls == null ? new boolean[n] : nulls.clone();
                        for (int i = 0; i < n; i++) {
                            if (y[i] == 0) {
                                outNulls[i] = true;
                            } else {
                                out[i] = x[i] % y[i];
                            }
                        }
                    }
                    default -> throw new IllegalStateException();
                }
                return new LongColumn(type, out, n, outNulls);
            } catch (ArithmeticException overflow) {
                // fall through to the exact path for this batch
            }
        }
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
            if (nulls != null && nulls[i]) {
                continue;
            }
            BigDecimal x = decimal(a, i);
            BigDecimal y = decimal(b, i);
            out[i] = switch (op) {
                case ADD -> x.add(y).setScale(type.getScale(), RoundingMode.HALF_UP);
                case SUBTRACT -> x.subtract(y).setScale(type.getScale(), RoundingMode.HALF_UP);
                case MULTIPLY -> x.multiply(y).setScale(type.getScale(), RoundingMode.HALF_UP);
                case DIVIDE -> y.signum() == 0 ? null : x.divide(y, type.getScale(), RoundingMode.HALF_UP);
                case MOD -> y.signum() == 0 ? null : x.remainder(y).setScale(type.getScale(), RoundingMode.HALF_UP);
            };
        }
        return narrow(type, out, n);
    }

    /** The value at row i as a BigDecimal, whatever column holds it. */
    static BigDecimal decimal(Column c, int i) {
        return switch (c) {
            case LongColumn l -> l.type instanceof ArrowType.Decimal d ? BigDecimal.valueOf(l.values[i], d.getScale())
                    : BigDecimal.valueOf(l.values[i]);
            case DoubleColumn d -> BigDecimal.valueOf(d.values[i]);
            default -> {
                Object o = c.get(i);
                yield o instanceof BigDecimal bd ? bd : new BigDecimal(o.toString());
            }
        };
    }

    /** A column of BigDecimals at the type's scale, on the 64-bit path when every value fits. */
    static Column narrow(ArrowType.Decimal type, Object[] values, int n) {
        long[] longs = new long[n];
        boolean[] nulls = null;
        for (int i = 0; i < n; i++) {
            BigDecimal v = (BigDecimal) values[i];
            if (v == null) {
                if (nulls == null) {
                    nulls = new boolean[n];
                }
                nulls[i] = true;
                continue;
            }
            BigInteger unscaled = v.setScale(type.getScale(), RoundingMode.HALF_UP).unscaledValue();
            if (unscaled.bitLength() >= 64) {
                checkPrecision(type, values, n);
                return new ObjectColumn(type, values, n);
            }
            longs[i] = unscaled.longValue();
        }
        return new LongColumn(type, longs, n, nulls);
    }

    private static void checkPrecision(ArrowType.Decimal type, Object[] values, int n) {
        for (int i = 0; i < n; i++) {
            if (values[i] instanceof BigDecimal v && v.precision() - v.scale() > type.getPrecision() - type.getScale()) {
                throw new ExecutionException("Decimal overflow: " + v.toPlainString() + " does not fit DECIMAL("
                        + type.getPrecision() + "," + type.getScale() + ")");
            }
        }
    }

    /** Unary minus. */
    public static ScalarKernel negate() {
        return (args, n, resultType) -> {
            Column a = args[0];
            switch (a) {
                case LongColumn l -> {
                    long[] out = new long[n];
                    for (int i = 0; i < n; i++) {
                        out[i] = -l.values[i];
                    }
                    return new LongColumn(resultType, out, n, l.nulls);
                }
                case DoubleColumn d -> {
                    double[] out = new double[n];
                    for (int i = 0; i < n; i++) {
                        out[i] = -d.values[i];
                    }
                    return new DoubleColumn(resultType, out, n, d.nulls);
                }
                default -> {
                    Object[] out = new Object[n];
                    for (int i = 0; i < n; i++) {
                        Object v = a.get(i);
                        out[i] = v == null ? null : ((BigDecimal) v).negate();
                    }
                    return new ObjectColumn(resultType, out, n);
                }
            }
        };
    }
}
