package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Scalars;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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
                    case "EPOCH" -> t.toEpochSecond(ZoneOffset.UTC);
                    default -> throw new ExecutionException("EXTRACT(" + unit + ") is not supported");
                };
            }
            return new LongColumn(resultType, out, n, in.nulls == null ? null : in.nulls.clone());
        };
    }

}
