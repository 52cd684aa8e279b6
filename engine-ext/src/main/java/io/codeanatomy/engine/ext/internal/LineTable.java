package io.codeanatomy.engine.ext.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Where the lines of one UTF-8 text start, plus where its multi-byte characters are, so that a byte offset maps to a
 * (line, column) in any {@link ColumnUnit} by two binary searches, without the text.
 *
 * <p>Lines end at {@code \n}, {@code \r\n} or a lone {@code \r}. Every well-formed multi-byte UTF-8 sequence is one
 * character; any other byte (including each byte of a malformed sequence) counts as one character of one UTF-16 unit.
 * For each multi-byte character the table keeps its start and the running "excess" (bytes minus UTF-16 units, bytes
 * minus code points) up to and including it.
 *
 * <p>Encoded form ({@code line_index} values), little-endian: magic {@code "LIX1"}, int64 text length, int32 line
 * count, int32 multi-byte character count, then the line starts (int64 each), then per multi-byte character its start,
 * cumulative UTF-16 excess and cumulative code point excess (three int64).
 */
public sealed interface LineTable permits LineTable.InMemory, LineTable.Encoded {
    int MAGIC = 0x3158494C; // "LIX1" read little-endian
    int HEADER_BYTES = 20;

    long textLength();

    int lineCount();

    long lineStart(int line);

    int multiCount();

    long multiStart(int index);

    long cumUtf16Excess(int index);

    long cumCodePointExcess(int index);

