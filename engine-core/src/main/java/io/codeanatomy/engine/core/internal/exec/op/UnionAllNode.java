package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.expr.Casts;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * UNION ALL: the inputs one after another, each batch under the output's names and types (inputs whose types differ
 * from the output's are cast). UNION, INTERSECT and EXCEPT are rewritten by the optimizer into UNION ALL plus
 * aggregation, so this is the only set operator the engine needs.
 */
public final class UnionAllNode extends PhysicalNode {
    public UnionAllNode(List<PhysicalNode> inputs, Schema schema) {
        super(schema, inputs);
    }

    @Override
    public String name() {
        return "UnionAll";
    }

    @Override
    public List<String> details() {
        return List.of("inputs=" + children().size());
    }

    @Override
    protected Operator open(ExecContext context) {
        return new Operator() {
            private int current = -1;
            private Operator input;

            @Override
            public Batch next() {
                while (true) {
                    if (input == null) {
                        if (++current >= children().size()) {
                            return null;
                        }
                        input = children().get(current).start(context);
                    }
                    Batch batch = input.next();
                    if (batch == null) {
                        input.close();
                        input = null;
                        continue;
                    }
                    return conform(batch);
                }
            }

            /** The batch under the output schema: vectors renamed (no copy) or cast where types differ. */
            private Batch conform(Batch batch) {
                List<Field> fields = schema().getFields();
                List<FieldVector> out = new ArrayList<>(fields.size());
                try (batch) {
                    EvalInput in = EvalInput.of(batch, context);
                    for (int c = 0; c < fields.size(); c++) {
                        Field target = fields.get(c);
                        FieldVector source = batch.vector(c);
                        if (source.getField().getType().equals(target.getType())) {
                            out.add(Vectors.gather(source, batch.selection(), batch.rows(), target, context.allocator()));
                        } else {
                            out.add(Columns.pack(Casts.cast(in.column(c), target.getType(), batch.rows()), target,
                                    context.allocator()));
                        }
                    }
                } catch (RuntimeException e) {
                    Vectors.closeAll(out);
                    throw e;
                }
                return Batch.of(schema(), out, batch.rows());
            }

            @Override
            public void close() {
                if (input != null) {
                    input.close();
                }
            }
        };
    }
}
