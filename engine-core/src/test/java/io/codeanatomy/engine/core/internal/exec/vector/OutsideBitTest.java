package io.codeanatomy.engine.core.internal.exec.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The branch-free range test of in-place filters ({@link Columns#outsideBit}) against plain comparisons, at the
 * ends of the long range too, where a subtraction wraps.
 */
class OutsideBitTest {
    private static final long[] EDGES = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -10, -1, 0, 1, 5, 7, 10, Long.MAX_VALUE - 1,
        Long.MAX_VALUE};

    @Test
    void agreesWithComparisonsEverywhere() {
        Random random = new Random(3);
        int checked = 0;
        for (int t = 0; t < 200_000; t++) {
            long a = random.nextBoolean() ? EDGES[random.nextInt(EDGES.length)] : random.nextLong();
            long b = random.nextBoolean() ? EDGES[random.nextInt(EDGES.length)] : random.nextLong();
            long lo = Math.min(a, b);
            long hi = Math.max(a, b);
            long value = random.nextInt(3) == 0 ? EDGES[random.nextInt(EDGES.length)]
                    : random.nextBoolean() ? random.nextLong() : lo + random.nextInt(5) - 2;
            boolean inside = value >= lo && value <= hi;
            assertThat(Columns.outsideBit(value - lo, hi - lo)).as("%d in [%d, %d]", value, lo, hi).isEqualTo(inside ? 0 : 1);
            checked++;
        }
        assertThat(checked).isEqualTo(200_000);
        assertThat(Columns.outsideBit(Long.MAX_VALUE - Long.MIN_VALUE, Long.MAX_VALUE - Long.MIN_VALUE)).isZero();
        assertThat(Columns.outsideBit(Long.MIN_VALUE - 0L, 10)).isEqualTo(1);
    }
}
