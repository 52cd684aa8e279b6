package io.codeanatomy.engine.ext.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The interval_align sweep over primitive columns. Rows are grouped by partition id (-1 = no partition: never
 * aligned) and sorted by start; each mode is then one merge pass. A span with end < start is invalid and is never
 * aligned. Cost: O((n + m) log(n + m)) for the sorts plus O(output) for the pairs, never a
 * loop over all pairs.
 */
public final class IntervalSweep {
    /** How left and right spans are paired. */
    public enum Mode { CONTAINS, OVERLAPS, NEAREST }

    /** One side's columns; partition ids are dense ints shared by both sides, -1 for NULL. */
    public record Side(int[] partition, long[] start, long[] end) {
        int size() {
            return start.length;
        }

        boolean valid(int row) {
            return partition[row] >= 0 && start[row] <= end[row];
        }
    }

    /** Output pairs in left row order, then right start order; right is -1 (and distance -1) when nothing matched. */
    public record Pairs(int[] left, int[] right, long[] distance, int size) {}

    private IntervalSweep() {}

    public static Pairs align(Mode mode, Side left, Side right) {
        PairBuilder out = new PairBuilder();
        int[] l = sortedRows(left);
        int[] r = sortedRows(right);
        int i = 0;
        int j = 0;
        // walk both sides one partition at a time (rows sorted by partition, invalid rows dropped)
        while (i < l.length || j < r.length) {
            int part = Math.min(i < l.length ? left.partition()[l[i]] : Integer.MAX_VALUE,
                    j < r.length ? right.partition()[r[j]] : Integer.MAX_VALUE);
            int iEnd = i;
            while (iEnd < l.length && left.partition()[l[iEnd]] == part) {
                iEnd++;
            }
            int jEnd = j;
            while (jEnd < r.length && right.partition()[r[jEnd]] == part) {
                jEnd++;
            }
            switch (mode) {
                case OVERLAPS -> overlaps(left, l, i, iEnd, right, r, j, jEnd, out);
                case CONTAINS -> contains(left, l, i, iEnd, right, r, j, jEnd, out);
                case NEAREST -> nearest(left, l, i, iEnd, right, r, j, jEnd, out);
            }
            i = iEnd;
            j = jEnd;
        }
        if (mode == Mode.NEAREST) {
            for (int row = 0; row < left.size(); row++) {
                if (!left.valid(row)) {
                    out.add(row, -1, -1);
                }
            }
        }
        return out.sortedByLeft(left.size(), right.size(), r);
    }

    /**
     * Valid rows sorted by (partition, start, end, row): a counting sort by partition id, then a comparison sort of
     * each partition's rows (files are small, so the log factor is too).
     */
    private static int[] sortedRows(Side side) {
        int partitions = 0;
        int count = 0;
        for (int row = 0; row < side.size(); row++) {
            if (side.valid(row)) {
                count++;
                partitions = Math.max(partitions, side.partition()[row] + 1);
            }
        }
        int[] start = new int[partitions + 1];
        for (int row = 0; row < side.size(); row++) {
            if (side.valid(row)) {
                start[side.partition()[row] + 1]++;
            }
        }
        for (int p = 0; p < partitions; p++) {
            start[p + 1] += start[p];
        }
        int[] rows = new int[count];
        int[] next = java.util.Arrays.copyOf(start, partitions);
        for (int row = 0; row < side.size(); row++) {
            if (side.valid(row)) {
                rows[next[side.partition()[row]]++] = row;
            }
        }
        IndexSort.IntComparator bySpan = (a, b) -> {
            int c = Long.compare(side.start()[a], side.start()[b]);
            if (c == 0) {
                c = Long.compare(side.end()[a], side.end()[b]);
            }
            return c != 0 ? c : Integer.compare(a, b);
        };
        for (int p = 0; p < partitions; p++) {
            IndexSort.sort(rows, start[p], start[p + 1], bySpan);
        }
        return rows;
    }

    /** Pairs sharing a byte. Each check of an active span either emits a pair or retires the span. */
    private static void overlaps(Side left, int[] l, int i, int iEnd, Side right, int[] r, int j, int jEnd, PairBuilder out) {
        IntList activeLeft = new IntList();
        IntList activeRight = new IntList();
        while (i < iEnd || j < jEnd) {
            boolean takeLeft = j >= jEnd || (i < iEnd && left.start()[l[i]] <= right.start()[r[j]]);
            if (takeLeft) {
                int row = l[i++];
                long s = left.start()[row];
                if (s == left.end()[row]) {
                    continue; // empty spans overlap nothing
                }
                int kept = 0;
                for (int k = 0; k < activeRight.size(); k++) {
                    int other = activeRight.get(k);
                    if (right.end()[other] > s) {
                        out.add(row, other, 0);
                        activeRight.set(kept++, other);
                    }
                }
                activeRight.truncate(kept);
                activeLeft.add(row);
            } else {
                int row = r[j++];
                long s = right.start()[row];
                if (s == right.end()[row]) {
                    continue;
                }
                int kept = 0;
                for (int k = 0; k < activeLeft.size(); k++) {
                    int other = activeLeft.get(k);
                    if (left.end()[other] > s) {
                        out.add(other, row, 0);
                        activeLeft.set(kept++, other);
                    }
                }
                activeLeft.truncate(kept);
                activeRight.add(row);
            }
        }
    }

