package io.codeanatomy.engine.core.internal.exec.agg;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.internal.exec.expr.Comparisons;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.DoubleColumn;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import io.codeanatomy.engine.core.internal.exec.vector.ObjectColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Scalars;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Typed accumulators over primitive arrays that grow with the group count. */
public final class Accumulators {
    private Accumulators() {}

    public static Accumulator create(AggregateCall call, ArrowType argType) {
        return switch (call.kind()) {
            case COUNT_STAR -> new Count(true);
            case COUNT -> new Count(false);
            case SUM, SUM0 -> call.resultType() instanceof ArrowType.FloatingPoint
                    ? new DoubleSum(call.resultType(), call.kind() == AggregateKind.SUM0)
                    : new LongSum(call.resultType(), call.kind() == AggregateKind.SUM0);
            case MIN, MAX, ANY_VALUE -> new MinMax(call.resultType(), call.kind());
            case AVG -> new Avg(argType, call.resultType(), false);
            case AVG_MERGE -> new Avg(argType, call.resultType(), true);
            case BOOL_AND, BOOL_OR -> new BoolAgg(call.kind() == AggregateKind.BOOL_AND);
            case LITERAL -> new Accumulator() {
                @Override
                public void update(int[] groups, int n, int groupCount, Column[] args) {}

                @Override
                public Column finish(int groupCount) {
                    return io.codeanatomy.engine.core.internal.exec.vector.Columns.constant(call.resultType(), call.literal(),
                            groupCount);
                }
            };
            case EXTENSION -> throw new IllegalArgumentException("extension aggregates need an allocator: use ExtensionAccumulator");
        };
    }

    static int grow(int current, int needed) {
        return Math.max(needed, Math.max(16, current * 2));
    }

    static final class Count implements Accumulator {
        private final boolean star;
        private long[] counts = new long[16];

        Count(boolean star) {
            this.star = star;
        }

        @Override
        public void update(int[] groups, int n, int groupCount, Column[] args) {
            ensure(groupCount);
            if (groupCount == 1 && (star || args.length == 1)) {
                // one group (a global aggregate): the count is the rows, less the NULLs
                counts[0] += star ? n : n - nullsIn(args[0], n);
                return;
            }
            if (star) {
                for (int i = 0; i < n; i++) {
                    counts[groups[i]]++;
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                boolean anyNull = false;
                for (Column a : args) {
                    anyNull |= a.isNull(i);
                }
                if (!anyNull) {
                    counts[groups[i]]++;
                }
            }
        }

        private static int nullsIn(Column column, int n) {
            int nulls = 0;
            for (int i = 0; i < n; i++) {
                nulls += column.isNull(i) ? 1 : 0;
            }
            return nulls;
        }

        /** Makes room for {@code groupCount} groups. */
        private void ensure(int groupCount) {
            if (groupCount > counts.length) {
                counts = Arrays.copyOf(counts, grow(counts.length, groupCount));
            }
        }

        @Override
        public Column finish(int groupCount) {
            return new LongColumn(new ArrowType.Int(64, true), Arrays.copyOf(counts, groupCount), groupCount, null);
        }
    }

    /** SUM of integers and decimals: 64-bit sums, widened to BigInteger per group on overflow. */
    static final class LongSum implements Accumulator {
        private final ArrowType resultType;
        private final boolean zeroWhenEmpty;
        private long[] sums = new long[16];
        private boolean[] seen = new boolean[16];
        private BigInteger[] wide;

        LongSum(ArrowType resultType, boolean zeroWhenEmpty) {
            this.resultType = resultType;
            this.zeroWhenEmpty = zeroWhenEmpty;
        }

