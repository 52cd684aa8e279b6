package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.BytesColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * String kernels of the PostgreSQL/DuckDB function set. Lengths and positions count code points (a multi-byte UTF-8
 * character is one), as both do; a NULL argument gives NULL unless a function says otherwise.
 */
final class StringFunctions {
    private StringFunctions() {}

    private static final ArrowType INT64 = new ArrowType.Int(64, true);

    /** The kernel of {@code name} (upper case), or null when it is not a string function of this class. */
    static ScalarFunctions.Resolved resolve(String name, List<PhysicalExpr> args) {
        return switch (name) {
            case "LPAD", "RPAD" -> text(name, pad(name.equals("LPAD")), args, 0, 1);
            case "LEFT", "RIGHT" -> text(name, leftRight(name.equals("LEFT")), args, 0, 1);
            case "REPEAT" -> text(name, (s, a, i) -> {
                long times = a[1].getLong(i);
                return times <= 0 ? "" : s.repeat(Math.toIntExact(times));
            }, args, 0, 1);
            case "REVERSE" -> text(name, (s, a, i) -> new StringBuilder(s).reverse().toString(), args, 0);
            case "INITCAP" -> text(name, (s, a, i) -> initcap(s), args, 0);
            case "SPLIT_PART" -> text(name, (s, a, i) -> splitPart(s, a[1].getString(i), a[2].getLong(i)), args, 0, 2);
            case "BTRIM", "LTRIM", "RTRIM" -> text(name, trim(name), args, 0);
            case "CHR" -> text(name, (s, a, i) -> chr(a[0].getLong(i)), args, -1, 0);
            case "MD5" -> text(name, (s, a, i) -> hex("MD5", s), args, 0);
            case "SHA1" -> text(name, (s, a, i) -> hex("SHA-1", s), args, 0);
            case "SHA256" -> text(name, (s, a, i) -> hex("SHA-256", s), args, 0);
            case "OCTET_LENGTH" -> ScalarFunctions.Resolved.of(name, StringFunctions::octetLength, args);
            case "TRANSLATE", "TRANSLATE3" -> text(name, (s, a, i) -> translate(s, a[1].getString(i), a[2].getString(i)), args, 0);
            case "REGEXP_REPLACE" -> regexpReplace(args);
            case "CONCAT_WS" -> ScalarFunctions.Resolved.of(name, StringFunctions::concatWs,
                    args.stream().map(ScalarFunctions::castText).toList());
            case "STARTS_WITH" -> ScalarFunctions.Resolved.of(name, test((s, t) -> s.startsWith(t)), args);
            case "ENDS_WITH" -> ScalarFunctions.Resolved.of(name, test((s, t) -> s.endsWith(t)), args);
            case "REGEXP_LIKE", "REGEXP_MATCHES", "REGEXP_CONTAINS" -> regexpMatches(name, args);
            case "ASCII" -> ScalarFunctions.Resolved.of(name, StringFunctions::ascii, args);
            default -> null;
        };
    }

    /** One argument of a row, cast to what the kernel reads: text, or a 64-bit integer. */
    record Arg(Column column) {
        boolean isNull(int i) {
            return column.isNull(i);
        }

        String getString(int i) {
            return ((BytesColumn) column).getString(i);
        }

        long getLong(int i) {
            return ((LongColumn) column).values[i];
        }
    }

    @FunctionalInterface
    interface RowFunction {
        /** The result for row {@code i}; {@code s} is the text argument ({@code null} when the function has none). */
        String apply(String s, Arg[] args, int i);
    }

    /**
     * A text-valued kernel, NULL when any argument is NULL. Arguments are read as text except those listed in
     * {@code integerArgs} (64-bit integers); the one at {@code textIndex} (-1: none) is handed over as {@code s}.
     */
    private static ScalarFunctions.Resolved text(String name, RowFunction f, List<PhysicalExpr> args, int textIndex,
                                                 int... integerArgs) {
        List<PhysicalExpr> cast = new ArrayList<>();
        for (int k = 0; k < args.size(); k++) {
            int index = k;
            boolean integer = java.util.Arrays.stream(integerArgs).anyMatch(x -> x == index);
            cast.add(integer ? castInt(args.get(k)) : ScalarFunctions.castText(args.get(k)));
        }
        ScalarKernel kernel = (cols, n, type) -> {
            Arg[] a = new Arg[cols.length];
            for (int k = 0; k < cols.length; k++) {
                a[k] = new Arg(cols[k]);
            }
            BytesColumn.Builder out = new BytesColumn.Builder(type, n, 16 * n);
            rows:
            for (int i = 0; i < n; i++) {
                for (Arg arg : a) {
                    if (arg.isNull(i)) {
                        out.appendNull();
                        continue rows;
                    }
                }
                out.append(f.apply(textIndex < 0 ? null : a[textIndex].getString(i), a, i));
            }
            return out.build();
        };
        return ScalarFunctions.Resolved.of(name, kernel, cast);
    }

