package io.codeanatomy.engine.core.internal.exec.op;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/**
 * The two shapes of a join's dynamic filter: an exact bitmap of a dense integer key range, a Bloom filter
 * otherwise. Neither may drop a row whose key the build side has; the bitmap drops every other row, and NULL keys
 * never pass. Checked on both read paths (unpacked columns, Arrow vectors in place, with a selection).
 */
class DynamicFilterKeysTest {
    private static final ArrowType BIGINT = new ArrowType.Int(64, true);

    @Test
    void denseKeysGetAnExactBitmap() {
        // 1,000 keys spread over 20,000 values: 20 bits per key, within the bitmap's budget
        long[] build = new Random(7).longs(1_000, -5_000, 15_000).toArray();
        DynamicFilter filter = DynamicFilter.of(new Column[] {new LongColumn(BIGINT, build, build.length, null)}, build.length, null);
        assertThat(filter.isExact()).isTrue();
        Set<Long> keys = set(build);
        long[] probe = new long[40_000];
        for (int i = 0; i < probe.length; i++) {
            probe[i] = i - 20_000L;      // inside the range and on both sides of it
        }
        probe[0] = Long.MIN_VALUE;
        probe[1] = Long.MAX_VALUE;
        int[] kept = keep(filter, probe, null);
        assertThat(kept).hasSize(keys.size());
        for (int row : kept) {
            assertThat(keys).contains(probe[row]);
        }
    }

    @Test
    void thousandsOfSparserKeysGetABitmapOfUpToOneMebibyte() {
        // 800 bits per key, but 5,000 keys: their Bloom filter would not fit a first-level cache either
        long[] many = new Random(5).longs(5_000, 0, 4_000_000).toArray();
        assertThat(DynamicFilter.of(new Column[] {new LongColumn(BIGINT, many, many.length, null)}, many.length, null)
                .isExact()).isTrue();
        long[] few = java.util.Arrays.copyOf(many, 1_000);
        assertThat(DynamicFilter.of(new Column[] {new LongColumn(BIGINT, few, few.length, null)}, few.length, null)
                .isExact()).isFalse();
        long[] wide = new Random(5).longs(5_000, 0, 40_000_000).toArray();      // a 5 MB bitmap: too wide
        assertThat(DynamicFilter.of(new Column[] {new LongColumn(BIGINT, wide, wide.length, null)}, wide.length, null)
                .isExact()).isFalse();
    }

    @Test
    void sparseKeysGetABloomFilterThatNeverDropsAKey() {
        long[] build = new Random(11).longs(1_000).toArray();      // spread over all longs
        DynamicFilter filter = DynamicFilter.of(new Column[] {new LongColumn(BIGINT, build, build.length, null)}, build.length, null);
        assertThat(filter.isExact()).isFalse();
        long[] probe = new long[21_000];
        System.arraycopy(build, 0, probe, 0, build.length);
        long[] others = new Random(12).longs(20_000).toArray();
        System.arraycopy(others, 0, probe, build.length, others.length);
        int[] kept = keep(filter, probe, null);
        int[] expectedFirst = new int[build.length];
        for (int i = 0; i < build.length; i++) {
            expectedFirst[i] = i;
        }
        assertThat(kept).startsWith(expectedFirst);
        assertThat(kept.length - build.length).as("false positives").isLessThan(2_000);
    }

