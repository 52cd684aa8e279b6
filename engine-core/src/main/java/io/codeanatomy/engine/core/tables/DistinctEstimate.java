package io.codeanatomy.engine.core.tables;

import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The number of distinct non-null values of a column, estimated from a sample of rows: exact when the
 * sample is the whole column, otherwise the GEE estimator (Charikar et al., "Towards estimation error guarantees for
 * distinct values"): {@code sqrt(N/n) * f1 + (d - f1)}, where the sample of n rows out of N has d distinct values,
 * f1 of them seen once. Join ordering needs to tell a 25-value nation key from a 150,000-value customer key; it does
 * not need more precision than that.
 */
final class DistinctEstimate {
    static final int SAMPLE_ROWS = 1 << 16;

    private DistinctEstimate() {}

    static OptionalLong of(List<VectorSchemaRoot> batches, int column, long rows) {
        if (rows == 0) {
            return OptionalLong.of(0);
        }
        long stride = Math.max(1, rows / SAMPLE_ROWS);
        // gaps drawn from [1, 2 * stride - 1] (mean stride), seeded: a fixed step would alias with periodic data
        java.util.SplittableRandom gaps = new java.util.SplittableRandom(column * 0x9E3779B97F4A7C15L + rows);
        HashCounts counts = new HashCounts((int) Math.min(rows, SAMPLE_ROWS * 2L));
        long sampled = 0;
        long row = 0;        // index of the batch's first row in the table
        long next = 0;       // next row to sample
        for (VectorSchemaRoot batch : batches) {
            FieldVector vector = batch.getVector(column);
            int n = batch.getRowCount();
            if (!(vector instanceof BaseFixedWidthVector) && !(vector instanceof BaseVariableWidthVector)) {
                return OptionalLong.empty();     // nested values: no estimate
            }
            for (; next < row + n; next += stride == 1 ? 1 : 1 + gaps.nextLong(2 * stride - 1)) {
                int i = (int) (next - row);
                if (vector.isNull(i)) {
                    continue;
                }
                counts.add(hash(vector, i));
                sampled++;
            }
            row += n;
        }
        long distinct = counts.size();
        if (stride == 1 || sampled == 0) {
            return OptionalLong.of(distinct);
        }
        long once = counts.seenOnce();
        double estimate = Math.sqrt((double) rows / sampled) * once + (distinct - once);
        return OptionalLong.of(Math.max(distinct, Math.min(rows, Math.round(estimate))));
    }

    /** A 64-bit hash of one value: its bytes (fixed width) or its data (variable width), FNV-1a then mixed. */
    private static long hash(FieldVector vector, int i) {
        if (vector instanceof BigIntVector longs) {
            return mix(longs.get(i));
        }
        long h = 0xcbf29ce484222325L;
        if (vector instanceof BaseVariableWidthVector variable) {
            long p = variable.getStartOffset(i);
            long end = variable.getEndOffset(i);
            var data = variable.getDataBuffer();
            for (; p + Long.BYTES <= end; p += Long.BYTES) {       // a word at a time: strings dominate the cost
                h = (h ^ data.getLong(p)) * 0x100000001b3L;
            }
            for (; p < end; p++) {
                h = (h ^ data.getByte(p)) * 0x100000001b3L;
            }
        } else {
            BaseFixedWidthVector fixed = (BaseFixedWidthVector) vector;
            int width = fixed.getTypeWidth();
            var data = fixed.getDataBuffer();
            if (width == 0) {
                return fixed.getObject(i) == Boolean.TRUE ? 1 : 0;     // bits
            }
            for (long p = (long) i * width, end = p + width; p < end; p++) {
                h = (h ^ data.getByte(p)) * 0x100000001b3L;
            }
        }
        return mix(h);
    }

    /**
     * How often each 64-bit hash was seen, in open addressing over two primitive arrays: a boxed map was most of
     * the cost of an estimate, and planning asks for one per column of every materialized table.
     */
    private static final class HashCounts {
        private long[] keys;
        private int[] counts;       // 0: empty slot
        private int size;

        HashCounts(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
            keys = new long[capacity];
            counts = new int[capacity];
        }

        void add(long key) {
            int mask = keys.length - 1;
            int slot = (int) key & mask;
            while (counts[slot] != 0 && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            if (counts[slot]++ == 0) {
                keys[slot] = key;
                if (++size * 2 > keys.length) {
                    grow();
                }
            }
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldCounts = counts;
            keys = new long[oldKeys.length * 2];
            counts = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int s = 0; s < oldKeys.length; s++) {
                if (oldCounts[s] != 0) {
                    int slot = (int) oldKeys[s] & mask;
                    while (counts[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = oldKeys[s];
                    counts[slot] = oldCounts[s];
                }
            }
        }

        int size() {
            return size;
        }

        long seenOnce() {
            long once = 0;
            for (int count : counts) {
                once += count == 1 ? 1 : 0;
            }
            return once;
        }
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }
}