    static PhysicalExpr castInt(PhysicalExpr arg) {
        if (arg.type() instanceof ArrowType.Int i && i.getBitWidth() == 64) {
            return arg;
        }
        if (arg instanceof Literal literal) {
            return new Literal(literal.value() == null ? null : Casts.convert(literal.type(), literal.value(), INT64), INT64);
        }
        return new ScalarCall("CAST", Casts.kernel(), List.of(arg), INT64, arg.nullable());
    }

    /** LPAD/RPAD(s, length [, fill = ' ']): cut to {@code length} code points, or filled up to it. */
    private static RowFunction pad(boolean left) {
        return (s, a, i) -> {
            long length = a[1].getLong(i);
            String fill = a.length > 2 ? a[2].getString(i) : " ";
            int have = s.codePointCount(0, s.length());
            if (length <= have) {
                return length <= 0 ? "" : s.substring(0, s.offsetByCodePoints(0, (int) length));
            }
            if (fill.isEmpty()) {
                throw new ExecutionException((left ? "LPAD" : "RPAD") + " cannot fill with an empty string");
            }
            int[] fillPoints = fill.codePoints().toArray();
            StringBuilder padding = new StringBuilder();
            for (long k = 0; k < length - have; k++) {
                padding.appendCodePoint(fillPoints[(int) (k % fillPoints.length)]);
            }
            return left ? padding + s : s + padding;
        };
    }

    /** LEFT/RIGHT(s, n): the first/last n code points; a negative n drops |n| from the other end. */
    private static RowFunction leftRight(boolean left) {
        return (s, a, i) -> {
            long count = a[1].getLong(i);
            int have = s.codePointCount(0, s.length());
            long keep = count >= 0 ? Math.min(count, have) : Math.max(have + count, 0);
            return left ? s.substring(0, s.offsetByCodePoints(0, (int) keep))
                    : s.substring(s.offsetByCodePoints(0, (int) (have - keep)));
        };
    }

    /** Upper-cases the first letter of each run of letters and digits, lower-cases the rest (PostgreSQL). */
    private static String initcap(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean inWord = false;
        for (int k = 0; k < s.length(); ) {
            int cp = s.codePointAt(k);
            out.appendCodePoint(inWord ? Character.toLowerCase(cp) : Character.toUpperCase(cp));
            inWord = Character.isLetterOrDigit(cp);
            k += Character.charCount(cp);
        }
        return out.toString();
    }

    /** SPLIT_PART(s, delimiter, n): the n-th field from 1 (from the end when negative); empty past the last. */
    private static String splitPart(String s, String delimiter, long index) {
        if (index == 0) {
            throw new ExecutionException("SPLIT_PART field position must not be zero");
        }
        List<String> parts = delimiter.isEmpty() ? List.of(s) : List.of(s.split(Pattern.quote(delimiter), -1));
        long at = index > 0 ? index - 1 : parts.size() + index;
        return at < 0 || at >= parts.size() ? "" : parts.get((int) at);
    }

    /** BTRIM/LTRIM/RTRIM(s [, characters = ' ']): strips any of the characters (code points) from the end(s). */
    private static RowFunction trim(String name) {
        boolean leading = !name.equals("RTRIM");
        boolean trailing = !name.equals("LTRIM");
        return (s, a, i) -> {
            String set = a.length > 1 ? a[1].getString(i) : " ";
            int begin = 0;
            int end = s.length();
            while (leading && begin < end && set.indexOf(s.codePointAt(begin)) >= 0) {
                begin += Character.charCount(s.codePointAt(begin));
            }
            while (trailing && end > begin && set.indexOf(s.codePointBefore(end)) >= 0) {
                end -= Character.charCount(s.codePointBefore(end));
            }
            return s.substring(begin, end);
        };
    }

