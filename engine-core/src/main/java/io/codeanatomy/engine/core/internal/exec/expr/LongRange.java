package io.codeanatomy.engine.core.internal.exec.expr;

import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * A comparison of an input column with a constant, as a test of the column's long values (integers, dates, the
 * unscaled values of decimals) against the closed range {@code [lo, hi]}: inside it, or outside it for {@code <>}.
 * A filter runs such a test on the Arrow buffer in place (see {@code Columns.keepInRange}), without unpacking the
 * column, and runs two tests of one column ({@code d >= x AND d < y}) as one.
 *
 * @param column the input column tested
 * @param type   the column's type, which the vector read must have
 */
public record LongRange(int column, ArrowType type, long lo, long hi, boolean inside) {
    /** {@code column op constant}, or null for an operator that is not a plain comparison. */
    static LongRange of(int column, ArrowType type, Comparisons.Op op, long constant) {
        return switch (op) {
            case EQ -> new LongRange(column, type, constant, constant, true);
            case NE -> new LongRange(column, type, constant, constant, false);
            case LT -> constant == Long.MIN_VALUE ? new LongRange(column, type, 1, 0, true)
                    : new LongRange(column, type, Long.MIN_VALUE, constant - 1, true);
            case LE -> new LongRange(column, type, Long.MIN_VALUE, constant, true);
            case GT -> constant == Long.MAX_VALUE ? new LongRange(column, type, 1, 0, true)
                    : new LongRange(column, type, constant + 1, Long.MAX_VALUE, true);
            case GE -> new LongRange(column, type, constant, Long.MAX_VALUE, true);
            case IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> null;
        };
    }

    /** Both tests as one, when they are ranges of the same column; else null. */
    public LongRange and(LongRange other) {
        if (other == null || other.column != column || !other.type.equals(type) || !inside || !other.inside) {
            return null;
        }
        return new LongRange(column, type, Math.max(lo, other.lo), Math.min(hi, other.hi), true);
    }
}