        /**
         * Adds the rows without a check or branch per row, and reports whether no sum overflowed on the way. When one
         * did, it takes the rows back out (wrapping addition undoes exactly) and returns false, and the caller adds
         * them again with a check per row, widening the sums that need it.
         */
        private boolean addWrapping(int[] groups, int n, long[] v) {
            long overflow = 0;
            for (int i = 0; i < n; i++) {
                int g = groups[i];
                long s = sums[g];
                long r = s + v[i];
                overflow |= (s ^ r) & (v[i] ^ r);
                sums[g] = r;
                seen[g] = true;
            }
            if (overflow >= 0) {
                return true;
            }
            for (int i = 0; i < n; i++) {
                sums[groups[i]] -= v[i];
            }
            return false;
        }

        /**
         * {@link #addWrapping} when every row is in group 0 (a global aggregate): the sum stays in a register instead
         * of going through memory at every row, and an overflow leaves group 0's sum as it was.
         */
        private boolean addToOneGroup(int n, long[] v) {
            long s = sums[0];
            long overflow = 0;
            for (int i = 0; i < n; i++) {
                long r = s + v[i];
                overflow |= (s ^ r) & (v[i] ^ r);
                s = r;
            }
            if (overflow < 0) {
                return false;
            }
            sums[0] = s;
            seen[0] = true;         // n > 0: there was a row
            return true;
        }

        @Override
        public void update(int[] groups, int n, int groupCount, Column[] args) {
            if (groupCount > sums.length) {
                int size = grow(sums.length, groupCount);
                sums = Arrays.copyOf(sums, size);
                seen = Arrays.copyOf(seen, size);
                if (wide != null) {
                    wide = Arrays.copyOf(wide, size);
                }
            }
            Column arg = args[0];
            if (arg instanceof LongColumn l && wide == null && !l.hasNulls()
                    && (groupCount == 1 && n > 0 ? addToOneGroup(n, l.values) : addWrapping(groups, n, l.values))) {
                return;
            }
            if (arg instanceof LongColumn l) {
                long[] v = l.values;
                for (int i = 0; i < n; i++) {
                    if (l.isNull(i)) {
                        continue;
                    }
                    int g = groups[i];
                    seen[g] = true;
                    if (wide != null && wide[g] != null) {
                        wide[g] = wide[g].add(BigInteger.valueOf(v[i]));
                        continue;
                    }
                    long s = sums[g];
                    long r = s + v[i];
                    if (((s ^ r) & (v[i] ^ r)) < 0) {
                        widen(g);
                        wide[g] = wide[g].add(BigInteger.valueOf(v[i]));
                    } else {
                        sums[g] = r;
                    }
                }
            } else {
                int scale = resultType instanceof ArrowType.Decimal d ? d.getScale() : 0;
                for (int i = 0; i < n; i++) {
                    Object o = arg.get(i);
                    if (o == null) {
                        continue;
                    }
                    int g = groups[i];
                    seen[g] = true;
                    BigInteger unscaled = ((BigDecimal) o).setScale(scale, RoundingMode.UNNECESSARY).unscaledValue();
                    widen(g);
                    wide[g] = wide[g].add(unscaled);
                }
            }
        }

        private BigInteger widen(int g) {
            if (wide == null) {
                wide = new BigInteger[sums.length];
            }
            if (wide[g] == null) {
                wide[g] = BigInteger.valueOf(sums[g]);
            }
            return wide[g];
        }

        @Override
        public Column finish(int groupCount) {
            boolean[] nulls = null;
            boolean anyWide = false;
            for (int g = 0; g < groupCount; g++) {
                if (!seen[g] && !zeroWhenEmpty) {
                    if (nulls == null) {
                        nulls = new boolean[groupCount];
                    }
                    nulls[g] = true;
                }
                anyWide |= wide != null && wide[g] != null;
            }
            if (!anyWide) {
                return new LongColumn(resultType, Arrays.copyOf(sums, groupCount), groupCount, nulls);
            }
            if (!(resultType instanceof ArrowType.Decimal d)) {
                throw new ExecutionException("SUM overflowed BIGINT; CAST its argument to DECIMAL(38, 0)");
            }
            Object[] out = new Object[groupCount];
            for (int g = 0; g < groupCount; g++) {
                if (nulls != null && nulls[g]) {
                    continue;
                }
                BigInteger v = wide != null && wide[g] != null ? wide[g] : BigInteger.valueOf(sums[g]);
                out[g] = new BigDecimal(v, d.getScale());
            }
            return new ObjectColumn(resultType, out, groupCount);
        }
    }

