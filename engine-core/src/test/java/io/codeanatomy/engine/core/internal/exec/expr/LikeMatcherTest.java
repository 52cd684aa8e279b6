package io.codeanatomy.engine.core.internal.exec.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte matcher against the regex translation of the same LIKE pattern, over every kind of pattern and text. */
class LikeMatcherTest {
    private static final String PATTERN_CHARS = "ab%é\\_";
    private static final String TEXT_CHARS = "abé%_\\";

    private static String random(Random random, String alphabet, int maxLength) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    @Test
    void agreesWithTheRegexTranslation() {
        Random random = new Random(42);
        int compared = 0;
        for (int p = 0; p < 4_000; p++) {
            String pattern = random(random, PATTERN_CHARS, 7);
            Character escape = random.nextBoolean() ? '\\' : null;
            LikeMatcher matcher = LikeMatcher.compile(pattern, escape);
            if (matcher == null) {
                assertThat(pattern).contains("_");        // only '_' sends a pattern to the regex path
                continue;
            }
            var regex = ScalarFunctions.likePattern(pattern, escape, false);
            for (int t = 0; t < 40; t++) {
                String text = random(random, TEXT_CHARS, 9);
                byte[] bytes = ("xy" + text + "z").getBytes(StandardCharsets.UTF_8);  // the row sits inside a buffer
                int from = 2;
                int to = bytes.length - 1;
                assertThat(matcher.matches(bytes, from, to)).as("'%s' LIKE '%s' ESCAPE %s", text, pattern, escape)
                        .isEqualTo(regex.matcher(text).matches());
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(50_000);
    }

    @Test
    void wordAtATimeSearchFindsTheFirstOccurrence() {
        // long texts over a small alphabet: many near misses, matches at every offset within and across words
        Random random = new Random(7);
        for (int t = 0; t < 20_000; t++) {
            String text = random(random, "abc", 70);
            String needle = random(random, "abc", 5);
            byte[] bytes = ("__" + text + "__").getBytes(StandardCharsets.UTF_8);
            int from = 2 + Math.min(random.nextInt(4), text.length());
            int to = 2 + text.length();
            int expected = text.substring(from - 2).indexOf(needle);
            assertThat(LikeMatcher.indexOf(bytes, from, to, needle.getBytes(StandardCharsets.UTF_8)))
                    .as("'%s' in '%s' from %d", needle, text, from - 2).isEqualTo(expected < 0 ? -1 : expected + from);
        }
        byte[] high = {(byte) 0x80, 1, (byte) 0xff, 0, 1, 1, 0, (byte) 0x81, 1, 0, 0x7f, (byte) 0x80, 1, 0};
        assertThat(LikeMatcher.indexOf(high, 0, high.length, new byte[] {0, 1, 1, 0})).isEqualTo(3);
        assertThat(LikeMatcher.indexOf(high, 0, high.length, new byte[] {(byte) 0x80, 1, 0})).isEqualTo(11);
        assertThat(LikeMatcher.indexOf(high, 0, high.length - 1, new byte[] {(byte) 0x80, 1, 0})).isEqualTo(-1);
    }

    @Test
    void typicalPatterns() {
        assertThat(matches("PROMO BRUSHED TIN", "PROMO%")).isTrue();
        assertThat(matches("ECONOMY PROMO TIN", "PROMO%")).isFalse();
        assertThat(matches("forest green lace", "%green%")).isTrue();
        assertThat(matches("special packages requests", "%special%requests%")).isTrue();
        assertThat(matches("requests special", "%special%requests%")).isFalse();
        assertThat(matches("LARGE BRASS", "%BRASS")).isTrue();
        assertThat(matches("", "")).isTrue();
        assertThat(matches("a", "")).isFalse();
        assertThat(matches("aba", "ab%ba")).isFalse();
        assertThat(matches("100%", "100\\%", '\\')).isTrue();
        assertThat(matches("1000", "100\\%", '\\')).isFalse();
        assertThat(LikeMatcher.compile("a_c", null)).isNull();
        assertThat(LikeMatcher.compile("a\\_c", '\\')).isNotNull();
    }

    private static boolean matches(String text, String pattern) {
        return matches(text, pattern, null);
    }

    private static boolean matches(String text, String pattern, Character escape) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return LikeMatcher.compile(pattern, escape).matches(bytes, 0, bytes.length);
    }
}
