package io.codeanatomy.conformance.slt;

import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a file of SQLite's sqllogictest suite against a session: {@code statement ok|error}, {@code query <types>
 * <sort> [label]} with expected values (or "N values hashing to MD5"), {@code skipif}/{@code onlyif}, {@code halt}
 * and {@code hash-threshold}. Values are formatted as the suite's reference runner does: NULL, (empty), integers,
 * reals with three decimals, text with unprintable characters replaced by '@'.
 */
public final class SltRunner {
    /** The name this engine answers to in {@code skipif} / {@code onlyif}. */
    public static final String ENGINE = "codeanatomy";

    /** Counts per outcome, and the first failures (for the report). */
    public record Result(int passed, int failed, int skipped, Map<String, Integer> failureKinds, List<String> examples) {}

    private final Session session;
    private int hashThreshold = 8;
    private int passed;
    private int failed;
    private int skipped;
    private final Map<String, Integer> failureKinds = new LinkedHashMap<>();
    private final List<String> examples = new ArrayList<>();

    public SltRunner(Session session) {
        this.session = session;
    }

    public Result run(BufferedReader in) throws IOException {
        List<String> block = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                if (!block.isEmpty() && !record(block)) {
                    break;
                }
                block.clear();
            } else if (!line.startsWith("#")) {
                block.add(line);
            }
        }
        if (!block.isEmpty()) {
            record(block);
        }
        return new Result(passed, failed, skipped, failureKinds, examples);
    }

    /** Runs one record; false at {@code halt}. */
    private boolean record(List<String> lines) {
        int i = 0;
        boolean skip = false;
        while (i < lines.size() && (lines.get(i).startsWith("skipif ") || lines.get(i).startsWith("onlyif "))) {
            String[] parts = lines.get(i).split("\\s+");
            boolean us = parts[1].equals(ENGINE);
            skip |= parts[0].equals("skipif") == us;
            i++;
        }
        if (i >= lines.size()) {
            return true;
        }
        String head = lines.get(i);
        if (head.equals("halt")) {
            return skip;
        }
        if (head.startsWith("hash-threshold")) {
            hashThreshold = Integer.parseInt(head.split("\\s+")[1]);
            return true;
        }
        if (skip) {
            skipped++;
            return true;
        }
        if (head.startsWith("statement")) {
            String sql = String.join("\n", lines.subList(i + 1, lines.size()));
            boolean expectError = head.contains("error");
            try {
                session.execute(sql);
                outcome(!expectError, "statement should have failed", sql);
            } catch (RuntimeException e) {
                outcome(expectError, kind(e), sql + "\n  -> " + e.getMessage());
            }
            return true;
        }
        if (head.startsWith("query")) {
            query(head, lines.subList(i + 1, lines.size()));
            return true;
        }
        skipped++;
        return true;
    }

    private void query(String head, List<String> rest) {
        String[] parts = head.split("\\s+");
        String types = parts[1];
        String sort = parts.length > 2 ? parts[2] : "nosort";
        int separator = rest.indexOf("----");
        String sql = String.join("\n", separator < 0 ? rest : rest.subList(0, separator));
        List<String> expected = separator < 0 ? List.of() : rest.subList(separator + 1, rest.size());
        List<List<String>> rows = new ArrayList<>();
        if (System.getenv("SLT_TRACE") != null) {
            System.out.println("QUERY " + sql.replace('\n', ' '));
            System.out.flush();
        }
        try (QueryResult result = session.sql(sql).collect()) {
            for (List<Object> row : result.rows()) {
                List<String> values = new ArrayList<>();
                for (int c = 0; c < row.size(); c++) {
                    values.add(format(row.get(c), c < types.length() ? types.charAt(c) : 'T'));
                }
                rows.add(values);
            }
        } catch (RuntimeException e) {
            outcome(false, kind(e), sql + "\n  -> " + e.getMessage());
            return;
        }
        List<String> values = new ArrayList<>();
        switch (sort) {
            case "rowsort" -> {
                rows.sort((a, b) -> String.join(" ", a).compareTo(String.join(" ", b)));
                rows.forEach(values::addAll);
            }
            case "valuesort" -> {
                rows.forEach(values::addAll);
                values.sort(String::compareTo);
            }
            default -> rows.forEach(values::addAll);
        }
        List<String> actual = values;
        if (!expected.isEmpty() && expected.getFirst().matches("\\d+ values hashing to [0-9a-f]+")) {
            actual = List.of(values.size() + " values hashing to " + md5(values));
        } else if (values.size() > hashThreshold && hashThreshold > 0 && expected.size() == 1
                && expected.getFirst().contains("hashing")) {
            actual = List.of(values.size() + " values hashing to " + md5(values));
        }
        // the suite writes one value per line (a text value may contain spaces)
        outcome(actual.equals(expected), "wrong result", sql + "\n  expected " + abbreviate(expected) + "\n  got " + abbreviate(actual));
    }

    private static String abbreviate(List<String> values) {
        return values.size() > 10 ? values.subList(0, 10) + "... (" + values.size() + ")" : values.toString();
    }

    private void outcome(boolean ok, String kind, String detail) {
        if (ok) {
            passed++;
            return;
        }
        failed++;
        failureKinds.merge(kind, 1, Integer::sum);
        if (examples.size() < 15) {
            examples.add(detail);
        }
    }

    private static String kind(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        int cut = message.indexOf(':');
        String prefix = e.getClass().getSimpleName() + ": " + (cut > 0 && cut < 80 ? message.substring(0, cut) : message);
        return prefix.length() > 120 ? prefix.substring(0, 120) : prefix;
    }

    static String format(Object value, char type) {
        if (value == null) {
            return "NULL";
        }
        return switch (type) {
            case 'I' -> value instanceof Number n ? Long.toString(toBigDecimal(n).longValue())
                    : value instanceof Boolean b ? (b ? "1" : "0") : integerOf(value.toString());
            case 'R' -> value instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : value.toString();
            default -> text(value);
        };
    }

    private static BigDecimal toBigDecimal(Number n) {
        return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
    }

    private static String integerOf(String text) {
        try {
            return Long.toString(new BigDecimal(text.strip()).longValue());
        } catch (NumberFormatException e) {
            return "0"; // SQLite reads a non-numeric string as 0 in an integer column
        }
    }

    private static String text(Object value) {
        String s = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        if (s.isEmpty()) {
            return "(empty)";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(c < ' ' || c > '~' ? '@' : c);
        }
        return out.toString();
    }

    static String md5(List<String> values) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            for (String v : values) {
                digest.update(v.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
