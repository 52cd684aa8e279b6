package io.codeanatomy.engine.core.internal.exec.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.internal.exec.vector.BytesColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.DoubleColumn;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/**
 * Group ids of runs of equal keys (clustered input takes the previous row's id without a probe): runs of values,
 * of NULLs, and of multi-column keys that differ in one column only must still get their own ids.
 */
class KeyTableTest {
    private static final ArrowType BIGINT = new ArrowType.Int(64, true);

    /** The short-key byte comparison against {@link java.util.Arrays#equals}: lengths 0 to 40, equal and not. */
    @Test
    void sameBytesAgreesWithArraysEquals() {
        java.util.Random random = new java.util.Random(11);
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) random.nextInt(3);     // few distinct bytes: many equal ranges
        }
        int equal = 0;
        for (int trial = 0; trial < 200_000; trial++) {
            int aLength = random.nextInt(41);
            int bLength = random.nextBoolean() ? aLength : random.nextInt(41);
            int a = random.nextInt(data.length - aLength);
            int b = random.nextInt(data.length - bLength);
            boolean expected = java.util.Arrays.equals(data, a, a + aLength, data, b, b + bLength);
            assertThat(KeyTable.sameBytes(data, a, a + aLength, data, b, b + bLength)).isEqualTo(expected);
            equal += expected ? 1 : 0;
        }
        assertThat(equal).isGreaterThan(1000);     // the equal case was exercised, not only mismatches
    }

    /**
     * Grouping tables of one integer key start direct and turn into hash tables on a NULL key or keys spread too
     * wide: in every case, over batches, each key's group is its first-seen number (as a map computes it), lookups
     * agree, and the key columns list the keys in group order.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ascending", "descending", "dense", "nullLater", "spreadLater", "extremes"})
    void groupingTablesNumberKeysAsTheyFirstAppear(String shape) {
        java.util.Random random = new java.util.Random(shape.hashCode());
        int batches = 20;
        int rows = 4096;
        KeyTable table = KeyTable.forGrouping(new ArrowType[] {BIGINT}, 512);
        java.util.Map<Long, Integer> expected = new java.util.HashMap<>();    // null key: Long null
        java.util.List<Long> order = new java.util.ArrayList<>();
        for (int b = 0; b < batches; b++) {
            long[] values = new long[rows];
            boolean[] nulls = new boolean[rows];
            for (int i = 0; i < rows; i++) {
                long at = (long) b * rows + i;
                values[i] = switch (shape) {
                    case "ascending" -> 1_000 + at / 3;
                    case "descending" -> -at / 2;
                    case "dense" -> random.nextInt(50_000) - 25_000;
                    case "nullLater" -> random.nextInt(5_000);
                    case "spreadLater" -> b < 10 ? random.nextInt(5_000) : random.nextLong();
                    default -> random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(3) : Long.MIN_VALUE + random.nextInt(3);
                };
                nulls[i] = shape.equals("nullLater") && b >= 12 && i % 97 == 0;
            }
            LongColumn keys = new LongColumn(BIGINT, values, rows, nulls);
            int[] ids = table.assign(new Column[] {keys}, rows);
            for (int i = 0; i < rows; i++) {
                Long key = nulls[i] ? null : values[i];
                Integer id = expected.get(key);
                if (id == null && !expected.containsKey(key)) {
                    id = expected.size();
                    expected.put(key, id);
                    order.add(key);
                }
                assertThat(ids[i]).as("%s: batch %d row %d", shape, b, i).isEqualTo(id);
            }
            assertThat(table.find(new Column[] {keys}, rows)).containsExactly(ids);
        }
        assertThat(table.size()).isEqualTo(expected.size());
        Column keyColumn = table.keyColumns()[0];
        for (int g = 0; g < order.size(); g++) {
            assertThat(keyColumn.isNull(g) ? null : ((LongColumn) keyColumn).values[g]).isEqualTo(order.get(g));
        }
        LongColumn absent = new LongColumn(BIGINT, new long[] {Long.MIN_VALUE + 5, 123_456_789_012L}, 2, null);
        assertThat(table.find(new Column[] {absent}, 2)).containsExactly(
                expected.getOrDefault(Long.MIN_VALUE + 5, -1), expected.getOrDefault(123_456_789_012L, -1));
    }

    /**
     * Text key tuples, which a grouping table packs while each value fits its share (7 bytes for one column, 3 for
     * two, 1 for three or four): flags and codes with NULLs, empty strings and bytes above 0x7F; then a longer value
     * after some batches (the table turns into a hash table); and five columns, which never pack. The keys come as
     * columns, or as Arrow vectors read under a selection of rows (packed straight from their buffers), where a batch
     * with a computed key (no vector) takes the columns.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1, 7, 0, false", "2, 3, 0, false", "2, 3, 6, false", "3, 1, 0, false",
            "4, 1, 3, false", "5, 1, 0, false", "1, 7, 9, false", "1, 7, 0, true", "2, 3, 0, true", "2, 3, 6, true",
            "3, 1, 0, true", "4, 1, 3, true", "5, 1, 0, true", "1, 7, 9, true"})
    void groupingTablesOfTextKeysNumberKeysAsTheyFirstAppear(int columns, int share, int longerFromBatch,
                                                             boolean fromVectors) {
        java.util.Random random = new java.util.Random(columns * 31L + longerFromBatch);
        String[] alphabet = {"A", "N", "R", "\u00ff", "", "AB", "ABC", "\u00e9\u00e9", "x", null};
        KeyTable table = KeyTable.forGrouping(java.util.Collections.nCopies(columns, (ArrowType) ArrowType.Utf8.INSTANCE)
                .toArray(ArrowType[]::new), 512);
        java.util.Map<java.util.List<String>, Integer> expected = new java.util.HashMap<>();
        java.util.List<java.util.List<String>> order = new java.util.ArrayList<>();
        int rows = 1000;
        try (org.apache.arrow.memory.BufferAllocator allocator = new org.apache.arrow.memory.RootAllocator()) {
            for (int b = 0; b < 12; b++) {
                String[][] values = new String[columns][rows];
                for (int i = 0; i < rows; i++) {
                    for (int c = 0; c < columns; c++) {
                        String v = alphabet[random.nextInt(alphabet.length)];
                        while (v != null && v.getBytes(StandardCharsets.UTF_8).length > share) {
                            v = alphabet[random.nextInt(alphabet.length)];
                        }
                        boolean longer = longerFromBatch > 0 && b >= longerFromBatch && i % 50 == 7 && c == columns - 1;
                        values[c][i] = longer ? "a value longer than any share " + random.nextInt(3) : v;
                    }
                }
                // the vectors' batches but every third are read under a selection of about two thirds of their rows
                int[] selection = fromVectors && b % 3 != 0
                        ? java.util.stream.IntStream.range(0, rows).filter(i -> random.nextInt(3) != 0).toArray() : null;
                int n = selection == null ? rows : selection.length;
                Column[] keys = new Column[columns];
                for (int c = 0; c < columns; c++) {
                    String[] selected = new String[n];
                    for (int i = 0; i < n; i++) {
                        selected[i] = values[c][selection == null ? i : selection[i]];
                    }
                    keys[c] = text(selected);
                }
                int[] ids;
                if (fromVectors) {
                    org.apache.arrow.vector.VarCharVector[] vectors = new org.apache.arrow.vector.VarCharVector[columns];
                    try {
                        for (int c = 0; c < columns; c++) {
                            vectors[c] = vector(allocator, values[c]);
                        }
                        org.apache.arrow.vector.ValueVector[] read = vectors.clone();
                        if (b == 4) {
                            read[0] = null;     // a computed key: the columns
                        }
                        ids = table.assign(read, selection, n, () -> keys);
                    } finally {
                        for (org.apache.arrow.vector.VarCharVector vector : vectors) {
                            if (vector != null) {
                                vector.close();
                            }
                        }
                    }
                } else {
                    ids = table.assign(keys, n);
                }
                for (int i = 0; i < n; i++) {
                    java.util.List<String> key = new java.util.ArrayList<>();
                    for (int c = 0; c < columns; c++) {
                        key.add(values[c][selection == null ? i : selection[i]]);
                    }
                    Integer id = expected.get(key);
                    if (id == null) {
                        id = expected.size();
                        expected.put(key, id);
                        order.add(key);
                    }
                    assertThat(ids[i]).as("batch %d row %d: %s", b, i, key).isEqualTo(id);
                }
                assertThat(table.find(keys, n)).containsExactly(ids);
            }
        }
        BytesColumn absent = text(new String[] {"Z", "a value longer than any share"});
        assertThat(table.find(java.util.Collections.nCopies(columns, (Column) absent).toArray(Column[]::new), 2))
                .containsExactly(-1, -1);
        assertThat(table.size()).isEqualTo(expected.size());
        Column[] keyColumns = table.keyColumns();
        for (int g = 0; g < order.size(); g++) {
            for (int c = 0; c < columns; c++) {
                BytesColumn k = (BytesColumn) keyColumns[c];
                String stored = k.isNull(g) ? null : new String(k.data, k.offsets[g], k.offsets[g + 1] - k.offsets[g], StandardCharsets.UTF_8);
                assertThat(stored).isEqualTo(order.get(g).get(c));
            }
        }
    }

    private static org.apache.arrow.vector.VarCharVector vector(org.apache.arrow.memory.BufferAllocator allocator,
                                                                String[] values) {
        org.apache.arrow.vector.VarCharVector vector = new org.apache.arrow.vector.VarCharVector("k", allocator);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                vector.setNull(i);
            } else {
                vector.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
            }
        }
        vector.setValueCount(values.length);
        return vector;
    }

    private static BytesColumn text(String[] values) {
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        int[] offsets = new int[values.length + 1];
        boolean[] nulls = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            nulls[i] = values[i] == null;
            if (values[i] != null) {
                data.writeBytes(values[i].getBytes(StandardCharsets.UTF_8));
            }
            offsets[i + 1] = data.size();
        }
        return new BytesColumn(ArrowType.Utf8.INSTANCE, data.toByteArray(), offsets, values.length, nulls);
    }

    @Test
    void runsOfOneIntegerKeyIncludingNullsGetTheirGroups() {
        LongColumn keys = new LongColumn(BIGINT, new long[] {7, 7, 0, 0, 0, 9, 9, 7, 0}, 9,
                new boolean[] {false, false, true, true, false, false, false, false, true});
        KeyTable table = new KeyTable(new ArrowType[] {BIGINT});
        // 0 (a value) right after NULLs (whose slot holds 0) is a group of its own
        assertThat(table.assign(new Column[] {keys}, 9)).containsExactly(0, 0, 1, 1, 2, 3, 3, 0, 1);
        assertThat(table.find(new Column[] {keys}, 9)).containsExactly(0, 0, 1, 1, 2, 3, 3, 0, 1);
        assertThat(table.size()).isEqualTo(4);
    }

    /** Tables past the caches read rows' slots ahead of the probes, across growth and batch boundaries. */
    @Test
    void largeTablesAssignAndFindEveryKey() {
        int n = 300_000;
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = (i * 2_654_435_761L) % 1_000_003;    // scattered, every key distinct
        }
        KeyTable table = new KeyTable(new ArrowType[] {BIGINT});
        int[] ids = table.assign(new Column[] {new LongColumn(BIGINT, values, n, null)}, n);
        assertThat(table.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(ids[i]).isEqualTo(i);
        }
        long[] probes = new long[n];
        for (int i = 0; i < n; i++) {
            probes[i] = i % 2 == 0 ? values[n - 1 - i] : -1 - i;   // half present (in reverse), half absent
        }
        int[] found = table.find(new Column[] {new LongColumn(BIGINT, probes, n, null)}, n);
        for (int i = 0; i < n; i++) {
            assertThat(found[i]).isEqualTo(i % 2 == 0 ? n - 1 - i : -1);
        }
    }

    @Test
    void multiColumnRunsBreakWhereAnyColumnChanges() {
        LongColumn first = new LongColumn(BIGINT, new long[] {1, 1, 1, 1, 2}, 5, null);
        BytesColumn second = utf8("ab", "ab", "abc", "ab", "ab");
        KeyTable table = new KeyTable(new ArrowType[] {BIGINT, ArrowType.Utf8.INSTANCE});
        assertThat(table.assign(new Column[] {first, second}, 5)).containsExactly(0, 0, 1, 0, 2);
        assertThat(KeyTable.sameRows(new Column[] {first, second}, 0, 1)).isTrue();
        assertThat(KeyTable.sameRows(new Column[] {first, second}, 1, 2)).isFalse();
    }

    @Test
    void columnsItDoesNotCompareAlwaysProbe() {
        ArrowType dbl = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        DoubleColumn keys = new DoubleColumn(dbl, new double[] {0.0, -0.0, 1.5, 1.5}, 4, null);
        assertThat(KeyTable.sameRows(new Column[] {keys}, 2, 3)).isFalse();
        KeyTable table = new KeyTable(new ArrowType[] {dbl});
        int[] ids = table.assign(new Column[] {keys}, 4);
        assertThat(ids[3]).isEqualTo(ids[2]);
    }

    private static BytesColumn utf8(String... values) {
        int[] offsets = new int[values.length + 1];
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            all.append(values[i]);
            offsets[i + 1] = all.length();
        }
        return new BytesColumn(ArrowType.Utf8.INSTANCE, all.toString().getBytes(StandardCharsets.UTF_8), offsets,
                values.length, null);
    }
}
