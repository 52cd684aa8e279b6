package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** A data-changing statement: runs its action when first pulled and returns one row with the changed-row count. */
public final class DmlNode extends PhysicalNode {
    public static final Schema SCHEMA = new Schema(List.of(new Field("count", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

    private final String statement;
    private final ToLongFunction<ExecContext> action;

    public DmlNode(String statement, ToLongFunction<ExecContext> action) {
        super(SCHEMA, List.of());
        this.statement = statement;
        this.action = action;
    }

    @Override
    public String name() {
        return statement;
    }

    @Override
    public List<String> details() {
        return List.of();
    }

    @Override
    protected Operator open(ExecContext context) {
        return new Operator() {
            private boolean done;

            @Override
            public Batch next() {
                if (done) {
                    return null;
                }
                done = true;
                long count = action.applyAsLong(context);
                LongColumn column = new LongColumn(SCHEMA.getFields().getFirst().getType(), new long[] {count}, 1, null);
                return Batch.of(SCHEMA, List.of(Columns.pack(column, SCHEMA.getFields().getFirst(), context.allocator())), 1);
            }

            @Override
            public void close() {}
        };
    }
}
