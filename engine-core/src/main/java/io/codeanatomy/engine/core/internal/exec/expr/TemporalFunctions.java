package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.BytesColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Scalars;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Date and time kernels over the internal representation (dates as epoch days, timestamps as epoch microseconds,
 * year-month intervals as months, day-time intervals as milliseconds). Month arithmetic clamps to the end of month,
 * as SQL requires ({@code DATE '2024-01-31' + INTERVAL '1' MONTH = DATE '2024-02-29'}).
 */
public final class TemporalFunctions {
    private TemporalFunctions() {}

    /** {@code datetime ± interval} (either order for +); {@code sign} is +1 or -1. */
    public static ScalarKernel plusInterval(int sign, boolean intervalFirst) {
        return (args, n, resultType) -> {
            LongColumn datetime = (LongColumn) args[intervalFirst ? 1 : 0];
            LongColumn interval = (LongColumn) args[intervalFirst ? 0 : 1];
            boolean months = ((ArrowType.Interval) interval.type).getUnit() == IntervalUnit.YEAR_MONTH;
            boolean isDate = datetime.type instanceof ArrowType.Date;
            long[] out = new long[n];
            boolean[] nulls = Comparisons.mergeNulls(datetime.nulls, interval.nulls, n);
            for (int i = 0; i < n; i++) {
                if (nulls != null && nulls[i]) {
                    continue;
                }
                long d = datetime.values[i];
                long v = sign * interval.values[i];
                if (months) {
                    out[i] = isDate ? LocalDate.ofEpochDay(d).plusMonths(v).toEpochDay()
                            : Scalars.toMicros(toDateTime(d).plusMonths(v).toInstant(ZoneOffset.UTC)) + Math.floorMod(d, 1000L);
                } else if (isDate) {
                    out[i] = d + Math.floorDiv(v, Scalars.MILLIS_PER_DAY);
                } else {
                    out[i] = d + v * 1000L;
                }
            }
            return new LongColumn(resultType, out, n, nulls);
        };
    }