    static final class DoubleSum implements Accumulator {
        private final ArrowType resultType;
        private final boolean zeroWhenEmpty;
        private double[] sums = new double[16];
        private boolean[] seen = new boolean[16];

        DoubleSum(ArrowType resultType, boolean zeroWhenEmpty) {
            this.resultType = resultType;
            this.zeroWhenEmpty = zeroWhenEmpty;
        }

        @Override
        public void update(int[] groups, int n, int groupCount, Column[] args) {
            if (groupCount > sums.length) {
                int size = grow(sums.length, groupCount);
                sums = Arrays.copyOf(sums, size);
                seen = Arrays.copyOf(seen, size);
            }
            Column arg = args[0];
            if (groupCount == 1 && n > 0 && arg instanceof DoubleColumn d && d.nulls == null) {
                double sum = sums[0];          // one group: in a register, added in row order as the loop below would
                for (int i = 0; i < n; i++) {
                    sum += d.values[i];
                }
                sums[0] = sum;
                seen[0] = true;
                return;
            }
            for (int i = 0; i < n; i++) {
                if (arg.isNull(i)) {
                    continue;
                }
                double v = arg instanceof DoubleColumn d ? d.values[i] : ((Number) Scalars.toExternal(arg.type, arg.get(i))).doubleValue();
                sums[groups[i]] += v;
                seen[groups[i]] = true;
            }
        }

        @Override
        public Column finish(int groupCount) {
            boolean[] nulls = null;
            for (int g = 0; g < groupCount; g++) {
                if (!seen[g] && !zeroWhenEmpty) {
                    if (nulls == null) {
                        nulls = new boolean[groupCount];
                    }
                    nulls[g] = true;
                }
            }
            return new DoubleColumn(resultType, Arrays.copyOf(sums, groupCount), groupCount, nulls);
        }
    }

    static final class MinMax implements Accumulator {
        private final ArrowType resultType;
        private final AggregateKind kind;
        private Object[] best = new Object[16];

        MinMax(ArrowType resultType, AggregateKind kind) {
            this.resultType = resultType;
            this.kind = kind;
        }

        @Override
        public void update(int[] groups, int n, int groupCount, Column[] args) {
            if (groupCount > best.length) {
                best = Arrays.copyOf(best, grow(best.length, groupCount));
            }
            Column arg = args[0];
            for (int i = 0; i < n; i++) {
                if (arg.isNull(i)) {
                    continue;
                }
                int g = groups[i];
                Object v = arg.get(i);
                Object b = best[g];
                if (b == null) {
                    best[g] = v;
                } else if (kind != AggregateKind.ANY_VALUE) {
                    int c = Comparisons.compareObjects(v, b);
                    if (kind == AggregateKind.MIN ? c < 0 : c > 0) {
                        best[g] = v;
                    }
                }
            }
        }

        @Override
        public Column finish(int groupCount) {
            Object[] out = Arrays.copyOf(best, groupCount);
            return io.codeanatomy.engine.core.internal.exec.expr.Casts.cast(new ObjectColumn(resultType, out, groupCount), resultType, groupCount);
        }
    }

    public static final class Avg implements Accumulator {
        private final ArrowType resultType;
        private final boolean merge;
        private final LongSum longSum;
        private final DoubleSum doubleSum;
        private final Accumulator count;

        /**
         * The average of {@code argType} values, or with {@code merge} the average of partial averages: then the
         * arguments are a partial sum (of type {@code argType}) and a partial count per row.
         */
        Avg(ArrowType argType, ArrowType resultType, boolean merge) {
            this.resultType = resultType;
            this.merge = merge;
            boolean exact = argType instanceof ArrowType.Int || argType instanceof ArrowType.Decimal;
            this.longSum = exact ? new LongSum(partialSumType(argType), false) : null;
            this.doubleSum = exact ? null : new DoubleSum(partialSumType(argType), false);
            this.count = merge ? new LongSum(new ArrowType.Int(64, true), true) : new Count(false);
        }

