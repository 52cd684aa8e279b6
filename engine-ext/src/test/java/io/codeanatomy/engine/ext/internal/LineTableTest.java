package io.codeanatomy.engine.ext.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

class LineTableTest {
    /** Expected (line, byte col, utf16 col, codepoint col) for every character boundary, computed from Java's decoder. */
    private record Position(long offset, int line, long byteCol, long utf16Col, long cpCol) {}

    private static List<Position> reference(String text) {
        List<Position> out = new ArrayList<>();
        long offset = 0;
        int line = 0;
        long lineStart = 0;
        long u16 = 0;
        long cp = 0;
        int i = 0;
        while (true) {
            out.add(new Position(offset, line, offset - lineStart, u16, cp));
            if (i >= text.length()) {
                return out;
            }
            int c = text.codePointAt(i);
            int chars = Character.charCount(c);
            offset += new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            i += chars;
            u16 += chars;
            cp++;
            boolean crBeforeLf = c == '\r' && i < text.length() && text.charAt(i) == '\n';
            if (c == '\n' || (c == '\r' && !crBeforeLf)) {
                line++;
                lineStart = offset;
                u16 = 0;
                cp = 0;
            }
        }
    }

    private static void assertMatchesReference(String text) {
        LineTable.InMemory table = LineTable.of(text);
        for (Position p : reference(text)) {
            int line = table.lineOf(p.offset());
            assertThat(line).as("line of %d in %s", p.offset(), text).isEqualTo(p.line());
            assertThat(table.columnOf(p.offset(), line, ColumnUnit.BYTE)).isEqualTo(p.byteCol());
            assertThat(table.columnOf(p.offset(), line, ColumnUnit.UTF16)).as("utf16 col of %d", p.offset()).isEqualTo(p.utf16Col());
            assertThat(table.columnOf(p.offset(), line, ColumnUnit.CODEPOINT)).as("cp col of %d", p.offset()).isEqualTo(p.cpCol());
        }
    }

    @Test
    void positionsMatchJavasDecoderOnTrickyText() {
        assertMatchesReference("");
        assertMatchesReference("plain ascii\nsecond\n");
        assertMatchesReference("\uFEFFdef f():\r\n\treturn 'h\u00e9'\r\n");
        assertMatchesReference("lone\rcr\r\rthen\n\n\n");
        assertMatchesReference("\u4e2d\u6587 \uD83D\uDE00 emoji\r\n\u00e9\u00e8\n\t\t\u0300x");
        assertMatchesReference("\r\n");
        assertMatchesReference("a\r\r\n\n\rb");
    }

    @Test
    void positionsMatchJavasDecoderOnRandomText() {
        String[] alphabet = {"a", "\n", "\r", "\r\n", "\t", "\u00e9", "\u4e2d", "\uD83D\uDE00", "\uFEFF", " ", "\u0300"};
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int k = 0; k < length; k++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertMatchesReference(text.toString());
        }
    }

    @Test
    void offsetInsideAMultiByteCharacterCountsAsItsStart() {
        LineTable table = LineTable.of("a\uD83D\uDE00b"); // a, 4-byte emoji at 1..4, b at 5
        for (long offset = 2; offset <= 4; offset++) {
            assertThat(table.columnOf(offset, 0, ColumnUnit.UTF16)).isEqualTo(1);
            assertThat(table.columnOf(offset, 0, ColumnUnit.CODEPOINT)).isEqualTo(1);
            assertThat(table.columnOf(offset, 0, ColumnUnit.BYTE)).isEqualTo(offset);
        }
        assertThat(table.columnOf(5, 0, ColumnUnit.UTF16)).isEqualTo(3);
        assertThat(table.columnOf(5, 0, ColumnUnit.CODEPOINT)).isEqualTo(2);
    }

    @Test
    void malformedBytesCountAsOneCharacterEach() {
        byte[] bytes = {'a', (byte) 0xC3, 'b', (byte) 0xE2, (byte) 0x82, 'c', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'd'};
        LineTable table = LineTable.scan(bytes, 0, bytes.length);
        assertThat(table.multiCount()).isZero();
        assertThat(table.columnOf(bytes.length, 0, ColumnUnit.CODEPOINT)).isEqualTo(bytes.length);
    }

    @Test
    void encodedFormAnswersLikeTheTableItWasEncodedFrom() {
        String text = "\uFEFFx = '\u00e9\uD83D\uDE00'\r\n\ty\rz\n\n";
        LineTable.InMemory table = LineTable.of(text);
        byte[] encoded = table.encode();
        assertThat(encoded.length).isEqualTo(LineTable.HEADER_BYTES + 8 * table.lineCount() + 24 * table.multiCount());
        try (BufferAllocator allocator = new RootAllocator(); ArrowBuf buf = allocator.buffer(encoded.length + 5)) {
            buf.setBytes(5, encoded);
            LineTable view = new LineTable.Encoded(buf, 5, 5 + encoded.length);
            assertThat(view.textLength()).isEqualTo(table.textLength());
            for (long offset = 0; offset <= table.textLength(); offset++) {
                int line = table.lineOf(offset);
                assertThat(view.lineOf(offset)).isEqualTo(line);
                for (ColumnUnit unit : ColumnUnit.values()) {
                    assertThat(view.columnOf(offset, line, unit)).isEqualTo(table.columnOf(offset, line, unit));
                }
            }
        }
    }
}
