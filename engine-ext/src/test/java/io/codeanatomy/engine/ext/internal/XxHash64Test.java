package io.codeanatomy.engine.ext.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XxHash64Test {
    private static long hash(String s, long seed) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return XxHash64.hash(b, 0, b.length, seed);
    }

    @Test
    void matchesPublishedXxh64Values() {
        assertThat(hash("", 0)).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(hash("abc", 0)).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(hash("Nobody inspects the spammish repetition", 0)).isEqualTo(0xFBCEA83C8A378BF1L);
        assertThat(hash("xxhash", 20141025)).isEqualTo(0xB559B98D844E0635L);
    }

    @Test
    void hashesOnlyTheGivenRange() {
        byte[] b = "--abc--".getBytes(StandardCharsets.UTF_8);
        assertThat(XxHash64.hash(b, 2, 3, 0)).isEqualTo(0x44BC2CF5AD770999L);
    }
}
