package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.ExecutionException;
import java.math.BigDecimal;
import java.math.MathContext;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * COUNT/SUM/$SUM0/AVG/MIN/MAX over a frame that slides forward: rows enter at the frame's end and leave at its start,
 * each once per partition, so a partition costs O(n) whatever the frame width. Sums are exact (doubles are added as
 * their exact decimal values, so removing a row leaves no rounding residue); MIN/MAX keep a monotone deque.
 */
final class SlidingAggregate {
    private final String function;
    private final ArrowType resultType;
    private final boolean floating;
    private final Object[] values;       // the partition's argument values in window order
    private final int[] deque;           // MIN/MAX candidates: positions with values strictly improving from the front
    private int head;
    private int tail;
    private long count;
    private long longSum;
    private BigDecimal exactSum = BigDecimal.ZERO;   // decimals, doubles, and longs that overflowed longSum
    private int nan;
    private int positiveInfinity;
    private int negativeInfinity;

    SlidingAggregate(String function, ArrowType resultType, ArrowType argumentType, Object[] values) {
        this.function = function;
        this.resultType = resultType;
        this.floating = resultType instanceof ArrowType.FloatingPoint || argumentType instanceof ArrowType.FloatingPoint;
        this.values = values;
        this.deque = function.equals("min") || function.equals("max") ? new int[values.length] : null;
        switch (function) {
            case "count", "sum", "$sum0", "avg", "min", "max" -> { }
            default -> throw new ExecutionException("Window function " + function + " is not supported");
        }
    }

    void add(int position) {
        Object v = values[position];
        if (v == null) {
            return;
        }
        count++;
        if (deque != null) {
            int sign = function.equals("min") ? 1 : -1;
            while (tail > head && WindowFrames.compare(values[deque[tail - 1]], v) * sign >= 0) {
                tail--;
            }
            deque[tail++] = position;
        } else if (!function.equals("count")) {
            accumulate(v, 1);
        }
    }

    void remove(int position) {
        Object v = values[position];
        if (v == null) {
            return;
        }
        count--;
        if (deque != null) {
            if (tail > head && deque[head] == position) {
                head++;
            }
        } else if (!function.equals("count")) {
            accumulate(v, -1);
        }
    }

    private void accumulate(Object v, int sign) {
        switch (v) {
            case Double d when d.isNaN() -> nan += sign;
            case Double d when d.isInfinite() -> {
                if (d > 0) {
                    positiveInfinity += sign;
                } else {
                    negativeInfinity += sign;
                }
            }
            case Double d -> exactSum = sign > 0 ? exactSum.add(new BigDecimal(d)) : exactSum.subtract(new BigDecimal(d));
            case BigDecimal d -> exactSum = sign > 0 ? exactSum.add(d) : exactSum.subtract(d);
            case Number n -> {
                long l = n.longValue();
                try {
                    longSum = sign > 0 ? Math.addExact(longSum, l) : Math.subtractExact(longSum, l);
                } catch (ArithmeticException overflow) {
                    exactSum = sign > 0 ? exactSum.add(BigDecimal.valueOf(l)) : exactSum.subtract(BigDecimal.valueOf(l));
                }
            }
            default -> throw new ExecutionException("Window function " + function + " cannot add " + v.getClass().getSimpleName());
        }
    }

    Object result() {
        return switch (function) {
            case "count" -> count;
            case "min", "max" -> tail > head ? values[deque[head]] : null;
            case "sum" -> count == 0 ? null : sum();
            case "$sum0" -> count == 0 ? (Object) 0L : sum();
            case "avg" -> {
                if (count == 0) {
                    yield null;
                }
                Object sum = sum();
                yield sum instanceof Double d ? (Object) (d / count)
                        : ((BigDecimal) total()).divide(BigDecimal.valueOf(count), MathContext.DECIMAL128);
            }
            default -> throw new ExecutionException("Window function " + function + " is not supported");
        };
    }

    private Object sum() {
        if (floating) {
            if (nan > 0 || (positiveInfinity > 0 && negativeInfinity > 0)) {
                return Double.NaN;
            }
            if (positiveInfinity > 0 || negativeInfinity > 0) {
                return positiveInfinity > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            }
            return total().doubleValue();
        }
        return resultType instanceof ArrowType.Decimal ? total() : (Object) total().longValueExact();
    }

    private BigDecimal total() {
        return exactSum.add(BigDecimal.valueOf(longSum));
    }
}