    private static String chr(long codePoint) {
        if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT) {
            throw new ExecutionException("CHR needs a code point between 0 and " + Character.MAX_CODE_POINT + ", got " + codePoint);
        }
        return Character.toString((int) codePoint);
    }

    /** The lower-case hex digest of the UTF-8 bytes of s. */
    private static String hex(String algorithm, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }

    /** OCTET_LENGTH(s): bytes (of the UTF-8 encoding, for text). */
    private static Column octetLength(Column[] args, int n, ArrowType type) {
        BytesColumn in = (BytesColumn) args[0];
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            if (!in.isNull(i)) {
                out[i] = in.length(i);
            }
        }
        return Casts.cast(new LongColumn(INT64, out, n, in.nulls == null ? null : in.nulls.clone()), type, n);
    }

    /** TRANSLATE(s, from, to): each code point of {@code from} becomes the one at its place in {@code to}, or goes. */
    private static String translate(String s, String from, String to) {
        int[] source = from.codePoints().toArray();
        int[] target = to.codePoints().toArray();
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            int at = -1;
            for (int k = 0; k < source.length && at < 0; k++) {
                at = source[k] == cp ? k : -1;
            }
            if (at < 0) {
                out.appendCodePoint(cp);
            } else if (at < target.length) {
                out.appendCodePoint(target[at]);
            }
        });
        return out.toString();
    }

    /**
     * REGEXP_REPLACE(s, pattern, replacement [, flags]): the first match, or every match with flag {@code g}; flag
     * {@code i} ignores case. {@code \1} in the replacement is the first group (PostgreSQL, DuckDB).
     */
    private static ScalarFunctions.Resolved regexpReplace(List<PhysicalExpr> args) {
        List<PhysicalExpr> cast = args.stream().map(ScalarFunctions::castText).toList();
        ScalarKernel kernel = (cols, n, type) -> {
            BytesColumn.Builder out = new BytesColumn.Builder(type, n, 16 * n);
            Pattern last = null;
            String lastKey = null;
            for (int i = 0; i < n; i++) {
                boolean isNull = false;
                for (Column c : cols) {
                    isNull |= c.isNull(i);
                }
                if (isNull) {
                    out.appendNull();
                    continue;
                }
                String flags = cols.length > 3 ? ((BytesColumn) cols[3]).getString(i) : "";
                String pattern = ((BytesColumn) cols[1]).getString(i);
                String key = flags + "\u0000" + pattern;
                if (!key.equals(lastKey)) {
                    last = compile(pattern, flags.contains("i"));
                    lastKey = key;
                }
                Matcher matcher = last.matcher(((BytesColumn) cols[0]).getString(i));
                String replacement = javaReplacement(((BytesColumn) cols[2]).getString(i));
                out.append(flags.contains("g") ? matcher.replaceAll(replacement) : matcher.replaceFirst(replacement));
            }
            return out.build();
        };
        return ScalarFunctions.Resolved.of("REGEXP_REPLACE", kernel, cast);
    }

    private static Pattern compile(String pattern, boolean ignoreCase) {
        try {
            return Pattern.compile(pattern, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new ExecutionException("Invalid regular expression '" + pattern + "': " + e.getDescription());
        }
    }

    /** {@code \1} to Java's {@code $1}; a literal {@code $} stays literal. */
    private static String javaReplacement(String replacement) {
        StringBuilder out = new StringBuilder(replacement.length());
        for (int k = 0; k < replacement.length(); k++) {
            char c = replacement.charAt(k);
            if (c == '\\' && k + 1 < replacement.length() && Character.isDigit(replacement.charAt(k + 1))) {
                out.append('$').append(replacement.charAt(++k));
            } else if (c == '$' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** REGEXP_MATCHES / REGEXP_LIKE(s, pattern [, flags]): whether some part of s matches (DuckDB's boolean form). */
    private static ScalarFunctions.Resolved regexpMatches(String name, List<PhysicalExpr> args) {
        List<PhysicalExpr> cast = args.stream().map(ScalarFunctions::castText).toList();
        ScalarKernel kernel = (cols, n, type) -> {
            boolean[] out = new boolean[n];
            boolean[] nulls = new boolean[n];
            for (int i = 0; i < n; i++) {
                boolean isNull = false;
                for (Column c : cols) {
                    isNull |= c.isNull(i);
                }
                if (isNull) {
                    nulls[i] = true;
                    continue;
                }
                String flags = cols.length > 2 ? ((BytesColumn) cols[2]).getString(i) : "";
                out[i] = compile(((BytesColumn) cols[1]).getString(i), flags.contains("i"))
                        .matcher(((BytesColumn) cols[0]).getString(i)).find();
            }
            return new BoolColumn(out, n, nulls);
        };
        return ScalarFunctions.Resolved.of(name, kernel, cast);
    }

    /** STARTS_WITH / ENDS_WITH. */
    private static ScalarKernel test(java.util.function.BiPredicate<String, String> predicate) {
        return (cols, n, type) -> {
            boolean[] out = new boolean[n];
            boolean[] nulls = Comparisons.mergeNulls(cols[0].nulls, cols[1].nulls, n);
            for (int i = 0; i < n; i++) {
                if (nulls == null || !nulls[i]) {
                    out[i] = predicate.test(((BytesColumn) cols[0]).getString(i), ((BytesColumn) cols[1]).getString(i));
                }
            }
            return new BoolColumn(out, n, nulls);
        };
    }

    /** ASCII(s): the code point of the first character, 0 for the empty string. */
    private static Column ascii(Column[] args, int n, ArrowType type) {
        BytesColumn in = (BytesColumn) args[0];
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            if (!in.isNull(i)) {
                String s = in.getString(i);
                out[i] = s.isEmpty() ? 0 : s.codePointAt(0);
            }
        }
        return Casts.cast(new LongColumn(INT64, out, n, in.nulls == null ? null : in.nulls.clone()), type, n);
    }

    /** CONCAT_WS(separator, values...): the non-NULL values joined; NULL only when the separator is. */
    private static Column concatWs(Column[] args, int n, ArrowType type) {
        BytesColumn.Builder out = new BytesColumn.Builder(type, n, 16 * n);
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (args[0].isNull(i)) {
                out.appendNull();
                continue;
            }
            String separator = ((BytesColumn) args[0]).getString(i);
            row.setLength(0);
            boolean first = true;
            for (int k = 1; k < args.length; k++) {
                if (!args[k].isNull(i)) {
                    row.append(first ? "" : separator).append(((BytesColumn) args[k]).getString(i));
                    first = false;
                }
            }
            out.append(row.toString());
        }
        return out.build();
    }
}
