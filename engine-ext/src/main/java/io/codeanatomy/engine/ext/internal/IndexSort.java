package io.codeanatomy.engine.ext.internal;

/** Stable merge sort of an int[] of row indexes by a primitive comparator (no boxing of a million Integers). */
final class IndexSort {
    @FunctionalInterface
    interface IntComparator {
        int compare(int a, int b);
    }

    private IndexSort() {}

    static void sort(int[] a, IntComparator cmp) {
        sort(a, 0, a.length, cmp);
    }

    /** Sorts {@code a[from, to)}. */
    static void sort(int[] whole, int from, int to, IntComparator cmp) {
        if (to - from < 2) {
            return;
        }
        int[] a = java.util.Arrays.copyOfRange(whole, from, to);
        sortAll(a, cmp);
        System.arraycopy(a, 0, whole, from, a.length);
    }

    private static void sortAll(int[] a, IntComparator cmp) {
        int[] src = a;
        int[] dst = new int[a.length];
        for (int width = 1; width < a.length; width *= 2) {
            for (int lo = 0; lo < a.length; lo += 2 * width) {
                int mid = Math.min(lo + width, a.length);
                int hi = Math.min(lo + 2 * width, a.length);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    dst[k++] = cmp.compare(src[j], src[i]) < 0 ? src[j++] : src[i++];
                }
                while (i < mid) {
                    dst[k++] = src[i++];
                }
                while (j < hi) {
                    dst[k++] = src[j++];
                }
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, a.length);
        }
    }
}