        /** The type an average sums its {@code argType} arguments in: exact for integers and decimals. */
        public static ArrowType partialSumType(ArrowType argType) {
            return switch (argType) {
                case ArrowType.Decimal d -> new ArrowType.Decimal(38, d.getScale(), 128);
                case ArrowType.Int i -> new ArrowType.Decimal(38, 0, 128);
                default -> new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE);
            };
        }

        @Override
        public void update(int[] groups, int n, int groupCount, Column[] args) {
            Column[] values = merge ? new Column[] {args[0]} : args;
            if (longSum != null) {
                longSum.update(groups, n, groupCount, values);
            } else {
                doubleSum.update(groups, n, groupCount, values);
            }
            count.update(groups, n, groupCount, merge ? new Column[] {args[1]} : args);
        }

        @Override
        public Column finish(int groupCount) {
            Column sums = longSum != null ? longSum.finish(groupCount) : doubleSum.finish(groupCount);
            long[] counts = ((LongColumn) count.finish(groupCount)).values;
            if (resultType instanceof ArrowType.FloatingPoint) {
                double[] out = new double[groupCount];
                boolean[] nulls = null;
                for (int g = 0; g < groupCount; g++) {
                    if (counts[g] == 0) {
                        if (nulls == null) {
                            nulls = new boolean[groupCount];
                        }
                        nulls[g] = true;
                        continue;
                    }
                    double s = sums instanceof DoubleColumn d ? d.values[g] : ((BigDecimal) sums.get(g)).doubleValue();
                    out[g] = s / counts[g];
                }
                return new DoubleColumn(resultType, out, groupCount, nulls);
            }
            int scale = resultType instanceof ArrowType.Decimal d ? d.getScale() : 0;
            Object[] out = new Object[groupCount];
            for (int g = 0; g < groupCount; g++) {
                if (counts[g] == 0) {
                    continue;
                }
                BigDecimal s = sums.get(g) instanceof BigDecimal bd ? bd : BigDecimal.valueOf(((Number) sums.get(g)).doubleValue());
                out[g] = s.divide(BigDecimal.valueOf(counts[g]), scale, RoundingMode.HALF_UP);
            }
            return io.codeanatomy.engine.core.internal.exec.expr.Casts.cast(new ObjectColumn(resultType, out, groupCount), resultType, groupCount);
        }
    }

    static final class BoolAgg implements Accumulator {
        private final boolean and;
        private byte[] state = new byte[16];     // 0 = no value, 1 = false, 2 = true

        BoolAgg(boolean and) {
            this.and = and;
        }

        @Override
        public void update(int[] groups, int n, int groupCount, Column[] args) {
            if (groupCount > state.length) {
                state = Arrays.copyOf(state, grow(state.length, groupCount));
            }
            BoolColumn arg = (BoolColumn) args[0];
            for (int i = 0; i < n; i++) {
                if (arg.isNull(i)) {
                    continue;
                }
                int g = groups[i];
                boolean v = arg.values[i];
                boolean current = state[g] == 0 ? v : state[g] == 2;
                state[g] = (byte) ((and ? current && v : current || v) ? 2 : 1);
            }
        }

        @Override
        public Column finish(int groupCount) {
            boolean[] out = new boolean[groupCount];
            boolean[] nulls = null;
            for (int g = 0; g < groupCount; g++) {
                if (state[g] == 0) {
                    if (nulls == null) {
                        nulls = new boolean[groupCount];
                    }
                    nulls[g] = true;
                }
                out[g] = state[g] == 2;
            }
            return new BoolColumn(out, groupCount, nulls);
        }
    }

    static int maxGroup(int[] groups, int n) {
        int max = -1;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, groups[i]);
        }
        return max;
    }
}
