package io.codeanatomy.engine.ext.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntervalSweepTest {
    private record Pair(int left, int right, long distance) {}

    private static IntervalSweep.Side random(Random random, int n, int partitions, int range) {
        int[] part = new int[n];
        long[] start = new long[n];
        long[] end = new long[n];
        for (int i = 0; i < n; i++) {
            part[i] = random.nextInt(10) == 0 ? -1 : random.nextInt(partitions);
            start[i] = random.nextInt(range);
            end[i] = start[i] + random.nextInt(18) - 2; // some empty and some invalid (end < start) spans
        }
        return new IntervalSweep.Side(part, start, end);
    }

    /** The definition, checked on every pair. */
    private static List<Pair> bruteForce(IntervalSweep.Mode mode, IntervalSweep.Side l, IntervalSweep.Side r) {
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            int best = -1;
            long bestDistance = -1;
            for (int j = 0; j < r.size(); j++) {
                if (!l.valid(i) || !r.valid(j) || l.partition()[i] != r.partition()[j]) {
                    continue;
                }
                long ls = l.start()[i], le = l.end()[i], rs = r.start()[j], re = r.end()[j];
                switch (mode) {
                    case CONTAINS -> {
                        if (SpanMath.contains(ls, le, rs, re)) {
                            out.add(new Pair(i, j, 0));
                        }
                    }
                    case OVERLAPS -> {
                        if (SpanMath.overlaps(ls, le, rs, re)) {
                            out.add(new Pair(i, j, 0));
                        }
                    }
                    case NEAREST -> {
                        long d = SpanMath.distance(ls, le, rs, re);
                        if (best < 0 || d < bestDistance || (d == bestDistance && (rs < r.start()[best]
                                || (rs == r.start()[best] && re < r.end()[best])))) { // equal (start, end): lower row kept
                            best = j;
                            bestDistance = d;
                        }
                    }
                }
            }
            if (mode == IntervalSweep.Mode.NEAREST) {
                out.add(new Pair(i, best, best < 0 ? -1 : bestDistance));
            }
        }
        out.sort(Comparator.<Pair>comparingInt(Pair::left)
                .thenComparingLong(p -> p.right() < 0 ? Long.MIN_VALUE : r.start()[p.right()])
                .thenComparingLong(p -> p.right() < 0 ? Long.MIN_VALUE : r.end()[p.right()])
                .thenComparingInt(Pair::right));
        return out;
    }

    private static List<Pair> pairs(IntervalSweep.Pairs p) {
        List<Pair> out = new ArrayList<>();
        for (int k = 0; k < p.size(); k++) {
            out.add(new Pair(p.left()[k], p.right()[k], p.distance()[k]));
        }
        return out;
    }

    @Test
    void everyModeAgreesWithBruteForceOnRandomSpans() {
        Random random = new Random(20261201);
        int checkedPairs = 0;
        for (int round = 0; round < 400; round++) {
            int range = 1 + random.nextInt(round % 2 == 0 ? 30 : 300);
            IntervalSweep.Side l = random(random, random.nextInt(120), 1 + random.nextInt(4), range);
            IntervalSweep.Side r = random(random, random.nextInt(120), 1 + random.nextInt(4), range);
            for (IntervalSweep.Mode mode : IntervalSweep.Mode.values()) {
                List<Pair> expected = bruteForce(mode, l, r);
                assertThat(pairs(IntervalSweep.align(mode, l, r))).as("round %d, %s", round, mode).isEqualTo(expected);
                checkedPairs += expected.size();
            }
        }
        assertThat(checkedPairs).isGreaterThan(10_000);
    }

    @Test
    void nestedSpansAreAllFound() {
        int n = 50; // [0,100) ⊃ [1,99) ⊃ ... : every left contains every later right
        long[] s = new long[n];
        long[] e = new long[n];
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = i;
            e[i] = 100 - i;
        }
        IntervalSweep.Side side = new IntervalSweep.Side(p, s, e);
        assertThat(IntervalSweep.align(IntervalSweep.Mode.CONTAINS, side, side).size()).isEqualTo(n * (n + 1) / 2);
        assertThat(IntervalSweep.align(IntervalSweep.Mode.OVERLAPS, side, side).size()).isEqualTo(n * n);
    }
}
