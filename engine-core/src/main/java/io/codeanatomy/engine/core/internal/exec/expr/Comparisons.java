package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.BytesColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.DoubleColumn;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import java.util.Arrays;

/**
 * Comparison kernels over two columns of the same physical kind (the compiler casts operands to a common type
 * first). NULL compares to NULL for the six operators; the distinct-from pair treats NULLs as values.
 */
public final class Comparisons {
    private Comparisons() {}

    public enum Op {
        EQ, NE, LT, LE, GT, GE, IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM;

        /** The operator that gives the same answer with the operands swapped. */
        public Op flip() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }
    }

    public static ScalarKernel kernel(Op op) {
        return (args, n, resultType) -> compare(op, args[0], args[1], n);
    }

    /** {@code column op constant} for text and binary columns: each row's bytes against the constant's, in place. */
    public static ScalarKernel againstConstant(Op op, byte[] constant) {
        return (args, n, resultType) -> {
            BytesColumn column = (BytesColumn) args[0];
            boolean[] out = new boolean[n];
            byte[] data = column.data;
            int[] offsets = column.offsets;
            if (op == Op.EQ || op == Op.NE) {
                // equality looks at the length first: most rows differ in it, and no order is needed
                boolean equal = op == Op.EQ;
                int length = constant.length;
                for (int i = 0; i < n; i++) {
                    out[i] = (offsets[i + 1] - offsets[i] == length
                            && Arrays.equals(data, offsets[i], offsets[i + 1], constant, 0, length)) == equal;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    out[i] = test(op, Arrays.compareUnsigned(data, offsets[i], offsets[i + 1], constant, 0, constant.length));
                }
            }
            return new BoolColumn(out, n, column.nulls == null ? null : column.nulls.clone());
        };
    }

    /**
     * {@code column op constant} for columns held as longs (integers, dates, decimals of the constant's scale): no
     * column of copies of the constant. A batch that arrives in another form (decimals too wide for a long) takes the
     * general path.
     */
    public static ScalarKernel againstLong(Op op, long constant, Literal literal) {
        return (args, n, resultType) -> {
            if (!(args[0] instanceof LongColumn column)) {
                return compare(op, args[0], literal.evaluateRows(n), n);
            }
            long[] v = column.values;
            boolean[] out = new boolean[n];
            switch (op) {
                case EQ -> { for (int i = 0; i < n; i++) out[i] = v[i] == constant; }
                case NE -> { for (int i = 0; i < n; i++) out[i] = v[i] != constant; }
                case LT -> { for (int i = 0; i < n; i++) out[i] = v[i] < constant; }
                case LE -> { for (int i = 0; i < n; i++) out[i] = v[i] <= constant; }
                case GT -> { for (int i = 0; i < n; i++) out[i] = v[i] > constant; }
                case GE -> { for (int i = 0; i < n; i++) out[i] = v[i] >= constant; }
                default -> throw new IllegalStateException(op.name());
            }
            return new BoolColumn(out, n, column.nulls == null ? null : column.nulls.clone());
        };
    }

    /** {@code column op constant} for double columns, with the ordering of {@link #compare} (NaN above all, -0 = 0). */
    public static ScalarKernel againstDouble(Op op, double constant, Literal literal) {
        double c = constant == 0.0 ? 0.0 : constant;
        return (args, n, resultType) -> {
            if (!(args[0] instanceof DoubleColumn column)) {
                return compare(op, args[0], literal.evaluateRows(n), n);
            }
            double[] v = column.values;
            boolean[] out = new boolean[n];
            for (int i = 0; i < n; i++) {
                out[i] = test(op, Double.compare(v[i] == 0.0 ? 0.0 : v[i], c));
            }
            return new BoolColumn(out, n, column.nulls == null ? null : column.nulls.clone());
        };
    }

    public static BoolColumn compare(Op op, Column a, Column b, int n) {
        boolean[] out = new boolean[n];
        switch (op) {
            case IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
                boolean wantEqual = op == Op.IS_NOT_DISTINCT_FROM;
                int[] cmp = compareValues(a, b, n);
                for (int i = 0; i < n; i++) {
                    boolean an = a.isNull(i);
                    boolean bn = b.isNull(i);
                    boolean equal = an || bn ? an == bn : cmp[i] == 0;
                    out[i] = equal == wantEqual;
                }
                return new BoolColumn(out, n, null);
            }
            default -> {
                if (a instanceof LongColumn la && b instanceof LongColumn lb) {
                    compareLongs(op, la.values, lb.values, out, n);
                } else if (a instanceof DoubleColumn da && b instanceof DoubleColumn db) {
                    compareDoubles(op, da.values, db.values, out, n);
                } else {
                    int[] cmp = compareValues(a, b, n);
                    for (int i = 0; i < n; i++) {
                        out[i] = test(op, cmp[i]);
                    }
                }
                return new BoolColumn(out, n, mergeNulls(a.nulls, b.nulls, n));
            }
        }
    }

    private static void compareLongs(Op op, long[] a, long[] b, boolean[] out, int n) {
        switch (op) {
            case EQ -> { for (int i = 0; i < n; i++) out[i] = a[i] == b[i]; }
            case NE -> { for (int i = 0; i < n; i++) out[i] = a[i] != b[i]; }
            case LT -> { for (int i = 0; i < n; i++) out[i] = a[i] < b[i]; }
            case LE -> { for (int i = 0; i < n; i++) out[i] = a[i] <= b[i]; }
            case GT -> { for (int i = 0; i < n; i++) out[i] = a[i] > b[i]; }
            case GE -> { for (int i = 0; i < n; i++) out[i] = a[i] >= b[i]; }
            default -> throw new IllegalStateException(op.name());
        }
    }

    private static void compareDoubles(Op op, double[] a, double[] b, boolean[] out, int n) {
        // Double.compare orders NaN above everything and equal to itself, as SQL engines do.
        for (int i = 0; i < n; i++) {
            out[i] = test(op, Double.compare(a[i] == 0.0 ? 0.0 : a[i], b[i] == 0.0 ? 0.0 : b[i]));
        }
    }

    static boolean test(Op op, int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            default -> throw new IllegalStateException(op.name());
        };
    }

    /** Three-way comparison per row; the value for rows where either side is NULL is unspecified. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int[] compareValues(Column a, Column b, int n) {
        int[] out = new int[n];
        if (a instanceof LongColumn la && b instanceof LongColumn lb) {
            for (int i = 0; i < n; i++) {
                out[i] = Long.compare(la.values[i], lb.values[i]);
            }
        } else if (a instanceof DoubleColumn da && b instanceof DoubleColumn db) {
            for (int i = 0; i < n; i++) {
                out[i] = Double.compare(da.values[i] == 0.0 ? 0.0 : da.values[i], db.values[i] == 0.0 ? 0.0 : db.values[i]);
            }
        } else if (a instanceof BoolColumn ba && b instanceof BoolColumn bb) {
            for (int i = 0; i < n; i++) {
                out[i] = Boolean.compare(ba.values[i], bb.values[i]);
            }
        } else if (a instanceof BytesColumn sa && b instanceof BytesColumn sb) {
            for (int i = 0; i < n; i++) {
                out[i] = Arrays.compareUnsigned(sa.data, sa.offsets[i], sa.offsets[i + 1], sb.data, sb.offsets[i], sb.offsets[i + 1]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                Object x = a.get(i);
                Object y = b.get(i);
                out[i] = x == null || y == null ? 0 : compareObjects(x, y);
            }
        }
        return out;
    }

    private static boolean isIntegral(Object o) {
        return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compareObjects(Object x, Object y) {
        if (x instanceof java.math.BigDecimal bx && y instanceof java.math.BigDecimal by) {
            return bx.compareTo(by);
        }
        if (isIntegral(x) && isIntegral(y)) {   // the common case (window keys, ids) without a BigDecimal per call
            return Long.compare(((Number) x).longValue(), ((Number) y).longValue());
        }
        if (x instanceof Double dx && y instanceof Double dy) {
            return Double.compare(dx == 0.0 ? 0.0 : dx, dy == 0.0 ? 0.0 : dy);
        }
        if (x instanceof Number nx && y instanceof Number ny) {
            return new java.math.BigDecimal(nx.toString()).compareTo(new java.math.BigDecimal(ny.toString()));
        }
        if (x instanceof byte[] bx && y instanceof byte[] by) {
            return Arrays.compareUnsigned(bx, by);
        }
        if (x instanceof java.util.List<?> lx && y instanceof java.util.List<?> ly) {
            for (int i = 0; i < Math.min(lx.size(), ly.size()); i++) {
                Object ex = lx.get(i);
                Object ey = ly.get(i);
                if (ex == null || ey == null) {
                    if (ex != ey) {
                        return ex == null ? 1 : -1;
                    }
                    continue;
                }
                int c = compareObjects(ex, ey);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(lx.size(), ly.size());
        }
        if (x instanceof Comparable cx && x.getClass() == y.getClass()) {
            return cx.compareTo(y);
        }
        return x.toString().compareTo(y.toString());
    }

    static boolean[] mergeNulls(boolean[] a, boolean[] b, int n) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = a[i] | b[i];
        }
        return out;
    }
}
