package io.codeanatomy.engine.core.internal.exec.agg;

import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.ObjectColumn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/** Assigns dense group ids to key tuples. The generic version: boxed keys in a HashMap. */
public final class GroupTable {
    private final int keyCount;
    private final Map<GroupKey, Integer> ids = new HashMap<>();
    private final List<Object[]> keys = new ArrayList<>();

    public GroupTable(int keyCount) {
        this.keyCount = keyCount;
    }

    /** The group id of each of the {@code n} rows, creating groups as needed. */
    public int[] assign(Column[] keyColumns, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            Object[] key = new Object[keyCount];
            for (int k = 0; k < keyCount; k++) {
                Object v = keyColumns[k].get(i);
                key[k] = v;
            }
            GroupKey gk = new GroupKey(key);
            Integer id = ids.get(gk);
            if (id == null) {
                id = keys.size();
                ids.put(gk, id);
                keys.add(key);
            }
            out[i] = id;
        }
        return out;
    }

    public int size() {
        return keys.size();
    }

    /** The key values of every group, as one column per key, typed like the input columns. */
    public Column[] keyColumns(Schema input, int[] keyIndexes) {
        Column[] out = new Column[keyCount];
        for (int k = 0; k < keyCount; k++) {
            Object[] values = new Object[keys.size()];
            for (int g = 0; g < keys.size(); g++) {
                values[g] = keys.get(g)[k];
            }
            out[k] = new ObjectColumn(input.getFields().get(keyIndexes[k]).getType(), values, values.length);
        }
        return out;
    }
}
