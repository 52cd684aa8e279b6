package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.BytesColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.DoubleColumn;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import io.codeanatomy.engine.core.internal.exec.vector.ObjectColumn;
import io.codeanatomy.engine.core.internal.exec.vector.PhysicalKind;
import io.codeanatomy.engine.core.internal.exec.vector.Scalars;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * CAST between the engine's types. Fast loops for the numeric and decimal-rescale casts that hot paths need; a
 * row-by-row path through Java values for the rest. A value that cannot be converted is an error naming the value
 * and the target type.
 */
public final class Casts {
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private Casts() {}

    public static ScalarKernel kernel() {
        return (args, n, resultType) -> cast(args[0], resultType, n);
    }

    /** Whether a cast from {@code from} to {@code to} changes nothing but the declared type. */
    public static boolean isNoOp(ArrowType from, ArrowType to) {
        if (from.equals(to)) {
            return true;
        }
        return from instanceof ArrowType.Decimal a && to instanceof ArrowType.Decimal b && a.getScale() == b.getScale()
                && a.getPrecision() <= b.getPrecision();
    }

    public static Column cast(Column c, ArrowType to, int n) {
        ArrowType from = c.type;
        if (from.equals(to)) {
            // boxed values of a primitive kind (from generic code paths) move into the kind's own column
            return c instanceof ObjectColumn && PhysicalKind.of(to) != PhysicalKind.OBJECT ? pack(c, to, n) : c;
        }
        if (from instanceof ArrowType.Null) {
            return Columns.constant(to, null, n);
        }
        if (c instanceof LongColumn l) {
            Column fast = fromLong(l, to, n);
            if (fast != null) {
                return fast;
            }
        } else if (c instanceof DoubleColumn d) {
            Column fast = fromDouble(d, to, n);
            if (fast != null) {
                return fast;
            }
        } else if (c instanceof BytesColumn b && b.isUtf8() && to instanceof ArrowType.Binary) {
            return new BytesColumn(to, b.data, b.offsets, n, b.nulls);
        } else if (c instanceof BytesColumn b && from instanceof ArrowType.Binary && to instanceof ArrowType.Utf8) {
            return new BytesColumn(to, b.data, b.offsets, n, b.nulls);
        }
        return rowByRow(c, to, n);
    }

