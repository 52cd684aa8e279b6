package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.BytesColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import io.codeanatomy.engine.core.internal.exec.vector.PhysicalKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * {@code operand IN (c1, c2, ...)} or {@code operand NOT IN (...)} over non-NULL constants: what an OR of equalities
 * (an AND of inequalities) of one expression with constants becomes, and how Calcite's {@code SEARCH} of points
 * arrives. The operand is evaluated once per batch and each row looked up in the constants, where the OR would
 * evaluate it again for every constant (TPC-H q22 takes {@code SUBSTRING(c_phone, 1, 2)} of each customer seven
 * times). NULL semantics are those of the OR (AND) it replaces: a NULL operand gives NULL.
 *
 * @param tests   the comparisons it replaces, in order: their constants, and the fallback for a batch whose operand
 *                arrives in another form (decimals too wide for a long)
 * @param negated NOT IN (the comparisons are {@code <>}, combined with AND)
 */
public record InList(PhysicalExpr operand, List<ConstantComparison> tests, boolean negated, boolean nullable,
                     Membership membership) implements PhysicalExpr {
    /** Lists up to this long are searched linearly; longer ones through a sorted array or a hash table. */
    private static final int LINEAR = 8;

    public InList {
        tests = List.copyOf(tests);
    }

    /**
     * {@code terms} of an AND ({@code conjunction}) or OR with every group of two or more inequalities (equalities)
     * of one deterministic operand with constants replaced by one {@code InList}, placed where the group's first
     * term was: the operand is then evaluated on the same rows as before, and the other terms keep their order.
     */
    public static List<PhysicalExpr> grouped(List<PhysicalExpr> terms, boolean conjunction) {
        String symbol = conjunction ? "<>" : "=";
        // by the operand itself (expressions are records): two columns may show the same name
        Map<PhysicalExpr, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < terms.size(); i++) {
            if (terms.get(i) instanceof ConstantComparison c && c.symbol().equals(symbol) && membership(c) != null
                    && c.operand().deterministic()) {
                groups.computeIfAbsent(c.operand(), k -> new ArrayList<>()).add(i);
            }
        }
        if (groups.values().stream().allMatch(g -> g.size() < 2)) {
            return terms;
        }
        List<PhysicalExpr> out = new ArrayList<>();
        boolean[] absorbed = new boolean[terms.size()];
        PhysicalExpr[] replacement = new PhysicalExpr[terms.size()];
        for (List<Integer> group : groups.values()) {
            if (group.size() < 2) {
                continue;
            }
            List<ConstantComparison> tests = group.stream().map(i -> (ConstantComparison) terms.get(i)).toList();
            group.forEach(i -> absorbed[i] = true);
            replacement[group.getFirst()] = of(tests, conjunction);
        }
        for (int i = 0; i < terms.size(); i++) {
            if (replacement[i] != null) {
                out.add(replacement[i]);
            } else if (!absorbed[i]) {
                out.add(terms.get(i));
            }
        }
        return out;
    }

    private static InList of(List<ConstantComparison> tests, boolean negated) {
        ConstantComparison first = tests.getFirst();
        List<Membership> parts = tests.stream().map(InList::membership).toList();
        Membership membership = switch (parts.getFirst()) {
            case Longs _ -> Longs.of(parts.stream().flatMapToLong(p -> Arrays.stream(((Longs) p).sorted)).toArray());
            case Texts _ -> Texts.of(parts.stream().map(p -> ((Texts) p).values[0]).toArray(byte[][]::new));
        };
        return new InList(first.operand(), tests, negated, tests.stream().anyMatch(ConstantComparison::nullable), membership);
    }

    /** The one constant of {@code c} as a set, when its operand's values are longs or bytes; else null. */
    private static Membership membership(ConstantComparison c) {
        ArrowType type = c.operand().type();
        Object value = c.constant().value();
        try {
            return switch (PhysicalKind.of(type)) {
                case LONG -> Longs.of(new long[] {Columns.constantLong(type, value)});
                case BYTES -> Texts.of(new byte[][] {value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8)});
                default -> null;
            };
        } catch (ArithmeticException | ClassCastException e) {
            return null;       // a constant the operand's long form cannot hold (a decimal wider than 64 bits)
        }
    }

    @Override
    public Column evaluate(EvalInput input) {
        int n = input.rows();
        Column values = operand.evaluate(input);
        boolean[] out = new boolean[n];
        boolean found = !negated;
        switch (membership) {
            case Longs longs when values instanceof LongColumn column -> {
                long[] v = column.values;
                for (int i = 0; i < n; i++) {
                    out[i] = longs.contains(v[i]) == found;
                }
            }
            case Texts texts when values instanceof BytesColumn column -> {
                byte[] data = column.data;
                int[] offsets = column.offsets;
                for (int i = 0; i < n; i++) {
                    out[i] = texts.contains(data, offsets[i], offsets[i + 1]) == found;
                }
            }
            default -> {
                return Logic.combine(input, List.<PhysicalExpr>copyOf(tests), negated);
            }
        }
        return new BoolColumn(out, n, values.nulls == null ? null : Arrays.copyOf(values.nulls, n));
    }

    @Override
    public ArrowType type() {
        return ArrowType.Bool.INSTANCE;
    }

    @Override
    public List<PhysicalExpr> children() {
        return List.of(operand);
    }

    @Override
    public String display() {
        return tests.stream().map(t -> t.constant().display())
                .collect(Collectors.joining(", ", "(" + operand.display() + (negated ? " NOT IN (" : " IN ("), "))"));
    }

    /** The constants of an {@link InList}, in the form its operand's column holds them. */
    public sealed interface Membership permits Longs, Texts {}

    /** Integers, dates and decimals as longs; sorted, without duplicates. */
    record Longs(long[] sorted) implements Membership {
        static Longs of(long[] values) {
            return new Longs(Arrays.stream(values).sorted().distinct().toArray());
        }

        boolean contains(long value) {
            if (sorted.length <= LINEAR) {
                for (long c : sorted) {
                    if (c == value) {
                        return true;
                    }
                }
                return false;
            }
            return Arrays.binarySearch(sorted, value) >= 0;
        }
    }

    /**
     * Texts as UTF-8 bytes. Short lists compare lengths first, then bytes; long ones go through an open-addressing
     * table of indexes into {@code values} by a hash of the bytes.
     */
    record Texts(byte[][] values, int[] slots) implements Membership {
        static Texts of(byte[][] values) {
            if (values.length <= LINEAR) {
                return new Texts(values, null);
            }
            int[] slots = new int[Integer.highestOneBit(values.length * 4 - 1) << 1];
            Arrays.fill(slots, -1);
            for (int v = 0; v < values.length; v++) {
                int slot = hash(values[v], 0, values[v].length) & (slots.length - 1);
                while (slots[slot] >= 0) {
                    slot = (slot + 1) & (slots.length - 1);
                }
                slots[slot] = v;
            }
            return new Texts(values, slots);
        }

        boolean contains(byte[] data, int from, int to) {
            if (slots == null) {
                for (byte[] c : values) {
                    if (c.length == to - from && Arrays.equals(data, from, to, c, 0, c.length)) {
                        return true;
                    }
                }
                return false;
            }
            int slot = hash(data, from, to) & (slots.length - 1);
            for (int v; (v = slots[slot]) >= 0; slot = (slot + 1) & (slots.length - 1)) {
                if (values[v].length == to - from && Arrays.equals(data, from, to, values[v], 0, values[v].length)) {
                    return true;
                }
            }
            return false;
        }

        private static int hash(byte[] data, int from, int to) {
            int h = to - from;
            for (int i = from; i < to; i++) {
                h = 31 * h + data[i];
            }
            return h ^ (h >>> 16);
        }
    }
}
