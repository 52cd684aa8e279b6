package io.codeanatomy.extract.internal;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One line of a {@code .gitignore} file, compiled to a regex over paths relative to the file's directory.
 * Follows gitignore(5): {@code !} negates; a trailing {@code /} matches directories only; a pattern with a
 * {@code /} at its start or middle is anchored to its directory, otherwise it matches a name at any depth;
 * {@code *} and {@code ?} stop at {@code /}, {@code **} crosses directories; {@code [...]} is a class; {@code \}
 * escapes; trailing unescaped spaces are dropped.
 */
public record IgnoreRule(String source, Pattern regex, boolean negated, boolean directoryOnly) {

    /** The rule for one line, or empty for blank lines and comments. */
    public static Optional<IgnoreRule> parse(String line) {
        String text = stripTrailingSpaces(line);
        if (text.isEmpty() || text.startsWith("#")) {
            return Optional.empty();
        }
        boolean negated = false;
        if (text.startsWith("!")) {
            negated = true;
            text = text.substring(1);
        }
        boolean directoryOnly = false;
        if (text.endsWith("/") && !text.endsWith("\\/")) {
            directoryOnly = true;
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        // A slash anywhere but the end anchors the pattern to the .gitignore's directory.
        boolean anchored = text.indexOf('/') >= 0;
        if (text.startsWith("/")) {
            text = text.substring(1);
        }
        String body = globToRegex(text);
        String regex = anchored ? body : "(?:.*/)?" + body;
        return Optional.of(new IgnoreRule(line, Pattern.compile(regex, Pattern.DOTALL), negated, directoryOnly));
    }

    /** Whether this rule matches {@code relativePath} (relative to the rule's directory, '/'-separated). */
    public boolean matches(String relativePath, boolean isDirectory) {
        if (directoryOnly && !isDirectory) {
            return false;
        }
        return regex.matcher(relativePath).matches();
    }

    private static String stripTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\r')) {
            if (end >= 2 && line.charAt(end - 2) == '\\' && line.charAt(end - 1) == ' ') {
                break;   // "\ " keeps its space
            }
            end--;
        }
        return line.substring(0, end);   // "\\#" and "\\!" escapes are resolved by globToRegex
    }

    /** Translates gitignore glob syntax into a Java regex body. Also used for include/exclude option globs. */
    public static String globToRegex(String glob) {
        StringBuilder out = new StringBuilder();
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    boolean doubleStar = i + 1 < n && glob.charAt(i + 1) == '*';
                    boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
                    if (doubleStar && atSegmentStart && (i + 2 == n || glob.charAt(i + 2) == '/')) {
                        if (i + 2 == n) {
                            out.append(".*");            // "a/**": everything inside a
                            i += 1;
                        } else {
                            out.append("(?:.*/)?");      // "**/b" and "a/**/b": zero or more directories
                            i += 2;
                        }
                    } else if (doubleStar) {
                        out.append("[^/]*");              // "a**b" is two plain stars
                        i += 1;
                    } else {
                        out.append("[^/]*");
                    }
                }
                case '?' -> out.append("[^/]");
                case '[' -> {
                    int close = classEnd(glob, i);
                    if (close < 0) {
                        out.append("\\[");
                    } else {
                        out.append(charClass(glob.substring(i + 1, close)));
                        i = close;
                    }
                }
                case '\\' -> {
                    if (i + 1 < n) {
                        out.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    } else {
                        out.append("\\\\");
                    }
                }
                default -> out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }

    private static int classEnd(String glob, int open) {
        int i = open + 1;
        if (i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^')) {
            i++;
        }
        if (i < glob.length() && glob.charAt(i) == ']') {
            i++;   // "[]abc]": a leading ] is literal
        }
        for (; i < glob.length(); i++) {
            if (glob.charAt(i) == ']') {
                return i;
            }
        }
        return -1;
    }

    private static String charClass(String inner) {
        StringBuilder out = new StringBuilder("(?:(?!/)[");
        int start = 0;
        if (!inner.isEmpty() && (inner.charAt(0) == '!' || inner.charAt(0) == '^')) {
            out.append('^');
            start = 1;
        }
        for (int i = start; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '-' && i > start && i < inner.length() - 1) {
                out.append('-');
            } else if (Character.isLetterOrDigit(c)) {
                out.append(c);
            } else {
                out.append('\\').append(c);
            }
        }
        // Character classes never match the separator.
        return out.append("])").toString();
    }
}