    private static Column fromLong(LongColumn l, ArrowType to, int n) {
        ArrowType from = l.type;
        long[] v = l.values;
        if (from instanceof ArrowType.Int i && i.getIsSigned() && to instanceof ArrowType.Utf8) {
            return asText(l, to, n);
        }
        if (isInteger(from) && to instanceof ArrowType.Int t) {
            checkIntRange(l, t, n);
            return new LongColumn(to, v, n, l.nulls);
        }
        if (isInteger(from) && to instanceof ArrowType.FloatingPoint) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = v[i];
            }
            return new DoubleColumn(to, out, n, l.nulls);
        }
        int fromScale = isInteger(from) ? 0 : from instanceof ArrowType.Decimal d ? d.getScale() : -1;
        if (fromScale >= 0 && to instanceof ArrowType.Decimal t) {
            return rescale(l, fromScale, t, n);
        }
        if (from instanceof ArrowType.Decimal d && to instanceof ArrowType.FloatingPoint) {
            double[] out = new double[n];
            double div = Math.pow(10, d.getScale());
            for (int i = 0; i < n; i++) {
                out[i] = BigDecimal.valueOf(v[i], d.getScale()).doubleValue();
            }
            return new DoubleColumn(to, out, n, l.nulls);
        }
        if (from instanceof ArrowType.Decimal d && to instanceof ArrowType.Int t) {
            long[] out = new long[n];
            long factor = d.getScale() < POW10.length ? POW10[d.getScale()] : 0;
            if (factor == 0) {
                return null;
            }
            for (int i = 0; i < n; i++) {
                out[i] = roundDiv(v[i], factor);
            }
            LongColumn result = new LongColumn(to, out, n, l.nulls);
            checkIntRange(result, t, n);
            return result;
        }
        if (from instanceof ArrowType.Date && to instanceof ArrowType.Timestamp) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = v[i] * Scalars.MICROS_PER_DAY;
            }
            return new LongColumn(to, out, n, l.nulls);
        }
        if (from instanceof ArrowType.Timestamp && to instanceof ArrowType.Date) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = Math.floorDiv(v[i], Scalars.MICROS_PER_DAY);
            }
            return new LongColumn(to, out, n, l.nulls);
        }
        if (from instanceof ArrowType.Timestamp && to instanceof ArrowType.Timestamp) {
            return new LongColumn(to, v, n, l.nulls);
        }
        if (from instanceof ArrowType.Timestamp && to instanceof ArrowType.Time) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = Math.floorMod(v[i], Scalars.MICROS_PER_DAY);
            }
            return new LongColumn(to, out, n, l.nulls);
        }
        if (from instanceof ArrowType.Interval a && to instanceof ArrowType.Interval b && a.getUnit() == b.getUnit()) {
            return new LongColumn(to, v, n, l.nulls);
        }
        return null;
    }

    private static Column fromDouble(DoubleColumn d, ArrowType to, int n) {
        double[] v = d.values;
        if (to instanceof ArrowType.FloatingPoint) {
            return new DoubleColumn(to, v, n, d.nulls);
        }
        if (to instanceof ArrowType.Int t) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                if (d.isNull(i)) {
                    continue;
                }
                if (Double.isNaN(v[i]) || Double.isInfinite(v[i])) {
                    throw new ExecutionException("Cannot cast " + v[i] + " to " + sqlName(to));
                }
                double r = Math.rint(v[i]) == v[i] ? v[i] : (v[i] < 0 ? Math.ceil(v[i] - 0.5) : Math.floor(v[i] + 0.5));
                if (r >= 0x1p63 || r < -0x1p63) {
                    throw new ExecutionException("Value " + v[i] + " is out of range for " + sqlName(to));
                }
                out[i] = (long) r;
            }
            LongColumn result = new LongColumn(to, out, n, d.nulls);
            checkIntRange(result, t, n);
            return result;
        }
        return null;
    }

    private static Column rescale(LongColumn l, int fromScale, ArrowType.Decimal to, int n) {
        int diff = to.getScale() - fromScale;
        long[] v = l.values;
        if (diff == 0) {
            return checkDecimalPrecision(new LongColumn(to, v, n, l.nulls), to, n);
        }
        long[] out = new long[n];
        if (diff > 0 && diff < POW10.length) {
            long factor = POW10[diff];
            try {
                for (int i = 0; i < n; i++) {
                    out[i] = Math.multiplyExact(v[i], factor);
                }
                return checkDecimalPrecision(new LongColumn(to, out, n, l.nulls), to, n);
            } catch (ArithmeticException overflow) {
                return rowByRow(l, to, n);
            }
        }
        if (diff < 0 && -diff < POW10.length) {
            long factor = POW10[-diff];
            for (int i = 0; i < n; i++) {
                out[i] = roundDiv(v[i], factor);
            }
            return checkDecimalPrecision(new LongColumn(to, out, n, l.nulls), to, n);
        }
        return rowByRow(l, to, n);
    }

    private static Column checkDecimalPrecision(LongColumn c, ArrowType.Decimal to, int n) {
        if (to.getPrecision() >= 19) {
            return c;
        }
        long max = POW10[to.getPrecision()];
        for (int i = 0; i < n; i++) {
            if ((c.values[i] >= max || c.values[i] <= -max) && !c.isNull(i)) {
                throw new ExecutionException("Value " + BigDecimal.valueOf(c.values[i], to.getScale()).toPlainString()
                        + " does not fit DECIMAL(" + to.getPrecision() + "," + to.getScale() + ")");
            }
        }
        return c;
    }

    /** Division rounding half away from zero. */
    static long roundDiv(long value, long divisor) {
        long q = value / divisor;
        long r = value % divisor;
        if (Math.abs(r) * 2 >= divisor) {
            q += value < 0 ? -1 : 1;
        }
        return q;
    }

    private static void checkIntRange(LongColumn c, ArrowType.Int t, int n) {
        if (t.getBitWidth() == 64) {
            return;
        }
        long max = (1L << (t.getBitWidth() - 1)) - 1;
        long min = -max - 1;
        for (int i = 0; i < n; i++) {
            long v = c.values[i];
            if ((v > max || v < min) && !c.isNull(i)) {
                throw new ExecutionException("Value " + v + " is out of range for " + sqlName(t));
            }
        }
    }

    private static boolean isInteger(ArrowType t) {
        return t instanceof ArrowType.Int;
    }

    /**
     * Signed integers as decimal text, written digit by digit into one array. Row by row, each value was boxed, made
     * a String and encoded: the CPG's views build ids from text of offsets and lines, a million values per build.
     */
    private static BytesColumn asText(LongColumn l, ArrowType to, int n) {
        long[] v = l.values;
        int[] offsets = new int[n + 1];
        for (int i = 0; i < n; i++) {
            offsets[i + 1] = offsets[i] + (l.isNull(i) ? 0 : textLength(v[i]));
        }
        byte[] data = new byte[offsets[n]];
        for (int i = 0; i < n; i++) {
            if (offsets[i + 1] == offsets[i]) {
                continue;       // NULL: every number has a digit
            }
            long rest = v[i] < 0 ? v[i] : -v[i];       // negative, so that Long.MIN_VALUE has its digits too
            int at = offsets[i + 1];
            do {
                data[--at] = (byte) ('0' - rest % 10);
                rest /= 10;
            } while (rest != 0);
            if (v[i] < 0) {
                data[--at] = '-';
            }
        }
        return new BytesColumn(to, data, offsets, n, l.nulls);
    }

    /** The length of {@code value}'s decimal text, sign included. */
    private static int textLength(long value) {
        int length = value < 0 ? 2 : 1;
        for (long rest = value < 0 ? value : -value; rest <= -10; rest /= 10) {
            length++;
        }
        return length;
    }

    private static Column rowByRow(Column c, ArrowType to, int n) {
        if (PhysicalKind.of(to) == PhysicalKind.BYTES) {
            BytesColumn.Builder out = new BytesColumn.Builder(to, n, 16 * n);
            for (int i = 0; i < n; i++) {
                Object v = c.get(i);
                if (v == null) {
                    out.appendNull();
                } else if (v instanceof byte[] b) {
                    out.append(b);
                } else {
                    out.append(toText(c.type, v).getBytes(StandardCharsets.UTF_8));
                }
            }
            return out.build();
        }
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            Object v = c.get(i);
            values[i] = v == null ? null : convert(c.type, v, to);
        }
        Column objects = new ObjectColumn(to, values, n);
        return pack(objects, to, n);
    }

    /** Moves an object column into the kind's primitive column where one exists. */
    static Column pack(Column objects, ArrowType to, int n) {
        switch (PhysicalKind.of(to)) {
            case LONG -> {
                long[] out = new long[n];
                boolean[] nulls = objects.nulls;
                for (int i = 0; i < n; i++) {
                    Object v = objects.get(i);
                    if (v == null) {
                        continue;
                    }
                    if (to instanceof ArrowType.Decimal d) {
                        BigDecimal bd = (BigDecimal) v;
                        if (bd.unscaledValue().bitLength() >= 64) {
                            return objects;
                        }
                        out[i] = bd.unscaledValue().longValue();
                    } else {
                        out[i] = ((Number) v).longValue();
                    }
                }
                return new LongColumn(to, out, n, nulls);
            }
            case DOUBLE -> {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    Object v = objects.get(i);
                    out[i] = v == null ? 0 : ((Number) v).doubleValue();
                }
                return new DoubleColumn(to, out, n, objects.nulls);
            }
            case BOOL -> {
                boolean[] out = new boolean[n];
                for (int i = 0; i < n; i++) {
                    Object v = objects.get(i);
                    out[i] = v != null && (Boolean) v;
                }
                return new BoolColumn(out, n, objects.nulls);
            }
            case BYTES -> {
                BytesColumn.Builder out = new BytesColumn.Builder(to, n, 16 * n);
                for (int i = 0; i < n; i++) {
                    Object v = objects.get(i);
                    if (v == null) {
                        out.appendNull();
                    } else if (v instanceof byte[] b) {
                        out.append(b);
                    } else {
                        out.append(v.toString());
                    }
                }
                return out.build();
            }
            default -> {
                return objects;
            }
        }
    }

    /** Converts one internal value of type {@code from} to the internal value of type {@code to}. */
    public static Object convert(ArrowType from, Object v, ArrowType to) {
        if (v instanceof String s) {
            return parse(s, to);
        }
        if (v instanceof byte[] b && to instanceof ArrowType.Utf8) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return switch (to) {
            case ArrowType.Int t -> {
                long r;
                if (v instanceof BigDecimal bd) {
                    BigDecimal rounded = bd.setScale(0, RoundingMode.HALF_UP);
                    try {
                        r = rounded.longValueExact();
                    } catch (ArithmeticException e) {
                        throw new ExecutionException("Value " + bd.toPlainString() + " is out of range for " + sqlName(to));
                    }
                } else if (v instanceof Boolean b) {
                    r = b ? 1 : 0;
                } else if (v instanceof Double d) {
                    r = Math.round(d);
                } else {
                    r = ((Number) v).longValue();
                }
                yield r;
            }
            case ArrowType.FloatingPoint f -> v instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) v).doubleValue();
            case ArrowType.Decimal d -> {
                BigDecimal bd = v instanceof BigDecimal x ? x
                        : v instanceof Double x ? BigDecimal.valueOf(x)
                        : from instanceof ArrowType.Decimal fd ? BigDecimal.valueOf(((Number) v).longValue(), fd.getScale())
                        : BigDecimal.valueOf(((Number) v).longValue());
                BigDecimal scaled = bd.setScale(d.getScale(), RoundingMode.HALF_UP);
                if (scaled.precision() - scaled.scale() > d.getPrecision() - d.getScale()) {
                    throw new ExecutionException("Value " + bd.toPlainString() + " does not fit DECIMAL(" + d.getPrecision()
                            + "," + d.getScale() + ")");
                }
                yield scaled;
            }
            case ArrowType.Bool b -> v instanceof Boolean x ? x : ((Number) v).doubleValue() != 0;
            case ArrowType.Date d -> from instanceof ArrowType.Timestamp ? Math.floorDiv((Long) v, Scalars.MICROS_PER_DAY) : v;
            case ArrowType.Timestamp t -> from instanceof ArrowType.Date ? (Long) v * Scalars.MICROS_PER_DAY : v;
            case ArrowType.Utf8 u -> toText(from, v);
            default -> {
                if (from.equals(to)) {
                    yield v;
                }
                throw new ExecutionException("Cannot cast " + sqlName(from) + " to " + sqlName(to));
            }
        };
    }

    /** Parses text (trimmed) as a value of {@code to}. */
    public static Object parse(String text, ArrowType to) {
        String s = text.strip();
        try {
            return switch (to) {
                case ArrowType.Utf8 u -> text;
                case ArrowType.Binary b -> text.getBytes(StandardCharsets.UTF_8);
                case ArrowType.Int t -> {
                    try {
                        yield Long.parseLong(s);
                    } catch (NumberFormatException e) {
                        BigDecimal bd = new BigDecimal(s);
                        yield bd.setScale(0, RoundingMode.HALF_UP).longValueExact();
                    }
                }
                case ArrowType.FloatingPoint f -> parseDouble(s);
                case ArrowType.Decimal d -> convert(new ArrowType.Decimal(38, 0, 128), new BigDecimal(s), to);
                case ArrowType.Bool b -> switch (s.toLowerCase(Locale.ROOT)) {
                    case "true", "t", "yes", "y", "on", "1" -> true;
                    case "false", "f", "no", "n", "off", "0" -> false;
                    default -> throw new IllegalArgumentException(s);
                };
                case ArrowType.Date d -> LocalDate.parse(s).toEpochDay();
                case ArrowType.Time t -> LocalTime.parse(s).toNanoOfDay() / 1000L;
                case ArrowType.Timestamp t -> Scalars.toMicros(parseTimestamp(s).toInstant(java.time.ZoneOffset.UTC));
                case ArrowType.Interval iv -> iv.getUnit() == IntervalUnit.YEAR_MONTH
                        ? java.time.Period.parse(s).toTotalMonths() : java.time.Duration.parse(s).toMillis();
                default -> throw new IllegalArgumentException(s);
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new ExecutionException("Cannot cast '" + text + "' to " + sqlName(to));
        } catch (IllegalArgumentException e) {
            throw new ExecutionException("Cannot cast '" + text + "' to " + sqlName(to));
        }
    }

    private static double parseDouble(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "infinity", "+inf", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    static LocalDateTime parseTimestamp(String s) {
        String t = s.replace(' ', 'T');
        if (t.length() == 10) {
            return LocalDate.parse(t).atStartOfDay();
        }
        return LocalDateTime.parse(t);
    }

    /** SQL text of an internal value: what CAST(x AS VARCHAR) returns. */
    public static String toText(ArrowType type, Object v) {
        return switch (type) {
            case ArrowType.Bool b -> (Boolean) v ? "true" : "false";
            case ArrowType.FloatingPoint f -> formatDouble(((Number) v).doubleValue());
            case ArrowType.Decimal d -> v instanceof BigDecimal bd ? bd.toPlainString()
                    : BigDecimal.valueOf(((Number) v).longValue(), d.getScale()).toPlainString();
            case ArrowType.Date d -> LocalDate.ofEpochDay((Long) v).toString();
            case ArrowType.Timestamp t -> {
                LocalDateTime ldt = (LocalDateTime) (t.getTimezone() == null ? Scalars.toExternal(type, v)
                        : LocalDateTime.ofInstant((java.time.Instant) Scalars.toExternal(type, v), java.time.ZoneOffset.UTC));
                String text = ldt.toLocalDate() + " " + ldt.toLocalTime();
                yield ldt.getSecond() == 0 && ldt.getNano() == 0 ? text + ":00" : text;
            }
            case ArrowType.Time t -> {
                String text = Scalars.toExternal(type, v).toString();
                yield text.length() == 5 ? text + ":00" : text;
            }
            default -> String.valueOf(Scalars.toExternal(type, v));
        };
    }

    /** Shortest text that reads back to the same double, without exponent for ordinary magnitudes. */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d) + ".0";
        }
        String s = Double.toString(d);
        if (s.contains("E") && Math.abs(d) >= 1e-4 && Math.abs(d) < 1e15) {
            s = new BigDecimal(s).toPlainString();
        }
        return s;
    }

    public static String sqlName(ArrowType t) {
        return switch (t) {
            case ArrowType.Int i -> switch (i.getBitWidth()) {
                case 8 -> "TINYINT";
                case 16 -> "SMALLINT";
                case 32 -> "INTEGER";
                default -> "BIGINT";
            };
            case ArrowType.FloatingPoint f -> f.getPrecision() == org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE ? "REAL" : "DOUBLE";
            case ArrowType.Decimal d -> "DECIMAL(" + d.getPrecision() + "," + d.getScale() + ")";
            case ArrowType.Utf8 u -> "VARCHAR";
            case ArrowType.Binary b -> "VARBINARY";
            case ArrowType.Bool b -> "BOOLEAN";
            case ArrowType.Date d -> "DATE";
            case ArrowType.Time tm -> "TIME";
            case ArrowType.Timestamp ts -> ts.getTimezone() == null ? "TIMESTAMP" : "TIMESTAMP WITH TIME ZONE";
            case ArrowType.Interval iv -> iv.getUnit() == IntervalUnit.YEAR_MONTH ? "INTERVAL YEAR TO MONTH" : "INTERVAL DAY TO SECOND";
            default -> t.toString();
        };
    }
}
