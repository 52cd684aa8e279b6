package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import java.util.List;

/** Keeps the rows where the predicate is TRUE by narrowing the batch's selection vector; copies nothing. */
public final class FilterNode extends PhysicalNode {
    private final PhysicalExpr predicate;

    public FilterNode(PhysicalNode child, PhysicalExpr predicate) {
        super(child.schema(), List.of(child));
        this.predicate = predicate;
    }

    public PhysicalExpr predicate() {
        return predicate;
    }

    @Override
    public String name() {
        return "Filter";
    }

    @Override
    public List<String> details() {
        return List.of(predicate.display());
    }

    @Override
    protected Operator open(ExecContext context) {
        Operator input = children().getFirst().start(context);
        return new Operator() {
            @Override
            public Batch next() {
                while (true) {
                    Batch batch = input.next();
                    if (batch == null) {
                        return null;
                    }
                    BoolColumn keep;
                    try {
                        keep = (BoolColumn) predicate.evaluate(EvalInput.of(batch, context));
                    } catch (RuntimeException e) {
                        batch.close();
                        throw e;
                    }
                    int n = batch.rows();
                    int[] selection = new int[n];
                    int count = 0;
                    boolean[] values = keep.values;
                    boolean[] nulls = keep.nulls;
                    if (nulls == null) {
                        for (int i = 0; i < n; i++) {
                            if (values[i]) {
                                selection[count++] = batch.row(i);
                            }
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            if (values[i] && !nulls[i]) {
                                selection[count++] = batch.row(i);
                            }
                        }
                    }
                    if (count == 0) {
                        batch.close();
                        continue;
                    }
                    if (count == n) {
                        return batch;
                    }
                    return batch.withSelection(count == selection.length ? selection : java.util.Arrays.copyOf(selection, count), count);
                }
            }

            @Override
            public void close() {
                input.close();
            }
        };
    }
}
