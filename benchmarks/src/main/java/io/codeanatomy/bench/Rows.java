package io.codeanatomy.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Rendering and comparing results across engines that return different Java types for the same SQL value. */
final class Rows {
    private Rows() {}

    /** NULL, numbers in plain notation, dates ISO, text without CHAR padding. */
    static String text(Object value) {
        return switch (value) {
            case null -> "null";
            case BigDecimal d -> d.toPlainString();
            case Double d -> BigDecimal.valueOf(d).toPlainString();
            case Float f -> BigDecimal.valueOf(f).toPlainString();
            default -> value.toString().strip();
        };
    }

    /**
     * Why {@code actual} differs from {@code expected}, or null when they agree: same row count and, cell by
     * cell, numbers within a cent or 1e-9 relative (averages are decimals in one engine and doubles in another)
     * and other values exactly. Unordered results are compared after sorting; ordered ones in order, and if that
     * fails, sorted again, since ties in ORDER BY may come out in any order.
     */
    static String difference(List<List<String>> expected, List<List<String>> actual, boolean ordered) {
        if (expected.size() != actual.size()) {
            return actual.size() + " rows, expected " + expected.size();
        }
        String inOrder = ordered ? firstDifference(expected, actual) : "not ordered";
        if (inOrder == null) {
            return null;
        }
        return firstDifference(sorted(expected), sorted(actual));
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Rows::sortKey));
        return copy;
    }

    private static String sortKey(List<String> row) {
        StringBuilder key = new StringBuilder();
        for (String cell : row) {
            BigDecimal number = number(cell);
            key.append(number == null ? cell : number.setScale(2, RoundingMode.HALF_UP).toPlainString()).append('\u0001');
        }
        return key.toString();
    }

    private static String firstDifference(List<List<String>> expected, List<List<String>> actual) {
        for (int r = 0; r < expected.size(); r++) {
            List<String> e = expected.get(r);
            List<String> a = actual.get(r);
            if (e.size() != a.size()) {
                return "row " + (r + 1) + " has " + a.size() + " columns, expected " + e.size();
            }
            for (int c = 0; c < e.size(); c++) {
                if (!same(e.get(c), a.get(c))) {
                    return "row " + (r + 1) + " column " + (c + 1) + ": " + a.get(c) + ", expected " + e.get(c);
                }
            }
        }
        return null;
    }

    static boolean same(String expected, String actual) {
        BigDecimal e = number(expected);
        BigDecimal a = number(actual);
        if (e == null || a == null) {
            return expected.equals(actual);
        }
        BigDecimal diff = e.subtract(a).abs();
        return diff.compareTo(new BigDecimal("0.01")) <= 0
                || diff.compareTo(e.abs().multiply(new BigDecimal("1e-9"))) <= 0;
    }

    private static BigDecimal number(String text) {
        if (text.isEmpty() || !(Character.isDigit(text.charAt(0)) || text.charAt(0) == '-')) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException notANumber) {
            return null; // dates start with a digit too
        }
    }
}
