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
