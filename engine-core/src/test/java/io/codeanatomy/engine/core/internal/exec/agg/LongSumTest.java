package io.codeanatomy.engine.core.internal.exec.agg;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/**
 * SUM over integers and decimals, checked against BigInteger sums: one group, few and many, groups without rows, and
 * sums that overflow a long part way through a batch (the unchecked additions are taken back and redone, widening).
 */
class LongSumTest {
    private static final ArrowType DECIMAL = new ArrowType.Decimal(38, 2, 128);

    @Test
    void fewAndManyGroupsSumExactly() {
        SplittableRandom random = new SplittableRandom(7);
        for (int groupCount : new int[] {1, 2, 4, 15, 16, 17, 300}) {
            for (int n : new int[] {1, 3, 4, 5, 1000, 8192}) {
                // odd group ids left out where there are several: groups in between without rows
                int[] groups = random.ints(n, 0, groupCount).map(g -> groupCount > 2 ? g & ~1 : g).toArray();
                long[] values = random.longs(n, -1_000_000_000L, 1_000_000_000L).toArray();
                check(groups, values);
            }
        }
    }

    @Test
    void overflowPartWayThroughABatchWidensTheSum() {
        // per group: large values of one sign, so the running sum leaves the long range, for few groups and many
        for (int groupCount : new int[] {2, 4, 40}) {
            int n = 999;
            int[] groups = new int[n];
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                groups[i] = i % groupCount;
                values[i] = (i % 3 == 0 ? -1 : 1) * (Long.MAX_VALUE / 5);
            }
            check(groups, values);
        }
    }

    @Test
    void batchesAddUpAcrossCalls() {
        Accumulators.LongSum sum = new Accumulators.LongSum(DECIMAL, false);
        BigInteger[] expected = new BigInteger[3];
        SplittableRandom random = new SplittableRandom(11);
        for (int batch = 0; batch < 50; batch++) {
            int n = 1 + random.nextInt(40);
            int[] groups = random.ints(n, 0, 3).toArray();
            long[] values = random.longs(n, Long.MIN_VALUE / 8, Long.MAX_VALUE / 8).toArray();
            sum.update(groups, n, new Column[] {new LongColumn(DECIMAL, values, n, null)});
            addTo(expected, groups, values);
        }
        assertSums(sum.finish(3), expected);
    }

    private static void check(int[] groups, long[] values) {
        Accumulators.LongSum sum = new Accumulators.LongSum(DECIMAL, false);
        sum.update(groups, groups.length, new Column[] {new LongColumn(DECIMAL, values, values.length, null)});
        // as many groups as the grouping table would have made: up to the largest id a row has
        BigInteger[] expected = new BigInteger[java.util.Arrays.stream(groups).max().orElseThrow() + 1];
        addTo(expected, groups, values);
        assertSums(sum.finish(expected.length), expected);
    }

    /** Adds each value to its group's exact sum (null until the group has a row). */
    private static void addTo(BigInteger[] expected, int[] groups, long[] values) {
        for (int i = 0; i < groups.length; i++) {
            BigInteger previous = expected[groups[i]] == null ? BigInteger.ZERO : expected[groups[i]];
            expected[groups[i]] = previous.add(BigInteger.valueOf(values[i]));
        }
    }

    /** The sums as unscaled values (null for a group without rows), whichever column type they came back in. */
    private static void assertSums(Column result, BigInteger[] expected) {
        for (int g = 0; g < expected.length; g++) {
            Object value = result.get(g);
            BigInteger actual = switch (value) {
                case null -> null;
                case BigDecimal d -> d.unscaledValue();
                case Long l -> BigInteger.valueOf(l);
                default -> throw new AssertionError("unexpected sum " + value.getClass());
            };
            assertThat(actual).as("group %d of %d", g, expected.length).isEqualTo(expected[g]);
        }
    }
}