    private static LocalDateTime toDateTime(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000,
                ZoneOffset.UTC);
    }

    /** EXTRACT(unit FROM date or timestamp) as BIGINT. */
    public static ScalarKernel extract(String unit) {
        return (args, n, resultType) -> {
            LongColumn in = (LongColumn) args[0];
            boolean isDate = in.type instanceof ArrowType.Date;
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                if (in.isNull(i)) {
                    continue;
                }
                LocalDateTime t = isDate ? LocalDate.ofEpochDay(in.values[i]).atStartOfDay() : toDateTime(in.values[i]);
                out[i] = switch (unit) {
                    case "YEAR" -> t.getYear();
                    case "QUARTER" -> (t.getMonthValue() - 1) / 3 + 1;
                    case "MONTH" -> t.getMonthValue();
                    case "WEEK" -> t.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                    case "DAY" -> t.getDayOfMonth();
                    case "DOW" -> t.getDayOfWeek().getValue() % 7;
                    case "DOY" -> t.getDayOfYear();
                    case "HOUR" -> t.getHour();
                    case "MINUTE" -> t.getMinute();
                    case "SECOND" -> t.getSecond();
                    case "MILLISECOND" -> t.getSecond() * 1000L + t.getNano() / 1_000_000;
                    case "MICROSECOND" -> t.getSecond() * 1_000_000L + t.getNano() / 1000;
                    case "ISODOW" -> t.getDayOfWeek().getValue();
                    case "ISOYEAR" -> t.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR);
                    case "DECADE" -> Math.floorDiv(t.getYear(), 10);
                    case "CENTURY" -> t.getYear() > 0 ? (t.getYear() + 99) / 100 : -((99 - t.getYear()) / 100);
                    case "MILLENNIUM" -> t.getYear() > 0 ? (t.getYear() + 999) / 1000 : -((999 - t.getYear()) / 1000);
                    case "EPOCH" -> t.toEpochSecond(ZoneOffset.UTC);
                    default -> throw new ExecutionException("EXTRACT(" + unit + ") is not supported");
                };
            }
            return new LongColumn(resultType, out, n, in.nulls == null ? null : in.nulls.clone());
        };
    }

    /** The kernel of {@code name} (upper case), or null when it is not a date function of this class. */
    static ScalarFunctions.Resolved resolve(String name, List<PhysicalExpr> args) {
        return switch (name) {
            case "DATE_TRUNC" -> ScalarFunctions.Resolved.of(name, TemporalFunctions::dateTrunc,
                    List.of(ScalarFunctions.castText(args.get(0)), args.get(1)));
            case "DATE_DIFF", "DATEDIFF" -> ScalarFunctions.Resolved.of(name, TemporalFunctions::dateDiff,
                    List.of(ScalarFunctions.castText(args.get(0)), args.get(1), args.get(2)));
            case "MAKE_DATE" -> ScalarFunctions.Resolved.of(name, TemporalFunctions::makeDate,
                    args.stream().map(StringFunctions::castInt).toList());
            // the time of the call, in UTC like every time value of the engine; not folded into the plan (plans are reused)
            case "CURRENT_DATE", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "NOW" -> new ScalarFunctions.Resolved(name, (cols, n, type) -> {
                long micros = Scalars.toMicros(java.time.Instant.now());
                long value = type instanceof ArrowType.Date ? Math.floorDiv(micros, Scalars.MILLIS_PER_DAY * 1000L) : micros;
                long[] out = new long[n];
                java.util.Arrays.fill(out, value);
                return new LongColumn(type, out, n, null);
            }, List.of(), false);
            default -> null;
        };
    }

    /** Epoch microseconds of a date (epoch days) or timestamp (epoch microseconds) value. */
    private static long micros(LongColumn column, int i) {
        return column.type instanceof ArrowType.Date ? column.values[i] * Scalars.MILLIS_PER_DAY * 1000L : column.values[i];
    }

    /** DATE_TRUNC(unit, date or timestamp) as a timestamp (PostgreSQL, DuckDB): the start of its year ... second. */
    private static Column dateTrunc(Column[] args, int n, ArrowType type) {
        BytesColumn units = (BytesColumn) args[0];
        LongColumn in = (LongColumn) args[1];
        long[] out = new long[n];
        boolean[] nulls = Comparisons.mergeNulls(units.nulls, in.nulls, n);
        for (int i = 0; i < n; i++) {
            if (nulls != null && nulls[i]) {
                continue;
            }
            long micros = micros(in, i);
            LocalDateTime t = toDateTime(micros);
            LocalDate d = t.toLocalDate();
            out[i] = switch (units.getString(i).toLowerCase(Locale.ROOT)) {
                case "millennium" -> startOf(LocalDate.of(Math.floorDiv(d.getYear() - 1, 1000) * 1000 + 1, 1, 1));
                case "century" -> startOf(LocalDate.of(Math.floorDiv(d.getYear() - 1, 100) * 100 + 1, 1, 1));
                case "decade" -> startOf(LocalDate.of(Math.floorDiv(d.getYear(), 10) * 10, 1, 1));
                case "year" -> startOf(d.withDayOfYear(1));
                case "quarter" -> startOf(LocalDate.of(d.getYear(), (d.getMonthValue() - 1) / 3 * 3 + 1, 1));
                case "month" -> startOf(d.withDayOfMonth(1));
                case "week" -> startOf(d.minusDays(d.getDayOfWeek().getValue() - 1));
                case "day" -> startOf(d);
                case "hour" -> Math.floorDiv(micros, 3_600_000_000L) * 3_600_000_000L;
                case "minute" -> Math.floorDiv(micros, 60_000_000L) * 60_000_000L;
                case "second" -> Math.floorDiv(micros, 1_000_000L) * 1_000_000L;
                case "millisecond", "milliseconds" -> Math.floorDiv(micros, 1000L) * 1000L;
                case "microsecond", "microseconds" -> micros;
                default -> throw new ExecutionException("DATE_TRUNC does not know the unit '" + units.getString(i)
                        + "'; use millennium, century, decade, year, quarter, month, week, day, hour, minute, second, "
                        + "millisecond or microsecond");
            };
        }
        return new LongColumn(type, out, n, nulls);
    }

    private static long startOf(LocalDate date) {
        return date.toEpochDay() * Scalars.MILLIS_PER_DAY * 1000L;
    }

    /**
     * DATE_DIFF(unit, start, end): how many unit boundaries lie between the two (DuckDB): calendar years, quarters and
     * months; days, hours, ... on the time line (a date is its midnight).
     */
    private static Column dateDiff(Column[] args, int n, ArrowType type) {
        BytesColumn units = (BytesColumn) args[0];
        LongColumn from = (LongColumn) args[1];
        LongColumn to = (LongColumn) args[2];
        long[] out = new long[n];
        boolean[] nulls = Comparisons.mergeNulls(Comparisons.mergeNulls(units.nulls, from.nulls, n), to.nulls, n);
        for (int i = 0; i < n; i++) {
            if (nulls != null && nulls[i]) {
                continue;
            }
            long a = micros(from, i);
            long b = micros(to, i);
            LocalDate x = toDateTime(a).toLocalDate();
            LocalDate y = toDateTime(b).toLocalDate();
            out[i] = switch (units.getString(i).toLowerCase(Locale.ROOT)) {
                case "year", "years" -> y.getYear() - x.getYear();
                case "quarter", "quarters" -> (y.getYear() * 4L + (y.getMonthValue() - 1) / 3) - (x.getYear() * 4L + (x.getMonthValue() - 1) / 3);
                case "month", "months" -> (y.getYear() * 12L + y.getMonthValue()) - (x.getYear() * 12L + x.getMonthValue());
                case "day", "days" -> y.toEpochDay() - x.toEpochDay();
                case "hour", "hours" -> Math.floorDiv(b, 3_600_000_000L) - Math.floorDiv(a, 3_600_000_000L);
                case "minute", "minutes" -> Math.floorDiv(b, 60_000_000L) - Math.floorDiv(a, 60_000_000L);
                case "second", "seconds" -> Math.floorDiv(b, 1_000_000L) - Math.floorDiv(a, 1_000_000L);
                case "millisecond", "milliseconds" -> Math.floorDiv(b, 1000L) - Math.floorDiv(a, 1000L);
                case "microsecond", "microseconds" -> b - a;
                default -> throw new ExecutionException("DATE_DIFF does not know the unit '" + units.getString(i)
                        + "'; use year, quarter, month, day, hour, minute, second, millisecond or microsecond");
            };
        }
        return new LongColumn(type, out, n, nulls);
    }

    /** MAKE_DATE(year, month, day). */
    private static Column makeDate(Column[] args, int n, ArrowType type) {
        LongColumn year = (LongColumn) args[0];
        LongColumn month = (LongColumn) args[1];
        LongColumn day = (LongColumn) args[2];
        long[] out = new long[n];
        boolean[] nulls = Comparisons.mergeNulls(Comparisons.mergeNulls(year.nulls, month.nulls, n), day.nulls, n);
        for (int i = 0; i < n; i++) {
            if (nulls != null && nulls[i]) {
                continue;
            }
            try {
                out[i] = LocalDate.of(Math.toIntExact(year.values[i]), Math.toIntExact(month.values[i]),
                        Math.toIntExact(day.values[i])).toEpochDay();
            } catch (java.time.DateTimeException | ArithmeticException e) {
                throw new ExecutionException("MAKE_DATE(" + year.values[i] + ", " + month.values[i] + ", " + day.values[i]
                        + ") is not a date: " + e.getMessage());
            }
        }
        return new LongColumn(type, out, n, nulls);
    }
}
