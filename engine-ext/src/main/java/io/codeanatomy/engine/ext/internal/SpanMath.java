package io.codeanatomy.engine.ext.internal;

/** Span predicates over half-open byte spans [start, end), shared by the SQL functions and interval_align. */
public final class SpanMath {
    private SpanMath() {}

    /** a contains b: a_start <= b_start and b_end <= a_end. */
    public static boolean contains(long aStart, long aEnd, long bStart, long bEnd) {
        return aStart <= bStart && bEnd <= aEnd;
    }

    /** a and b share a byte: max(starts) < min(ends). */
    public static boolean overlaps(long aStart, long aEnd, long bStart, long bEnd) {
        return Math.max(aStart, bStart) < Math.min(aEnd, bEnd);
    }

    /** The gap between two spans, 0 when they overlap or touch. */
    public static long distance(long aStart, long aEnd, long bStart, long bEnd) {
        return Math.max(0, Math.max(bStart - aEnd, aStart - bEnd));
    }
}
