package io.codeanatomy.engine.ext;

import io.codeanatomy.engine.ext.internal.ColumnUnit;
import io.codeanatomy.engine.ext.internal.LineTable;
import java.util.Objects;

/**
 * Lines and columns of byte offsets in one UTF-8 text, with exactly the rules of {@code canonicalize_byte_span} (lines
 * end at LF, CRLF or a lone CR; an offset inside a multi-byte character counts as its start). This is the bulk form for
 * Java code that holds the text already, such as an extractor: mapping every span of a file through SQL means joining
 * each span with its file's {@code line_index}, which copies the index once per span (gigabytes for a standard
 * library), while one instance per file scans the text once and answers each offset with two binary searches.
 *
 * <p>Lines and columns are 1-based here; columns count Unicode code points (Python's unit; UTF-16 and bytes through
 * {@link #column(long, Unit)}). Immutable, so one instance may serve several threads.
 *
 * @since 0.1
 */
public final class SpanPositions {
    /** What a column counts within its line. */
    public enum Unit { BYTE, UTF16, CODEPOINT }

    private final LineTable table;

    private SpanPositions(LineTable table) {
        this.table = table;
    }

    /** The positions of {@code utf8}, scanned once. The array is not kept. */
    public static SpanPositions of(byte[] utf8) {
        Objects.requireNonNull(utf8, "utf8");
        return new SpanPositions(LineTable.scan(utf8, 0, utf8.length));
    }

    /** The text's length in bytes: offsets from 0 to this length (inclusive) are valid. */
    public long textLength() {
        return table.textLength();
    }

    /** The 1-based line of {@code offset}. */
    public int line(long offset) {
        return table.lineOf(check(offset)) + 1;
    }

    /** The 1-based column of {@code offset} in code points. */
    public long column(long offset) {
        return column(offset, Unit.CODEPOINT);
    }

    /** The 1-based column of {@code offset} in {@code unit}. */
    public long column(long offset, Unit unit) {
        int line = table.lineOf(check(offset));
        ColumnUnit columnUnit = switch (unit) {
            case BYTE -> ColumnUnit.BYTE;
            case UTF16 -> ColumnUnit.UTF16;
            case CODEPOINT -> ColumnUnit.CODEPOINT;
        };
        return table.columnOf(offset, line, columnUnit) + 1;
    }

    private long check(long offset) {
        if (offset < 0 || offset > table.textLength()) {
            throw new IllegalArgumentException("offset " + offset + " is outside the text [0, " + table.textLength() + "]");
        }
        return offset;
    }
}
