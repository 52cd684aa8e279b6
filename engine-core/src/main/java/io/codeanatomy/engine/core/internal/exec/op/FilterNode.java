package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.expr.Logic;
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
        List<PhysicalExpr> conjuncts = predicate instanceof Logic.And and ? and.terms() : List.of(predicate);
        return new Operator() {
            @Override
            public Batch next() {
                while (true) {
                    Batch batch = input.next();
                    if (batch == null) {
                        return null;
                    }
                    if (batch.rows() == 0) {
                        batch.close();
                        continue;
                    }
                    int[] kept;
                    try {
                        kept = keptPositions(conjuncts, EvalInput.of(batch, context));
                    } catch (RuntimeException e) {
                        batch.close();
                        throw e;
                    }
                    if (kept == null) {
                        return batch;
                    }
                    int count = kept.length;
                    if (count == 0) {
                        batch.close();
                        continue;
                    }
                    for (int i = 0; i < count; i++) {
                        kept[i] = batch.row(kept[i]);
                    }
                    return batch.withSelection(kept, count);
                }
            }

            @Override
            public void close() {
                input.close();
            }
        };
    }

    /**
     * The positions of the input's rows where every conjunct is TRUE, or null when that is all of them. Each conjunct
     * sees only the rows the ones before it kept (so {@code b <> 0 AND a / b > 1} never divides by zero), and narrows
     * them without branching on the data: a filter keeping half its rows at random mispredicts every other branch.
     */
    private static int[] keptPositions(List<PhysicalExpr> conjuncts, EvalInput input) {
        int n = input.rows();
        int[] positions = null;              // null: all n rows
        int count = n;
        for (PhysicalExpr conjunct : conjuncts) {
            BoolColumn test = (BoolColumn) conjunct.evaluate(positions == null ? input : input.subset(positions, count));
            boolean[] values = test.values;
            boolean[] nulls = test.nulls;
            int[] out = positions == null ? new int[n] : positions;   // the subset is done with it: compact in place
            int kept = 0;
            // one plain loop per case: this is the filter's innermost loop, and C1 (the CLI's JIT) does not unswitch
            if (positions == null && nulls == null) {
                for (int j = 0; j < count; j++) {
                    out[kept] = j;
                    kept += values[j] ? 1 : 0;
                }
            } else if (positions == null) {
                for (int j = 0; j < count; j++) {
                    out[kept] = j;
                    kept += values[j] & !nulls[j] ? 1 : 0;
                }
            } else if (nulls == null) {
                for (int j = 0; j < count; j++) {
                    out[kept] = positions[j];
                    kept += values[j] ? 1 : 0;
                }
            } else {
                for (int j = 0; j < count; j++) {
                    out[kept] = positions[j];
                    kept += values[j] & !nulls[j] ? 1 : 0;
                }
            }
            if (kept == n) {
                continue;                    // every row kept so far: the next conjunct sees the whole input
            }
            positions = out;
            count = kept;
            if (count == 0) {
                break;
            }
        }
        return positions == null ? null : java.util.Arrays.copyOf(positions, count);
    }
}
