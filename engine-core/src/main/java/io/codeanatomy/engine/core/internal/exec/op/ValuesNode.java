package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.ObjectColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Constant rows (VALUES, and the one empty row under {@code SELECT 1}); values are internal Java values. */
public final class ValuesNode extends PhysicalNode {
    private final List<List<Object>> rows;

    public ValuesNode(Schema schema, List<List<Object>> rows) {
        super(schema, List.of());
        this.rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new ArrayList<>(r))).toList();
    }

    @Override
    public String name() {
        return "Values";
    }

    @Override
    public List<String> details() {
        return List.of("rows=" + rows.size());
    }

    @Override
    protected Operator open(ExecContext context) {
        return new Operator() {
            private int next;

            @Override
            public Batch next() {
                if (next >= rows.size()) {
                    return null;
                }
                int n = Math.min(context.batchSize(), rows.size() - next);
                List<Field> fields = schema().getFields();
                if (fields.isEmpty()) {
                    next += n;
                    return Batch.empty(schema(), context.allocator(), n);
                }
                List<FieldVector> out = new ArrayList<>(fields.size());
                try {
                    for (int c = 0; c < fields.size(); c++) {
                        Object[] values = new Object[n];
                        for (int r = 0; r < n; r++) {
                            values[r] = rows.get(next + r).get(c);
                        }
                        ObjectColumn column = new ObjectColumn(fields.get(c).getType(), values, n);
                        out.add(Columns.pack(io.codeanatomy.engine.core.internal.exec.expr.Casts.cast(column, fields.get(c).getType(), n),
                                fields.get(c), context.allocator()));
                    }
                } catch (RuntimeException e) {
                    Vectors.closeAll(out);
                    throw e;
                }
                next += n;
                return Batch.of(schema(), out, n);
            }

            @Override
            public void close() {
            }
        };
    }
}
