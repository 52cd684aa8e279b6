package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.hash.KeyTable;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * What a hash join's build side tells its probe-side scan once it is hashed: a key the build side lacks cannot
 * match, so the scan drops those rows before they reach the operators between it and the join (other probes,
 * projections). A blocked Bloom filter over the keys' {@link KeyTable#hash} (three bits in one 64-bit word per key,
 * about 16 bits per key: a few percent false positives, one cache line per test) and, for one integer key, its
 * range. Rows with a NULL key are dropped too: they never match. Immutable once built; shared by all threads.
 *
 * <p>One integer key whose values span a range no wider than {@link #EXACT_BITS_PER_KEY} bits per key (or 1 MiB,
 * for thousands of keys) gets an exact bitmap of that range instead (one bit per value, the key minus the minimum): keys are often dense (generated ids,
 * TPC-H's keys), and then one bit test replaces the hash and the three-bit test, with no false positives.
 *
 * <p>Only built for joins that drop probe rows without a match (INNER, SEMI, RIGHT, RIGHT_SEMI), when the planner
 * found the scan their probe keys come from ({@code PlannerFeatureGates.joinDynamicFilters}).
 */
final class DynamicFilter {
    /** Build sides larger than this publish no filter: its bits (up to 4 MiB) would no longer fit a cache. */
    static final int MAX_KEYS = 1 << 20;

    /** A bitmap of the key range is used up to this many bits per key (a Bloom filter takes 16 to 32). */
    static final int EXACT_BITS_PER_KEY = 32;

    private final long[] words;
    private final int mask;
    private final long[] exact;          // bit (key - min) for each key, or null for a Bloom filter in words
    private final long span;             // max - min + 1, when exact
    private final boolean ranged;
    private final boolean longKey;      // one integer or date key: hashed as KeyTable.hashOfLong hashes it
    private final long min;
    private final long max;
    /**
     * For a key of several columns: the filter of its first integer column alone, which a scan tests in place
     * before this one (or null). The composite test hashes every column of every row (TPC-H q2 reads partsupp's
     * decimal cost for each of its 800 K rows); the column's values alone rule out most rows for a fraction of that.
     */
    private final DynamicFilter component;
    private final int componentKey;

    private DynamicFilter(long[] words, long[] exact, boolean ranged, boolean longKey, long min, long max) {
        this(words, exact, ranged, longKey, min, max, null, -1);
    }

    private DynamicFilter(long[] words, long[] exact, boolean ranged, boolean longKey, long min, long max,
                          DynamicFilter component, int componentKey) {
        this.component = component;
        this.componentKey = componentKey;
        this.words = words;
        this.exact = exact;
        this.longKey = longKey;
        this.mask = words == null ? 0 : words.length - 1;
        this.ranged = ranged;
        this.min = min;
        this.max = max;
        this.span = exact == null ? 0 : max - min + 1;
    }

    /**
     * The filter of the {@code rows} build rows with keys {@code keys} (whose {@link KeyTable#hash} is {@code hashes},
     * or null to compute it), or null when the side is too large.
     */
    static DynamicFilter of(Column[] keys, int rows, long[] hashes) {
        if (rows > MAX_KEYS) {
            return null;
        }
        boolean ranged = keys.length == 1 && keys[0] instanceof LongColumn;
        if (ranged) {
            DynamicFilter exact = exact((LongColumn) keys[0], rows);
            if (exact != null) {
                return exact;
            }
        }
        long[] words = new long[Integer.highestOneBit(Math.max(1, rows / 4) * 2 - 1)];      // 16 to 32 bits per key
        int mask = words.length - 1;
        if (hashes == null) {
            hashes = KeyTable.hash(keys, rows);
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < rows; i++) {
            if (hasNull(keys, i)) {
                continue;
            }
            long h = hashes[i];
            words[word(h, mask)] |= bits(h);
            if (ranged) {
                long value = ((LongColumn) keys[0]).values[i];
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        int componentKey = -1;
        for (int k = 0; k < keys.length && keys.length > 1; k++) {
            if (isLongKey(keys[k])) {
                componentKey = k;
                break;
            }
        }
        DynamicFilter component = componentKey < 0 ? null : of(new Column[] {keys[componentKey]}, rows, null);
        return new DynamicFilter(words, null, ranged, isLongKey(keys[0]), min, max, component, componentKey);
    }

    /** The filter of one integer column of this filter's key, to test first (see {@link #component}); or null. */
    DynamicFilter component() {
        return component;
    }

    /** Which of the key's columns {@link #component()} tests. */
    int componentKey() {
        return componentKey;
    }

    /** The smallest and largest of the non-NULL values of {@code key}'s first {@code rows} rows (min > max: none). */
    static long[] range(LongColumn key, int rows) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < rows; i++) {
            if (!key.isNull(i)) {
                min = Math.min(min, key.values[i]);
                max = Math.max(max, key.values[i]);
            }
        }
        return new long[] {min, max};
    }

    private static boolean isLongKey(Column key) {
        return key instanceof LongColumn && !(key.type instanceof ArrowType.Decimal);
    }

    /** The exact filter of one integer key column, or null when its values span too wide a range (or none). */
    private static DynamicFilter exact(LongColumn key, int rows) {
        long[] range = range(key, rows);
        long min = range[0];
        long max = range[1];
        long span = max - min + 1;      // may overflow: then negative, and rejected below
        boolean dense = span <= (long) EXACT_BITS_PER_KEY * rows || rows >= SMALL_EXACT_MIN_KEYS && span <= SMALL_EXACT_BITS;
        if (min > max || span <= 0 || !dense || span > MAX_EXACT_BITS) {
            return null;
        }
        long[] bits = new long[(int) ((span + 63) >>> 6)];
        for (int i = 0; i < rows; i++) {
            if (!key.isNull(i)) {
                long offset = key.values[i] - min;
                bits[(int) (offset >>> 6)] |= 1L << offset;
            }
        }
        return new DynamicFilter(null, bits, true, isLongKey(key), min, max);
    }

    /** The widest exact bitmap: 4 MiB, as the largest Bloom filter. */
    private static final long MAX_EXACT_BITS = 1L << 25;

    /**
     * A bitmap of up to 1 MiB is taken even for sparser keys, once there are enough of them that their Bloom filter
     * would not fit the first-level cache either: a probe side sorted by the key (a fact table by its id) then
     * reads the bitmap in order, where it would test Bloom words at random. TPC-H q10's 57 K orders over the 6 M
     * order keys: 750 KiB of bitmap against 128 KiB of Bloom filter.
     */
    private static final long SMALL_EXACT_BITS = 1L << 23;
    private static final int SMALL_EXACT_MIN_KEYS = 1 << 12;

    /** Whether the filter is an exact bitmap of the key range rather than a Bloom filter (for tests and EXPLAIN). */
    boolean isExact() {
        return exact != null;
    }

    /**
     * Writes to {@code keep} the positions among the {@code n} rows of {@code keys} that may have a match, and
     * returns how many there are.
     */
    int keep(Column[] keys, int n, int[] keep) {
        int count = 0;
        // no branch on the outcome: a filter keeping rows at random would mispredict one branch in two
        if (exact != null) {
            long[] values = ((LongColumn) keys[0]).values;
            for (int i = 0; i < n; i++) {
                keep[count] = i;
                count += hit(values[i]) ? 1 : 0;
            }
        } else {
            long[] hashes = KeyTable.hash(keys, n);
            long[] values = ranged ? ((LongColumn) keys[0]).values : null;
            for (int i = 0; i < n; i++) {
                long h = hashes[i];
                long need = bits(h);
                boolean pass = (words[word(h, mask)] & need) == need;
                if (values != null) {
                    pass &= values[i] >= min & values[i] <= max;
                }
                keep[count] = i;
                count += pass ? 1 : 0;
            }
        }
        boolean nullable = false;
        for (Column key : keys) {
            nullable |= key.hasNulls();
        }
        if (nullable) {
            int kept = 0;
            for (int j = 0; j < count; j++) {
                int row = keep[j];
                keep[kept] = row;
                kept += hasNull(keys, row) ? 0 : 1;
            }
            count = kept;
        }
        return count;
    }

    /**
     * {@link #keep} for one integer or date key read from the Arrow vector {@code v} in place, at rows {@code rows}
     * (or {@code 0..n)} when null): no copy of the column and no array of hashes, on the scan of every row of a fact
     * table. Returns -1, having written nothing, for a vector it does not read this way or a filter of other keys.
     */
    int keepInPlace(ValueVector v, int[] rows, int n, int[] keep) {
        int width = Columns.inPlaceWidth(v);      // a decimal vector goes with a decimal key, which is not longKey
        long address = width == 0 || !longKey ? -1 : Columns.inPlaceAddress(v, width, rows, null, n);
        if (address < 0) {
            return -1;
        }
        int count = 0;
        if (exact != null) {
            for (int i = 0; i < n; i++) {
                keep[count] = i;
                count += hit(Columns.valueAt(address, width, rows == null ? i : rows[i])) ? 1 : 0;
            }
            return Columns.dropNulls(v, rows, keep, count);
        }
        for (int i = 0; i < n; i++) {
            long value = Columns.valueAt(address, width, rows == null ? i : rows[i]);
            long h = KeyTable.hashOfLong(value);
            long need = bits(h);
            boolean pass = (words[word(h, mask)] & need) == need & value >= min & value <= max;
            keep[count] = i;
            count += pass ? 1 : 0;
        }
        return Columns.dropNulls(v, rows, keep, count);
    }

    /** Whether {@code value} is a key of the exact filter; no branch on the outcome. */
    private boolean hit(long value) {
        long offset = value - min;
        boolean inRange = offset >= 0 & offset < span;
        int bit = inRange ? (int) offset : 0;       // a conditional move
        return inRange & (exact[bit >>> 6] >>> bit & 1) != 0;
    }

    private static int word(long hash, int mask) {
        return (int) (hash >>> 40) & mask;      // the hash table uses the low bits: take others
    }

    private static long bits(long hash) {
        return 1L << (hash & 63) | 1L << ((hash >>> 6) & 63) | 1L << ((hash >>> 12) & 63);
    }

    private static boolean hasNull(Column[] keys, int row) {
        for (Column key : keys) {
            if (key.isNull(row)) {
                return true;
            }
        }
        return false;
    }
}
