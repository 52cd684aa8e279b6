package io.codeanatomy.engine.ext.internal;

import java.util.Locale;

/** What a column number counts within its line. */
public enum ColumnUnit {
    /** UTF-8 bytes. */
    BYTE,
    /** UTF-16 code units (what Java, JavaScript and the Language Server Protocol count). */
    UTF16,
    /** Unicode code points (what Python counts). */
    CODEPOINT;

    /** Parses the SQL spelling: {@code byte}, {@code utf16}, {@code codepoint} (case-insensitive, plural and dash allowed). */
    public static ColumnUnit parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "byte", "bytes", "utf8", "utf-8" -> BYTE;
            case "utf16", "utf-16" -> UTF16;
            case "codepoint", "codepoints", "code_point", "char", "chars" -> CODEPOINT;
            default -> throw new IllegalArgumentException("Unknown column unit '" + text + "'; use 'byte', 'utf16' or 'codepoint'");
        };
    }
}
