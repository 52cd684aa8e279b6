package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.BytesColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.ObjectColumn;
import io.codeanatomy.engine.core.internal.exec.vector.DoubleColumn;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The built-in scalar functions: resolves a function call (by SQL kind and name) to a vectorized kernel and the
 * argument expressions it expects (already cast). Immutable; new functions are added in code here, user functions
 * come through the engine-ext registry.
 */
public final class ScalarFunctions {
    private ScalarFunctions() {}

    /** A resolved call: the kernel, its (possibly cast) arguments, and whether it is deterministic. */
    public record Resolved(String displayName, ScalarKernel kernel, List<PhysicalExpr> args, boolean deterministic) {
        public Resolved {
            args = List.copyOf(args);
        }

        static Resolved of(String name, ScalarKernel kernel, List<PhysicalExpr> args) {
            return new Resolved(name, kernel, args, true);
        }
    }

    /**
     * Resolves {@code name} (upper case) called with {@code args} returning {@code result}; null when unknown.
     *
     * @param kind the SQL kind name Calcite gave the call (e.g. {@code LIKE}, {@code OTHER_FUNCTION})
     */
    public static Resolved resolve(String kind, String name, List<PhysicalExpr> args, ArrowType result) {
        return switch (kind) {
            case "LIKE" -> like(name, args);
            default -> switch (name) {
                case "UPPER" -> Resolved.of(name, mapString(s -> s.toUpperCase(Locale.ROOT)), args);
                case "LOWER" -> Resolved.of(name, mapString(s -> s.toLowerCase(Locale.ROOT)), args);
                case "CHAR_LENGTH", "CHARACTER_LENGTH", "LENGTH" -> Resolved.of(name, ScalarFunctions::charLength, args);
                case "||" -> Resolved.of(name, (cols, n, type) -> concat(cols, n, type, false),
                        args.stream().map(a -> castText(a)).toList());
                // CONCAT treats NULL as the empty string (PostgreSQL, DuckDB); || gives NULL
                case "CONCAT" -> Resolved.of(name, (cols, n, type) -> concat(cols, n, type, true),
                        args.stream().map(a -> castText(a)).toList());
                case "ABS" -> Resolved.of(name, ScalarFunctions::abs, args);
                case "SUBSTRING", "SUBSTR" -> Resolved.of(name, ScalarFunctions::substring, args);
                case "POSITION", "STRPOS" -> Resolved.of(name, ScalarFunctions::position, args);
                case "REPLACE" -> Resolved.of(name, ScalarFunctions::replace, args);
                case "ROUND", "CEIL", "CEILING", "FLOOR", "TRUNC", "TRUNCATE" -> rounding(name, args, result);
                default -> {
                    Resolved resolved = StringFunctions.resolve(name, args);
                    resolved = resolved != null ? resolved : MathFunctions.resolve(name, args);
                    yield resolved != null ? resolved : TemporalFunctions.resolve(name, args);
                }
            };
        };
    }

    /**
     * SUBSTRING(s, start [, length]) in code points (bytes for binary), 1-based; a start before 1 shortens the length
     * (SQL rule). Works on the UTF-8 bytes: it finds the code points by their lead bytes and copies the slice,
     * without decoding each value into a String (which was most of TPC-H q22's filter).
     */
    private static Column substring(Column[] args, int n, ArrowType type) {
        BytesColumn in = (BytesColumn) args[0];
        boolean utf8 = in.isUtf8();
        byte[] data = in.data;
        BytesColumn.Builder out = new BytesColumn.Builder(type, n, in.offsets[n] - in.offsets[0]);
        for (int i = 0; i < n; i++) {
            if (in.isNull(i) || args[1].isNull(i) || (args.length > 2 && args[2].isNull(i))) {
                out.appendNull();
                continue;
            }
            long start = longAt(args[1], i);
            long length = args.length > 2 ? longAt(args[2], i) : Long.MAX_VALUE;
            if (length < 0) {
                throw new io.codeanatomy.engine.core.ExecutionException("SUBSTRING length must not be negative, was " + length);
            }
            long from = Math.max(start, 1);
            long to = length == Long.MAX_VALUE ? Long.MAX_VALUE : start + length;   // exclusive, 1-based
            int end = in.offsets[i + 1];
            int begin = skip(data, in.offsets[i], end, from - 1, utf8);
            if (begin >= end || to <= from) {
                out.append(data, begin, 0);
                continue;
            }
            int stop = to == Long.MAX_VALUE ? end : skip(data, begin, end, to - from, utf8);
            out.append(data, begin, stop - begin);
        }
        return out.build();
    }