    @Test
    void nullKeysNeverPassEitherFilter() {
        for (long spread : new long[] {10, Long.MAX_VALUE / 4}) {
            long[] build = {0, spread, 2 * spread, 3 * spread};
            boolean[] buildNulls = {false, false, true, false};      // 2 * spread is NULL: not a key
            DynamicFilter filter = DynamicFilter.of(new Column[] {new LongColumn(BIGINT, build, 4, buildNulls)}, 4, null);
            assertThat(filter.isExact()).isEqualTo(spread == 10);
            long[] probe = {0, spread, 2 * spread, 3 * spread, 0};
            boolean[] probeNulls = {false, false, false, false, true};
            int[] keep = new int[probe.length];
            int count = filter.keep(new Column[] {new LongColumn(BIGINT, probe, probe.length, probeNulls)}, probe.length, keep);
            assertThat(java.util.Arrays.copyOf(keep, count)).as("spread %d", spread).contains(0, 1, 3).doesNotContain(4);
            try (BufferAllocator allocator = new RootAllocator(); BigIntVector v = new BigIntVector("k", allocator)) {
                v.allocateNew(probe.length);
                for (int i = 0; i < probe.length; i++) {
                    if (probeNulls[i]) {
                        v.setNull(i);
                    } else {
                        v.set(i, probe[i]);
                    }
                }
                v.setValueCount(probe.length);
                int inPlace = filter.keepInPlace(v, null, probe.length, keep);
                assertThat(java.util.Arrays.copyOf(keep, inPlace)).contains(0, 1, 3).doesNotContain(4);
            }
        }
    }

    @Test
    void inPlaceReadsOfIntsWithASelectionAgreeWithTheColumnPath() {
        long[] build = {3, 5, 8, 13, 21, 34};
        DynamicFilter filter = DynamicFilter.of(new Column[] {new LongColumn(new ArrowType.Int(32, true), build, 6, null)}, 6, null);
        assertThat(filter.isExact()).isTrue();
        try (BufferAllocator allocator = new RootAllocator(); IntVector v = new IntVector("k", allocator)) {
            v.allocateNew(40);
            for (int i = 0; i < 40; i++) {
                v.set(i, i);
            }
            v.setValueCount(40);
            int[] selection = {1, 3, 4, 5, 8, 9, 20, 21, 34, 39};
            int[] keep = new int[selection.length];
            int count = filter.keepInPlace(v, selection, selection.length, keep);
            // positions within the selection whose rows hold keys: rows 3, 5, 8, 21, 34
            assertThat(java.util.Arrays.copyOf(keep, count)).containsExactly(1, 3, 4, 7, 8);
        }
    }

    @Test
    void aKeyOfSeveralColumnsAlsoFiltersByItsIntegerColumnAlone() {
        // (cost DECIMAL, part BIGINT), as TPC-H q2 joins partsupp: the scan tests the part key first, in place
        long[] costs = {1999, 250, 250, 87_500};
        long[] parts = {40, 7, 123_456, 40};
        DynamicFilter filter = DynamicFilter.of(new Column[] {new LongColumn(new ArrowType.Decimal(15, 2, 128), costs, 4, null),
                new LongColumn(BIGINT, parts, 4, null)}, 4, null);
        assertThat(filter.componentKey()).isEqualTo(1);
        DynamicFilter parts1 = filter.component();
        assertThat(parts1).isNotNull();
        long[] probe = new long[200_000];
        for (int i = 0; i < probe.length; i++) {
            probe[i] = i;
        }
        int[] kept = keep(parts1, probe, null);
        assertThat(kept).contains(7, 40, 123_456);
        assertThat(kept.length).as("false positives of a Bloom filter over 3 keys").isLessThan(2_000);
        assertThat(parts1.component()).as("a one-column key has no component").isNull();
        DynamicFilter decimalsOnly = DynamicFilter.of(new Column[] {new LongColumn(new ArrowType.Decimal(15, 2, 128), costs, 4, null),
                new LongColumn(new ArrowType.Decimal(15, 2, 128), parts, 4, null)}, 4, null);
        assertThat(decimalsOnly.component()).as("no integer column: no component").isNull();
    }

    private static int[] keep(DynamicFilter filter, long[] probe, boolean[] nulls) {
        int[] keep = new int[probe.length];
        int count = filter.keep(new Column[] {new LongColumn(BIGINT, probe, probe.length, nulls)}, probe.length, keep);
        return java.util.Arrays.copyOf(keep, count);
    }

    private static Set<Long> set(long[] values) {
        Set<Long> set = new HashSet<>();
        for (long v : values) {
            set.add(v);
        }
        return set;
    }
}
