package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.expr.Comparisons;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Scalars;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The frame of every row of one ordered partition, as positions {@code [start, end)} within the partition. Every
 * bound is a monotone (non-decreasing) function of the row, so RANGE offsets are found by one forward-moving pointer
 * per bound: O(n) per partition after the sort.
 */
final class WindowFrames {
    private WindowFrames() {}

    /**
     * Fills {@code starts}/{@code ends} for rows {@code 0..size)}; {@code key} and {@code keyColumn} are the single
     * ORDER BY key of a RANGE frame with offsets (null otherwise); {@code order[base + i]} is row i's input row.
     */
    static void compute(WindowNode.Group group, SortKey key, Column keyColumn, Integer[] order, int base, int size,
                        int[] peerStart, int[] peerEnd, int[] starts, int[] ends) {
        bound(group.lower(), true, group.rows(), key, keyColumn, order, base, size, peerStart, peerEnd, starts);
        bound(group.upper(), false, group.rows(), key, keyColumn, order, base, size, peerStart, peerEnd, ends);
    }

    private static void bound(WindowNode.Bound bound, boolean lower, boolean rows, SortKey key, Column keyColumn,
                              Integer[] order, int base, int size, int[] peerStart, int[] peerEnd, int[] out) {
        switch (bound) {
            case WindowNode.Bound.Unbounded u -> java.util.Arrays.fill(out, 0, size, lower ? 0 : size);
            case WindowNode.Bound.CurrentRow c -> {
                for (int i = 0; i < size; i++) {
                    out[i] = rows ? (lower ? i : i + 1) : (lower ? peerStart[i] : peerEnd[i]);
                }
            }
            case WindowNode.Bound.RowOffset r -> {
                for (int i = 0; i < size; i++) {
                    long at = (long) i + r.offset() + (lower ? 0 : 1);
                    out[i] = (int) Math.max(0, Math.min(size, at));
                }
            }
            case WindowNode.Bound.ValueOffset v -> sweep(v, lower, key, keyColumn, order, base, size, peerStart, peerEnd, out);
        }
    }

    /**
     * A RANGE offset bound. A lower bound is the first row not before the target value (key -/+ offset in the sort's
     * direction), an upper bound one past the last row not after it. NULL keys sort before (NULLS FIRST) or after
     * every value, so they never fall inside an offset range; a row whose key is NULL has its NULL peers as that
     * bound (SQL:2011, as PostgreSQL and DuckDB do).
     */
    private static void sweep(WindowNode.Bound.ValueOffset bound, boolean lower, SortKey key, Column keyColumn,
                              Integer[] order, int base, int size, int[] peerStart, int[] peerEnd, int[] out) {
        int direction = key.descending() ? -1 : 1;
        int sign = (bound.preceding() ? -1 : 1) * direction;
        int p = 0;
        for (int i = 0; i < size; i++) {
            Object value = keyColumn.get(order[base + i]);
            if (value == null) {
                out[i] = lower ? peerStart[i] : peerEnd[i];
                continue;
            }
            Object target = shift(keyColumn.type, normalize(keyColumn.type, bound, value), bound, sign);
            while (p < size) {
                Object candidate = keyColumn.get(order[base + p]);
                boolean move;
                if (candidate == null) {
                    move = key.nullsFirst();   // NULLs first lie before every target, NULLs last after it
                } else {
                    int c = compare(normalize(keyColumn.type, bound, candidate), target) * direction;
                    move = lower ? c < 0 : c <= 0;
                }
                if (!move) {
                    break;
                }
                p++;
            }
            out[i] = p;
        }
    }

    /** Keys in the unit the offset is added in: a DATE key with a day-time interval compares in milliseconds. */
    private static Object normalize(ArrowType keyType, WindowNode.Bound.ValueOffset bound, Object value) {
        if (keyType instanceof ArrowType.Date && bound.unit() == WindowNode.OffsetUnit.MILLIS) {
            return (Long) value * Scalars.MILLIS_PER_DAY;
        }
        return value;
    }

    private static Object shift(ArrowType keyType, Object value, WindowNode.Bound.ValueOffset bound, int sign) {
        Object amount = bound.amount();
        return switch (bound.unit()) {
            case MONTHS -> {
                long months = sign * ((Number) amount).longValue();
                long v = (Long) value;
                if (keyType instanceof ArrowType.Date) {
                    yield LocalDate.ofEpochDay(v).plusMonths(months).toEpochDay();
                }
                LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(v, 1_000_000L),
                        (int) Math.floorMod(v, 1_000_000L) * 1000, ZoneOffset.UTC).plusMonths(months);
                yield t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
            }
            case MILLIS -> {
                long millis = ((Number) amount).longValue();
                long step = keyType instanceof ArrowType.Timestamp ? saturatingMultiply(millis, 1000L) : millis;
                yield saturatingAdd((Long) value, sign > 0 ? step : -step);
            }
            case NUMBER -> switch (value) {
                case Double d -> d + sign * ((Number) amount).doubleValue();
                case BigDecimal d -> sign > 0 ? d.add(decimal(amount)) : d.subtract(decimal(amount));
                case Long l when amount instanceof Long a -> saturatingAdd(l, sign > 0 ? a : -a);
                default -> sign > 0 ? decimal(value).add(decimal(amount)) : decimal(value).subtract(decimal(amount));
            };
        };
    }

    private static BigDecimal decimal(Object number) {
        return switch (number) {
            case BigDecimal d -> d;
            case Long l -> BigDecimal.valueOf(l);
            default -> new BigDecimal(number.toString());
        };
    }

    /** Clamped at the long range: a target past the range still orders after (before) every key. */
    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    private static long saturatingMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? lo : (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    /** Compares two non-NULL values of one key; the common cases without boxing through BigDecimal. */
    static int compare(Object x, Object y) {
        if (x instanceof Long a && y instanceof Long b) {
            return Long.compare(a, b);
        }
        if (x instanceof Double a && y instanceof Double b) {
            return Double.compare(a, b);
        }
        if (x instanceof BigDecimal a && y instanceof BigDecimal b) {
            return a.compareTo(b);
        }
        if (x instanceof Number && y instanceof Double d) {
            return Double.compare(((Number) x).doubleValue(), d);
        }
        if (x instanceof Double d && y instanceof Number) {
            return Double.compare(d, ((Number) y).doubleValue());
        }
        return Comparisons.compareObjects(x, y);
    }
}