    private static long longAt(Column column, int i) {
        return column instanceof LongColumn longs ? longs.values[i] : ((Number) column.get(i)).longValue();
    }

    /** The offset {@code count} code points (bytes, when not UTF-8) after {@code at}, at most {@code end}. */
    private static int skip(byte[] data, int at, int end, long count, boolean utf8) {
        if (!utf8) {
            return (int) Math.min(end, at + count);
        }
        for (long k = 0; k < count && at < end; k++) {
            int lead = data[at] & 0xFF;
            // the lead byte gives the code point's width; a stray continuation byte counts as one, as a decoder's
            // replacement character would
            at += lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        }
        return Math.min(at, end);
    }

    /** POSITION(needle IN haystack): 1-based code point index, 0 when absent. */
    private static Column position(Column[] args, int n, ArrowType type) {
        long[] out = new long[n];
        boolean[] nulls = Comparisons.mergeNulls(args[0].nulls, args[1].nulls, n);
        for (int i = 0; i < n; i++) {
            if (nulls != null && nulls[i]) {
                continue;
            }
            String needle = ((BytesColumn) args[0]).getString(i);
            String haystack = ((BytesColumn) args[1]).getString(i);
            int at = haystack.indexOf(needle);
            out[i] = at < 0 ? 0 : haystack.codePointCount(0, at) + 1;
        }
        return new LongColumn(type, out, n, nulls);
    }

    private static Column replace(Column[] args, int n, ArrowType type) {
        BytesColumn.Builder out = new BytesColumn.Builder(type, n, 16 * n);
        for (int i = 0; i < n; i++) {
            if (args[0].isNull(i) || args[1].isNull(i) || args[2].isNull(i)) {
                out.appendNull();
            } else {
                String search = ((BytesColumn) args[1]).getString(i);
                // an empty search string matches nothing (PostgreSQL, DuckDB), not between every character (Java)
                out.append(search.isEmpty() ? ((BytesColumn) args[0]).getString(i)
                        : ((BytesColumn) args[0]).getString(i).replace(search, ((BytesColumn) args[2]).getString(i)));
            }
        }
        return out.build();
    }

    /** ROUND(x [, digits]) half away from zero, CEIL, FLOOR, TRUNC (towards zero); exact for decimals. */
    private static Resolved rounding(String name, List<PhysicalExpr> args, ArrowType result) {
        java.math.RoundingMode mode = switch (name) {
            case "CEIL", "CEILING" -> java.math.RoundingMode.CEILING;
            case "FLOOR" -> java.math.RoundingMode.FLOOR;
            case "TRUNC", "TRUNCATE" -> java.math.RoundingMode.DOWN;
            default -> java.math.RoundingMode.HALF_UP;
        };
        ScalarKernel kernel = (cols, n, type) -> {
            Object[] out = new Object[n];
            for (int i = 0; i < n; i++) {
                Object v = cols[0].get(i);
                if (v == null || (cols.length > 1 && cols[1].isNull(i))) {
                    continue;
                }
                int digits = cols.length > 1 ? ((Number) cols[1].get(i)).intValue() : 0;
                out[i] = switch (v) {
                    case Double d when type instanceof ArrowType.FloatingPoint -> Double.isFinite(d)
                            ? java.math.BigDecimal.valueOf(d).setScale(digits, mode).doubleValue() : d;
                    case Number num -> {
                        java.math.BigDecimal value = num instanceof java.math.BigDecimal b ? b : new java.math.BigDecimal(num.toString());
                        java.math.BigDecimal rounded = value.setScale(digits, mode);
                        yield type instanceof ArrowType.Decimal dec ? rounded.setScale(dec.getScale(), java.math.RoundingMode.HALF_UP)
                                : type instanceof ArrowType.FloatingPoint ? (Object) rounded.doubleValue() : (Object) rounded.longValue();
                    }
                    default -> throw new io.codeanatomy.engine.core.ExecutionException(name + " needs a number, got " + v);
                };
            }
            return Casts.cast(new ObjectColumn(type, out, n), type, n);
        };
        return Resolved.of(name, kernel, args);
    }

