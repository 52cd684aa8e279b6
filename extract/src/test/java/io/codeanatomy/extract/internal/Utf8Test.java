package io.codeanatomy.extract.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private static boolean jdkSaysValid(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void edgeCasesAgreeWithTheJdkDecoder() {
        int[][] cases = {{}, {0x41}, {0xC2, 0x80}, {0xC1, 0xBF}, {0xE0, 0x9F, 0x80}, {0xE0, 0xA0, 0x80},
            {0xED, 0x9F, 0xBF}, {0xED, 0xA0, 0x80}, {0xF0, 0x8F, 0x80, 0x80}, {0xF0, 0x90, 0x80, 0x80},
            {0xF4, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xC3}, {0xE2, 0x82},
            {0x80}, {0xFF}, {0xE2, 0x82, 0xAC, 0x41}};
        for (int[] c : cases) {
            byte[] b = bytes(c);
            assertThat(Utf8.isValid(b, 0)).as(java.util.Arrays.toString(c)).isEqualTo(jdkSaysValid(b));
        }
    }

    @Test
    void randomInputsAgreeWithTheJdkDecoder() {
        Random random = new Random(42);
        for (int t = 0; t < 20_000; t++) {
            byte[] b = new byte[random.nextInt(8)];
            for (int i = 0; i < b.length; i++) {
                // Bias towards lead and continuation bytes, where the rules live.
                b[i] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
            }
            assertThat(Utf8.isValid(b, 0)).as(java.util.HexFormat.of().formatHex(b)).isEqualTo(jdkSaysValid(b));
        }
    }
}
