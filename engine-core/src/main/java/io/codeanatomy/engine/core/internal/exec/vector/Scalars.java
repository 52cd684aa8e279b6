package io.codeanatomy.engine.core.internal.exec.vector;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;

/**
 * The two Java representations of a SQL value.
 *
 * <p><b>Internal</b> (what {@link Column#get} returns and generic function bodies receive): Boolean; Long for every
 * integer width and for dates (days), times and timestamps (microseconds), year-month intervals (months) and
 * day-time intervals (milliseconds); Double; BigDecimal; String; byte[]; List; Map (struct, by field name).
 *
 * <p><b>External</b> (what query results hand to users, and {@code Expression.Literal} values): the natural Java type
 * of each Arrow type: Byte/Short/Integer/Long, Float/Double, BigDecimal, String, byte[], LocalDate, LocalTime,
 * LocalDateTime (timestamp without zone), Instant (timestamp with zone), Period, Duration, List, Map.
 */
public final class Scalars {
    public static final long MICROS_PER_DAY = 86_400_000_000L;
    public static final long MILLIS_PER_DAY = 86_400_000L;

    private Scalars() {}

    public static Object fromLong(ArrowType type, long v) {
        if (type instanceof ArrowType.Decimal d) {
            return BigDecimal.valueOf(v, d.getScale());
        }
        return v;
    }

    /** Internal value to external. */
    public static Object toExternal(ArrowType type, Object internal) {
        if (internal == null) {
            return null;
        }
        return switch (type) {
            case ArrowType.Int i -> switch (i.getBitWidth()) {
                case 8 -> (byte) ((Number) internal).longValue();
                case 16 -> (short) ((Number) internal).longValue();
                case 32 -> (int) ((Number) internal).longValue();
                default -> ((Number) internal).longValue();
            };
            case ArrowType.FloatingPoint f -> f.getPrecision() == org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE
                    ? (Object) ((Number) internal).floatValue() : (Object) ((Number) internal).doubleValue();
            case ArrowType.Date d -> LocalDate.ofEpochDay(((Number) internal).longValue());
            case ArrowType.Time t -> LocalTime.ofNanoOfDay(((Number) internal).longValue() * 1000L);
            case ArrowType.Timestamp ts -> {
                long micros = ((Number) internal).longValue();
                Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
                yield ts.getTimezone() == null ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : instant;
            }
            case ArrowType.Interval iv -> iv.getUnit() == IntervalUnit.YEAR_MONTH
                    ? Period.ofMonths((int) ((Number) internal).longValue()).normalized()
                    : Duration.ofMillis(((Number) internal).longValue());
            default -> internal;
        };
    }

    /** External (or loosely typed) value to internal, for a column of {@code type}. */
    public static Object toInternal(ArrowType type, Object external) {
        if (external == null) {
            return null;
        }
        return switch (type) {
            case ArrowType.Bool b -> (Boolean) external;
            case ArrowType.Int i -> ((Number) external).longValue();
            case ArrowType.FloatingPoint f -> ((Number) external).doubleValue();
            case ArrowType.Decimal d -> external instanceof BigDecimal bd ? bd
                    : external instanceof BigInteger bi ? new BigDecimal(bi)
                    : external instanceof Double || external instanceof Float ? BigDecimal.valueOf(((Number) external).doubleValue())
                    : BigDecimal.valueOf(((Number) external).longValue());
            case ArrowType.Utf8 u -> external instanceof Text t ? t.toString() : external.toString();
            case ArrowType.LargeUtf8 u -> external.toString();
            case ArrowType.Binary b -> (byte[]) external;
            case ArrowType.Date d -> switch (external) {
                case LocalDate ld -> ld.toEpochDay();
                case LocalDateTime ldt -> ldt.toLocalDate().toEpochDay();
                case Number n -> d.getUnit() == DateUnit.DAY ? n.longValue() : Math.floorDiv(n.longValue(), MILLIS_PER_DAY);
                default -> throw new IllegalArgumentException("not a date: " + external);
            };
            case ArrowType.Time t -> switch (external) {
                case LocalTime lt -> lt.toNanoOfDay() / 1000L;
                case LocalDateTime ldt -> ldt.toLocalTime().toNanoOfDay() / 1000L;
                case Number n -> toMicros(t.getUnit(), n.longValue());
                default -> throw new IllegalArgumentException("not a time: " + external);
            };
            case ArrowType.Timestamp ts -> switch (external) {
                case LocalDateTime ldt -> toMicros(ldt.toInstant(ZoneOffset.UTC));
                case Instant in -> toMicros(in);
                case LocalDate ld -> ld.toEpochDay() * MICROS_PER_DAY;
                case java.time.OffsetDateTime odt -> toMicros(odt.toInstant());
                case java.time.ZonedDateTime zdt -> toMicros(zdt.toInstant());
                case Number n -> toMicros(ts.getUnit(), n.longValue());
                default -> throw new IllegalArgumentException("not a timestamp: " + external);
            };
            case ArrowType.Interval iv -> switch (external) {
                case Period p -> p.toTotalMonths();
                case Duration dur -> dur.toMillis();
                case org.apache.arrow.vector.holders.IntervalDayHolder h -> h.days * MILLIS_PER_DAY + h.milliseconds;
                case Number n -> n.longValue();
                default -> throw new IllegalArgumentException("not an interval: " + external);
            };
            case ArrowType.List l -> {
                List<Object> out = new ArrayList<>();
                for (Object o : (List<?>) external) {
                    out.add(o instanceof Text t ? t.toString() : o);
                }
                yield out;
            }
            case ArrowType.Struct s -> {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<?, ?>) external).forEach((k, v) -> out.put(String.valueOf(k), v instanceof Text t ? t.toString() : v));
                yield out;
            }
            default -> external instanceof Text t ? t.toString() : external;
        };
    }

    public static long toMicros(TimeUnit unit, long value) {
        return switch (unit) {
            case SECOND -> value * 1_000_000L;
            case MILLISECOND -> value * 1_000L;
            case MICROSECOND -> value;
            case NANOSECOND -> Math.floorDiv(value, 1_000L);
        };
    }

    public static long toMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