    static PhysicalExpr castText(PhysicalExpr arg) {
        if (arg.type() instanceof ArrowType.Utf8) {
            return arg;
        }
        return new ScalarCall("CAST", Casts.kernel(), List.of(arg), ArrowType.Utf8.INSTANCE, arg.nullable());
    }

    private static ScalarKernel mapString(UnaryOperator<String> f) {
        return (args, n, type) -> {
            BytesColumn in = (BytesColumn) args[0];
            BytesColumn.Builder out = new BytesColumn.Builder(type, n, in.data.length);
            for (int i = 0; i < n; i++) {
                if (in.isNull(i)) {
                    out.appendNull();
                } else {
                    out.append(f.apply(in.getString(i)));
                }
            }
            return out.build();
        };
    }

    private static Column charLength(Column[] args, int n, ArrowType type) {
        BytesColumn in = (BytesColumn) args[0];
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            if (!in.isNull(i)) {
                out[i] = countCodePoints(in.data, in.offsets[i], in.offsets[i + 1]);
            }
        }
        return new LongColumn(type, out, n, in.nulls == null ? null : in.nulls.clone());
    }

    /** Code points in UTF-8 bytes: every byte that is not a continuation byte starts one. */
    private static int countCodePoints(byte[] data, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if ((data[i] & 0xC0) != 0x80) {
                count++;
            }
        }
        return count;
    }

    /**
     * {@code ||} and CONCAT: the arguments' UTF-8 bytes one after another (text joins as its bytes do), sized first and
     * copied into one array. Decoding every value to a String and encoding the result was a percent of a CPG build.
     */
    private static Column concat(Column[] args, int n, ArrowType type, boolean skipNulls) {
        BytesColumn[] parts = new BytesColumn[args.length];
        for (int a = 0; a < args.length; a++) {
            parts[a] = (BytesColumn) args[a];
        }
        int[] offsets = new int[n + 1];
        boolean[] nulls = null;
        for (int i = 0; i < n; i++) {
            long length = 0;
            for (BytesColumn part : parts) {
                if (part.isNull(i)) {
                    if (skipNulls) {
                        continue;
                    }
                    if (nulls == null) {
                        nulls = new boolean[n];
                    }
                    nulls[i] = true;
                    length = 0;
                    break;
                }
                length += part.offsets[i + 1] - part.offsets[i];
            }
            long end = offsets[i] + length;
            if (end > Integer.MAX_VALUE - 8) {
                throw new io.codeanatomy.engine.core.ExecutionException("The result of " + (skipNulls ? "CONCAT" : "||")
                        + " outgrew a batch's 2 GiB of text; make the batches smaller (ExecutionOptions.batchSize)");
            }
            offsets[i + 1] = (int) end;
        }
        byte[] data = new byte[offsets[n]];
        for (int i = 0; i < n; i++) {
            if (nulls != null && nulls[i]) {
                continue;
            }
            int at = offsets[i];
            for (BytesColumn part : parts) {
                if (part.isNull(i)) {
                    continue;       // only CONCAT gets here with a NULL, which it skips
                }
                int from = part.offsets[i];
                int length = part.offsets[i + 1] - from;
                System.arraycopy(part.data, from, data, at, length);
                at += length;
            }
        }
        return new BytesColumn(type, data, offsets, n, nulls);
    }

    private static Column abs(Column[] args, int n, ArrowType type) {
        return switch (args[0]) {
            case LongColumn l when !(type instanceof ArrowType.Decimal) -> {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = Math.absExact(l.values[i]);
                }
                yield new LongColumn(type, out, n, l.nulls);
            }
            case DoubleColumn d -> {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = Math.abs(d.values[i]);
                }
                yield new DoubleColumn(type, out, n, d.nulls);
            }
            default -> {
                Object[] out = new Object[n];
                for (int i = 0; i < n; i++) {
                    Object v = args[0].get(i);
                    out[i] = v == null ? null : ((java.math.BigDecimal) v).abs();
                }
                yield Casts.cast(new ObjectColumn(type, out, n), type, n);
            }
        };
    }

    private static Resolved like(String name, List<PhysicalExpr> args) {
        if (!(args.get(1) instanceof Literal pattern) || pattern.value() == null) {
            boolean ignoreCase = name.contains("ILIKE");
            return Resolved.of("LIKE", (cols, n, type) -> likeRows(cols, n, ignoreCase), args);
        }
        Character escape = args.size() > 2 && args.get(2) instanceof Literal e && e.value() != null
                ? ((String) e.value()).charAt(0) : null;
        LikeMatcher bytes = name.contains("ILIKE") ? null : LikeMatcher.compile((String) pattern.value(), escape);
        if (bytes != null) {
            return Resolved.of("LIKE", (cols, n, type) -> {
                BytesColumn in = (BytesColumn) cols[0];
                byte[] data = in.data;
                int[] offsets = in.offsets;
                boolean[] out = new boolean[n];
                for (int i = 0; i < n; i++) {
                    out[i] = bytes.matches(data, offsets[i], offsets[i + 1]);   // a NULL row's answer is masked
                }
                return new BoolColumn(out, n, in.nulls == null ? null : in.nulls.clone());
            }, List.of(args.getFirst()));
        }
        Pattern regex = likePattern((String) pattern.value(), escape, name.contains("ILIKE"));
        return Resolved.of("LIKE", (cols, n, type) -> {
            BytesColumn in = (BytesColumn) cols[0];
            boolean[] out = new boolean[n];
            for (int i = 0; i < n; i++) {
                out[i] = !in.isNull(i) && regex.matcher(in.getString(i)).matches();
            }
            return new BoolColumn(out, n, in.nulls == null ? null : in.nulls.clone());
        }, List.of(args.getFirst()));
    }

    /**
     * LIKE with a pattern that varies by row (a column, or text built from one). Each distinct pattern of the batch is
     * compiled once, to a byte matcher where it can be (one regex per row was most of the cost), and rows repeating
     * the row before's pattern skip the lookup. ILIKE's patterns are regexes that ignore case.
     */
    private static Column likeRows(Column[] cols, int n, boolean ignoreCase) {
        boolean[] out = new boolean[n];
        boolean[] nulls = new boolean[n];
        BytesColumn in = (BytesColumn) cols[0];
        BytesColumn patterns = (BytesColumn) cols[1];
        java.util.Map<LikeKey, Object> compiled = new java.util.HashMap<>();
        LikeKey previous = null;
        Object matcher = null;
        for (int i = 0; i < n; i++) {
            if (in.isNull(i) || patterns.isNull(i)) {
                nulls[i] = true;
                continue;
            }
            Character escape = cols.length > 2 && !cols[2].isNull(i) ? ((BytesColumn) cols[2]).getString(i).charAt(0) : null;
            String pattern = patterns.getString(i);
            LikeKey key = new LikeKey(pattern, escape);
            if (!key.equals(previous)) {
                matcher = compiled.computeIfAbsent(key, k -> {
                    LikeMatcher bytes = ignoreCase ? null : LikeMatcher.compile(pattern, escape);
                    return bytes != null ? bytes : likePattern(pattern, escape, ignoreCase);
                });
                previous = key;
            }
            out[i] = matcher instanceof LikeMatcher bytes ? bytes.matches(in.data, in.offsets[i], in.offsets[i + 1])
                    : ((Pattern) matcher).matcher(in.getString(i)).matches();
        }
        return new BoolColumn(out, n, nulls);
    }

    private record LikeKey(String pattern, Character escape) {}

    /** Translates a SQL LIKE pattern ({@code %}, {@code _}, optional escape) into an anchored regex. */
    public static Pattern likePattern(String pattern, Character escape, boolean caseInsensitive) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escape != null && c == escape && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL | (caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
    }
}