    /** The 0-based line holding {@code offset} ({@code 0 <= offset <= textLength()}). */
    default int lineOf(long offset) {
        int lo = 0;
        int hi = lineCount() - 1;
        while (lo < hi) { // last line whose start <= offset
            int mid = (lo + hi + 1) >>> 1;
            if (lineStart(mid) <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * The 0-based column of {@code offset} on {@code line}. An offset inside a multi-byte character counts as that
     * character's start.
     */
    default long columnOf(long offset, int line, ColumnUnit unit) {
        long start = lineStart(line);
        if (unit == ColumnUnit.BYTE || multiCount() == 0) {
            return offset - start;
        }
        int j = lastMultiBefore(offset);
        long at = offset;
        long excess = 0;
        if (j >= 0) {
            long previousCp = j == 0 ? 0 : cumCodePointExcess(j - 1);
            long length = cumCodePointExcess(j) - previousCp + 1;
            if (multiStart(j) + length > offset) { // inside character j: snap back to its start
                at = multiStart(j);
                j--;
            }
            excess = j < 0 ? 0 : excess(j, unit);
        }
        int k = lastMultiBefore(start); // no character straddles a line start: line breaks are single bytes
        long excessBeforeLine = k < 0 ? 0 : excess(k, unit);
        return (at - start) - (excess - excessBeforeLine);
    }

    private long excess(int index, ColumnUnit unit) {
        return unit == ColumnUnit.UTF16 ? cumUtf16Excess(index) : cumCodePointExcess(index);
    }

    /** Index of the last multi-byte character starting before {@code offset}, or -1. */
    private int lastMultiBefore(long offset) {
        int lo = 0;
        int hi = multiCount() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (multiStart(mid) < offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Scans {@code length} bytes of {@code text} from {@code from}: the one pass over a file's text. */
    public static InMemory scan(byte[] text, int from, int length) {
        LongList lines = new LongList(16);
        LongList multi = new LongList(0);
        lines.add(0);
        long utf16 = 0;
        long cp = 0;
        int end = from + length;
        int i = from;
        while (i < end) {
            int b = text[i] & 0xFF;
            if (b < 0x80) {
                if (b == '\n') {
                    lines.add(i + 1 - from);
                } else if (b == '\r') {
                    if (i + 1 < end && text[i + 1] == '\n') {
                        i++;
                    }
                    lines.add(i + 1 - from);
                }
                i++;
                continue;
            }
            int n = sequenceLength(text, i, end);
            if (n <= 1) {
                i++; // malformed byte: one character of one unit, no entry
                continue;
            }
            utf16 += n == 4 ? 2 : n - 1;
            cp += n - 1;
            multi.add(i - from);
            multi.add(utf16);
            multi.add(cp);
            i += n;
        }
        return new InMemory(length, lines.toArray(), multi.toArray());
    }

    /** Length of the well-formed UTF-8 sequence at {@code i} (Unicode table 3-7), or 1 when it is malformed. */
    private static int sequenceLength(byte[] t, int i, int end) {
        int b0 = t[i] & 0xFF;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3;
            if (b0 == 0xE0) {
                lo = 0xA0;
            } else if (b0 == 0xED) {
                hi = 0x9F; // no surrogates
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 1;
        }
        if (i + n > end) {
            return 1;
        }
        int b1 = t[i + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            return 1;
        }
        for (int k = 2; k < n; k++) {
            if ((t[i + k] & 0xC0) != 0x80) {
                return 1;
            }
        }
        return n;
    }

    /** A table built by {@link #scan}; {@code multi} holds (start, cumUtf16, cumCp) triples. */
    record InMemory(long textLength, long[] lineStarts, long[] multi) implements LineTable {
        @Override
        public int lineCount() {
            return lineStarts.length;
        }

        @Override
        public long lineStart(int line) {
            return lineStarts[line];
        }

        @Override
        public int multiCount() {
            return multi.length / 3;
        }

        @Override
        public long multiStart(int index) {
            return multi[3 * index];
        }

        @Override
        public long cumUtf16Excess(int index) {
            return multi[3 * index + 1];
        }

        @Override
        public long cumCodePointExcess(int index) {
            return multi[3 * index + 2];
        }

        /** The {@code line_index} encoding of this table. */
        public byte[] encode() {
            ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + 8 * (lineStarts.length + multi.length)).order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(MAGIC).putLong(textLength).putInt(lineStarts.length).putInt(multi.length / 3);
            for (long v : lineStarts) {
                out.putLong(v);
            }
            for (long v : multi) {
                out.putLong(v);
            }
            return out.array();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof InMemory other && textLength == other.textLength && Arrays.equals(lineStarts, other.lineStarts)
                    && Arrays.equals(multi, other.multi);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(textLength) * 31 + Arrays.hashCode(lineStarts);
        }

        @Override
        public String toString() {
            return "LineTable[" + textLength + " bytes, " + lineStarts.length + " lines, " + multiCount() + " multi-byte]";
        }
    }

    /** A {@code line_index} value read in place from an Arrow buffer: nothing is decoded or copied. */
    final class Encoded implements LineTable {
        private final ArrowBuf buffer;
        private final long base;
        private final long textLength;
        private final int lineCount;
        private final int multiCount;
        private final long multiBase;

        /** Reads the value at {@code [start, end)} of {@code buffer}; borrowed, valid while the buffer is. */
        public Encoded(ArrowBuf buffer, long start, long end) {
            long size = end - start;
            if (size < HEADER_BYTES || buffer.getInt(start) != MAGIC) {
                throw notAnIndex(size);
            }
            this.buffer = buffer;
            this.textLength = buffer.getLong(start + 4);
            this.lineCount = buffer.getInt(start + 12);
            this.multiCount = buffer.getInt(start + 16);
            this.base = start + HEADER_BYTES;
            this.multiBase = base + 8L * lineCount;
            if (lineCount < 1 || multiCount < 0 || size != HEADER_BYTES + 8L * lineCount + 24L * multiCount) {
                throw notAnIndex(size);
            }
        }

        private static IllegalArgumentException notAnIndex(long size) {
            return new IllegalArgumentException("A binary value of " + size + " bytes is not a line_index value; "
                    + "pass the text or the result of line_index(text)");
        }

        @Override
        public long textLength() {
            return textLength;
        }

        @Override
        public int lineCount() {
            return lineCount;
        }

        @Override
        public long lineStart(int line) {
            return buffer.getLong(base + 8L * line);
        }

        @Override
        public int multiCount() {
            return multiCount;
        }

        @Override
        public long multiStart(int index) {
            return buffer.getLong(multiBase + 24L * index);
        }

        @Override
        public long cumUtf16Excess(int index) {
            return buffer.getLong(multiBase + 24L * index + 8);
        }

        @Override
        public long cumCodePointExcess(int index) {
            return buffer.getLong(multiBase + 24L * index + 16);
        }
    }

    /** Convenience for tests and Java callers. */
    static InMemory of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return scan(bytes, 0, bytes.length);
    }
}
