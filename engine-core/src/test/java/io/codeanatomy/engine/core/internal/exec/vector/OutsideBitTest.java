package io.codeanatomy.engine.core.internal.exec.vector;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.internal.exec.expr.LongRange;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
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

    @Test
    void emptyRangesKeepNoRowAndTheirNegationsEveryNonNullRow() {
        ArrowType bigint = new ArrowType.Int(64, true);
        try (BufferAllocator allocator = new RootAllocator(); BigIntVector v = new BigIntVector("x", allocator)) {
            long[] values = {Long.MIN_VALUE, -3, 0, 4, 5, Long.MAX_VALUE};
            v.allocateNew(values.length + 1);
            for (int i = 0; i < values.length; i++) {
                v.set(i, values[i]);
            }
            v.setNull(values.length);
            v.setValueCount(values.length + 1);
            int[] out = new int[values.length + 1];
            int n = values.length + 1;
            // x < Long.MIN_VALUE, and x > 4 AND x < 3 merged into one test
            assertThat(Columns.keepInRange(v, null, null, n, new LongRange(0, bigint, 1, 0, true), out)).isZero();
            assertThat(Columns.keepInRange(v, null, null, n, new LongRange(0, bigint, 5, 2, true), out)).isZero();
            assertThat(Columns.keepInRange(v, null, null, n, new LongRange(0, bigint, 5, 2, false), out)).isEqualTo(6);
            assertThat(Columns.keepInRange(v, null, null, n, new LongRange(0, bigint, -3, 4, true), out)).isEqualTo(3);
            assertThat(java.util.Arrays.copyOf(out, 3)).containsExactly(1, 2, 3);
            assertThat(Columns.keepInRange(v, null, null, n, new LongRange(0, bigint, 0, 0, false), out)).isEqualTo(5);
            assertThat(Columns.keepInRange(v, null, null, n,
                    new LongRange(0, bigint, Long.MIN_VALUE, Long.MAX_VALUE, true), out)).isEqualTo(6);
        }
    }
}
