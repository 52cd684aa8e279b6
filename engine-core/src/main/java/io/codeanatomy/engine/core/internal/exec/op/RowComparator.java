package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.expr.Comparisons;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.BytesColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.DoubleColumn;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import java.util.Arrays;
import java.util.List;

/** Compares rows of evaluated sort-key columns, honouring direction and NULL placement. */
final class RowComparator {
    private RowComparator() {}

    /** Compares row {@code i} of {@code a} with row {@code j} of {@code b}, one key. */
    static int compare(Column a, int i, Column b, int j, SortKey key) {
        boolean an = a.isNull(i);
        boolean bn = b.isNull(j);
        if (an || bn) {
            if (an && bn) {
                return 0;
            }
            return an == key.nullsFirst() ? -1 : 1;
        }
        int c = switch (a) {
            case LongColumn la when b instanceof LongColumn lb -> Long.compare(la.values[i], lb.values[j]);
            case DoubleColumn da when b instanceof DoubleColumn db -> Double.compare(da.values[i] + 0.0, db.values[j] + 0.0);
            case BytesColumn sa when b instanceof BytesColumn sb ->
                    Arrays.compareUnsigned(sa.data, sa.offsets[i], sa.offsets[i + 1], sb.data, sb.offsets[j], sb.offsets[j + 1]);
            case BoolColumn ba when b instanceof BoolColumn bb -> Boolean.compare(ba.values[i], bb.values[j]);
            default -> Comparisons.compareObjects(a.get(i), b.get(j));
        };
        return key.descending() ? -c : c;
    }

    static int compareRows(Column[] a, int i, Column[] b, int j, List<SortKey> keys) {
        for (int k = 0; k < keys.size(); k++) {
            int c = compare(a[k], i, b[k], j, keys.get(k));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
