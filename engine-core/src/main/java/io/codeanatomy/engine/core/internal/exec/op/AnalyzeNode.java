package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.OperatorMetrics;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.vector.BytesColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * EXPLAIN ANALYZE: runs its child to the end (discarding rows), then returns one row holding the plan annotated with
 * the rows, batches and time each operator produced. Requires a context opened with analysis on.
 */
public final class AnalyzeNode extends PhysicalNode {
    public static final Schema SCHEMA = new Schema(List.of(new Field("plan", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));

    private final PhysicalNode child;

    public AnalyzeNode(PhysicalNode child) {
        super(SCHEMA, List.of(child));
        this.child = child;
    }

    @Override
    public String name() {
        return "Analyze";
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
                long start = System.nanoTime();
                try (Operator input = child.start(context)) {
                    for (Batch batch = input.next(); batch != null; batch = input.next()) {
                        batch.close();
                    }
                }
                long total = System.nanoTime() - start;
                String text = child.explain(node -> {
                    OperatorMetrics metrics = context.metrics(node);
                    return metrics == null ? "not run" : metrics.format();
                }) + "Total: %.3f ms%n".formatted(total / 1e6);
                BytesColumn.Builder column = new BytesColumn.Builder(ArrowType.Utf8.INSTANCE, 1, text.length());
                column.append(text);
                FieldVector vector = Columns.pack(column.build(), SCHEMA.getFields().getFirst(), context.allocator());
                return Batch.of(SCHEMA, List.of(vector), 1);
            }

            @Override
            public void close() {}
        };
    }
}
