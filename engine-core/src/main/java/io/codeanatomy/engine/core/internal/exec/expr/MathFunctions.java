package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.DoubleColumn;
import io.codeanatomy.engine.core.internal.exec.vector.ObjectColumn;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.FloatingPointPrecision;

/**
 * Math kernels over doubles (as DuckDB computes them: {@code ln(0)} is -Infinity and {@code sqrt(-1)} is NaN, not an
 * error), and GREATEST/LEAST, which skip NULLs as PostgreSQL and DuckDB do.
 */
final class MathFunctions {
    private MathFunctions() {}

    static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

    /** The kernel of {@code name} (upper case), or null when it is not a math function of this class. */
    static ScalarFunctions.Resolved resolve(String name, List<PhysicalExpr> args) {
        return switch (name) {
            case "SQRT" -> unary(name, Math::sqrt, args);
            case "CBRT" -> unary(name, Math::cbrt, args);
            case "EXP" -> unary(name, Math::exp, args);
            case "LN" -> unary(name, Math::log, args);
            case "LOG10" -> unary(name, Math::log10, args);
            case "LOG" -> args.size() == 1 ? unary(name, Math::log10, args)
                    : binary(name, (base, x) -> Math.log(x) / Math.log(base), args);
            case "POWER", "POW" -> binary(name, Math::pow, args);
            case "SIGN" -> unary(name, Math::signum, args);
            case "DEGREES" -> unary(name, Math::toDegrees, args);
            case "RADIANS" -> unary(name, Math::toRadians, args);
            case "SIN" -> unary(name, Math::sin, args);
            case "COS" -> unary(name, Math::cos, args);
            case "TAN" -> unary(name, Math::tan, args);
            case "COT" -> unary(name, x -> 1 / Math.tan(x), args);
            case "ASIN" -> unary(name, Math::asin, args);
            case "ACOS" -> unary(name, Math::acos, args);
            case "ATAN" -> unary(name, Math::atan, args);
            case "ATAN2" -> binary(name, Math::atan2, args);
            case "GREATEST", "LEAST" -> extreme(name, args);
            case "PI" -> ScalarFunctions.Resolved.of(name, (cols, n, type) -> {
                double[] out = new double[n];
                java.util.Arrays.fill(out, Math.PI);
                return new DoubleColumn(DOUBLE, out, n, null);
            }, List.of());
            case "RANDOM", "RAND" -> new ScalarFunctions.Resolved(name, (cols, n, type) -> {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = java.util.concurrent.ThreadLocalRandom.current().nextDouble();
                }
                return new DoubleColumn(DOUBLE, out, n, null);
            }, List.of(), false);
            default -> null;
        };
    }

    static PhysicalExpr castTo(PhysicalExpr arg, ArrowType type) {
        if (Casts.isNoOp(arg.type(), type)) {
            return arg;
        }
        if (arg instanceof Literal literal) {
            return new Literal(literal.value() == null ? null : Casts.convert(literal.type(), literal.value(), type), type);
        }
        return new ScalarCall("CAST", Casts.kernel(), List.of(arg), type, arg.nullable());
    }

    /** f over a double argument; the result is cast to the call's type (SIGN keeps its argument's type). */
    private static ScalarFunctions.Resolved unary(String name, DoubleUnaryOperator f, List<PhysicalExpr> args) {
        ScalarKernel kernel = (cols, n, type) -> {
            DoubleColumn in = (DoubleColumn) cols[0];
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = f.applyAsDouble(in.values[i]);
            }
            Column result = new DoubleColumn(DOUBLE, out, n, in.nulls == null ? null : in.nulls.clone());
            return Casts.isNoOp(DOUBLE, type) ? result : Casts.cast(result, type, n);
        };
        return ScalarFunctions.Resolved.of(name, kernel, List.of(castTo(args.getFirst(), DOUBLE)));
    }

    private static ScalarFunctions.Resolved binary(String name, DoubleBinaryOperator f, List<PhysicalExpr> args) {
        ScalarKernel kernel = (cols, n, type) -> {
            DoubleColumn a = (DoubleColumn) cols[0];
            DoubleColumn b = (DoubleColumn) cols[1];
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = f.applyAsDouble(a.values[i], b.values[i]);
            }
            Column result = new DoubleColumn(DOUBLE, out, n, Comparisons.mergeNulls(a.nulls, b.nulls, n));
            return Casts.isNoOp(DOUBLE, type) ? result : Casts.cast(result, type, n);
        };
        return ScalarFunctions.Resolved.of(name, kernel, args.stream().map(a -> castTo(a, DOUBLE)).toList());
    }

    /** GREATEST/LEAST: the largest/smallest non-NULL argument; NULL only when all are. Arguments share the result type. */
    private static ScalarFunctions.Resolved extreme(String name, List<PhysicalExpr> args) {
        boolean greatest = name.equals("GREATEST");
        ScalarKernel kernel = (cols, n, type) -> {
            Column[] cast = new Column[cols.length];
            for (int k = 0; k < cols.length; k++) {
                cast[k] = Casts.isNoOp(cols[k].type, type) ? cols[k] : Casts.cast(cols[k], type, n);
            }
            Object[] out = new Object[n];
            for (int i = 0; i < n; i++) {
                Object best = null;
                for (Column c : cast) {
                    Object v = c.get(i);
                    if (v != null && (best == null || compare(v, best) * (greatest ? 1 : -1) > 0)) {
                        best = v;
                    }
                }
                out[i] = best;
            }
            return Casts.cast(new ObjectColumn(type, out, n), type, n);
        };
        return ScalarFunctions.Resolved.of(name, kernel, args);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.compareUnsigned(x, y);
        }
        return ((Comparable) a).compareTo(b);
    }
}