    /**
     * Right spans inside left spans. Lefts that started are kept by end; a right at start s retires lefts ending
     * before s and pairs with every left ending at or after its own end (those all started at or before s).
     */
    private static void contains(Side left, int[] l, int i, int iEnd, Side right, int[] r, int j, int jEnd, PairBuilder out) {
        TreeMap<Long, IntList> activeByEnd = new TreeMap<>();
        while (j < jEnd) {
            int row = r[j];
            long s = right.start()[row];
            if (i < iEnd && left.start()[l[i]] <= s) { // lefts first on equal starts: they may contain the right
                int lrow = l[i++];
                activeByEnd.computeIfAbsent(left.end()[lrow], e -> new IntList()).add(lrow);
                continue;
            }
            j++;
            while (!activeByEnd.isEmpty() && activeByEnd.firstKey() < s) {
                activeByEnd.pollFirstEntry();
            }
            for (Map.Entry<Long, IntList> e : activeByEnd.tailMap(right.end()[row], true).entrySet()) {
                IntList rows = e.getValue();
                for (int k = 0; k < rows.size(); k++) {
                    out.add(rows.get(k), row, 0);
                }
            }
        }
    }

    /**
     * For each left span the right span at the smallest gap (0 when they overlap or touch); ties go to the right span
     * with the smallest (start, end, row). Rights are indexed twice: by start, and by end with a suffix minimum of
     * their rank by start, so each left costs a few binary searches.
     */
    private static void nearest(Side left, int[] l, int i, int iEnd, Side right, int[] r, int j, int jEnd, PairBuilder out) {
        int m = jEnd - j;
        if (m == 0) {
            for (int k = i; k < iEnd; k++) {
                out.add(l[k], -1, -1);
            }
            return;
        }
        int[] byStart = Arrays.copyOfRange(r, j, jEnd); // already (start, end, row) order: rank = position
        long[] starts = new long[m];
        for (int k = 0; k < m; k++) {
            starts[k] = right.start()[byStart[k]];
        }
        // ranks sorted by (end, start, row): rank order already breaks ties by start then row
        int[] byEnd = new int[m];
        for (int k = 0; k < m; k++) {
            byEnd[k] = k;
        }
        IndexSort.sort(byEnd, (a, b) -> {
            int c = Long.compare(right.end()[byStart[a]], right.end()[byStart[b]]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        long[] ends = new long[m];
        int[] suffixMinRank = new int[m + 1];
        suffixMinRank[m] = Integer.MAX_VALUE;
        for (int k = m - 1; k >= 0; k--) {
            ends[k] = right.end()[byStart[byEnd[k]]];
            suffixMinRank[k] = Math.min(byEnd[k], suffixMinRank[k + 1]);
        }
        for (int k = i; k < iEnd; k++) {
            int row = l[k];
            long ls = left.start()[row];
            long le = left.end()[row];
            int p = lowerBound(ends, ls); // first right ending at or after ls
            int zero = suffixMinRank[p];
            if (zero != Integer.MAX_VALUE && starts[zero] <= le) {
                out.add(row, byStart[zero], 0);
                continue;
            }
            int after = upperBound(starts, le); // first right starting after le
            int before = -1;
            if (p > 0) {
                before = byEnd[lowerBound(ends, ends[p - 1])]; // smallest rank among the rights with the largest end < ls
            }
            long dAfter = after < m ? starts[after] - le : Long.MAX_VALUE;
            long dBefore = before >= 0 ? ls - ends[p - 1] : Long.MAX_VALUE;
            if (before >= 0 && dBefore <= dAfter) {
                out.add(row, byStart[before], dBefore);
            } else {
                out.add(row, byStart[after], dAfter);
            }
        }
    }

    private static int lowerBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static final class PairBuilder {
        private final IntList left = new IntList();
        private final IntList right = new IntList();
        private final LongList distance = new LongList(16);

        void add(int l, int r, long d) {
            left.add(l);
            right.add(r);
            distance.add(d);
        }

        /**
         * Pairs ordered by left row, then right (start, end, row). {@code rightSorted} lists the valid right rows in
         * (partition, start, end, row) order and a left row's partners share its partition, so the order is (left row,
         * right rank): two stable counting sorts, O(pairs + n + m), instead of a comparison sort of the output.
         */
        Pairs sortedByLeft(int leftCount, int rightCount, int[] rightSorted) {
            int n = left.size();
            int[] rankOf = new int[rightCount];
            for (int k = 0; k < rightSorted.length; k++) {
                rankOf[rightSorted[k]] = k;
            }
            int[] rankKey = new int[n];
            int[] leftKey = new int[n];
            int[] identity = new int[n];
            for (int k = 0; k < n; k++) {
                rankKey[k] = right.get(k) < 0 ? 0 : rankOf[right.get(k)] + 1; // unmatched (-1) first
                leftKey[k] = left.get(k);
                identity[k] = k;
            }
            int[] order = countingSort(countingSort(identity, rankKey, rightSorted.length + 1), leftKey, leftCount);
            int[] l = new int[n];
            int[] r = new int[n];
            long[] d = new long[n];
            for (int k = 0; k < n; k++) {
                l[k] = left.get(order[k]);
                r[k] = right.get(order[k]);
                d[k] = distance.get(order[k]);
            }
            return new Pairs(l, r, d, n);
        }

        /** {@code items} stably reordered by {@code key[item]}, keys in [0, range). */
        private static int[] countingSort(int[] items, int[] key, int range) {
            int[] start = new int[range + 1];
            for (int item : items) {
                start[key[item] + 1]++;
            }
            for (int k = 0; k < range; k++) {
                start[k + 1] += start[k];
            }
            int[] out = new int[items.length];
            for (int item : items) {
                out[start[key[item]]++] = item;
            }
            return out;
        }
    }

    /** Dense partition ids for both sides: equal keys get equal ids, NULL gets -1. */
    public static final class PartitionIds {
        private final Map<Object, Integer> ids = new java.util.HashMap<>();

        public int id(Object key) {
            if (key == null) {
                return -1;
            }
            return ids.computeIfAbsent(key, k -> ids.size());
        }
    }
}
