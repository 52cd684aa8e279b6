package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * An input drained into one unpacked column per field, for operators that need all rows at once (a hash join's
 * build side, window functions). The Arrow batches are released as they are read.
 */
record BufferedColumns(Column[] columns, int rows) {
    static BufferedColumns drain(Operator input, List<Field> fields, ExecContext context) {
        return drain(input, fields, null, context);
    }

    /** Only the columns {@code read} marks (null for all); the others are null. */
    static BufferedColumns drain(Operator input, List<Field> fields, boolean[] read, ExecContext context) {
        List<Column[]> pieces = new ArrayList<>();
        int total = 0;
        for (Batch batch = input.next(); batch != null; batch = input.next()) {
            try (Batch owned = batch) {
                EvalInput in = EvalInput.of(owned, context);
                Column[] columns = new Column[fields.size()];
                for (int c = 0; c < columns.length; c++) {
                    columns[c] = read == null || read[c] ? in.column(c) : null;
                }
                pieces.add(columns);
                total += owned.rows();
            }
        }
        Column[] columns = new Column[fields.size()];
        for (int c = 0; c < columns.length; c++) {
            if (read != null && !read[c]) {
                continue;
            }
            List<Column> column = new ArrayList<>(pieces.size());
            for (Column[] piece : pieces) {
                column.add(piece[c]);
            }
            columns[c] = Columns.concat(fields.get(c).getType(), column);
        }
        return new BufferedColumns(columns, total);
    }
}
