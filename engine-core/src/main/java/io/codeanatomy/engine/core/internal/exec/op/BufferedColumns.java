package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.ColumnAssembler;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * An input drained into one unpacked column per field, for operators that need all rows at once (a hash join's
 * build side, window functions). The Arrow batches are released as they are read.
 */
record BufferedColumns(Column[] columns, int rows) {
    static BufferedColumns drain(Operator input, List<Field> fields, ExecContext context) {
        List<Column[]> pieces = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        int total = 0;
        for (Batch batch = input.next(); batch != null; batch = input.next()) {
            try (Batch owned = batch) {
                EvalInput in = EvalInput.of(owned, context);
                Column[] columns = new Column[fields.size()];
                for (int c = 0; c < columns.length; c++) {
                    columns[c] = in.column(c);
                }
                pieces.add(columns);
                sizes.add(owned.rows());
                total += owned.rows();
            }
        }
        Column[] columns = new Column[fields.size()];
        for (int c = 0; c < columns.length; c++) {
            columns[c] = concat(fields.get(c), pieces, sizes, c, total);
        }
        return new BufferedColumns(columns, total);
    }

    private static Column concat(Field field, List<Column[]> pieces, List<Integer> sizes, int column, int total) {
        if (pieces.size() == 1) {
            return pieces.getFirst()[column];
        }
        ColumnAssembler out = new ColumnAssembler(field.getType(), total);
        int offset = 0;
        for (int p = 0; p < pieces.size(); p++) {
            int size = sizes.get(p);
            int[] positions = new int[size];
            for (int i = 0; i < size; i++) {
                positions[i] = offset + i;
            }
            out.put(pieces.get(p)[column], positions, size);
            offset += size;
        }
        return out.build();
    }
}
