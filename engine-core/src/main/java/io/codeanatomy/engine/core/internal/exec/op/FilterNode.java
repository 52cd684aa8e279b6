package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.expr.ConstantComparison;
import io.codeanatomy.engine.core.internal.exec.expr.Logic;
import io.codeanatomy.engine.core.internal.exec.expr.LongRange;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import java.util.ArrayList;
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
        List<Step> steps = steps(predicate instanceof Logic.And and ? and.terms() : List.of(predicate));
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
                        kept = keptPositions(steps, EvalInput.of(batch, context));
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
     * One test of the filter: conjuncts evaluated in turn, and, when they compare one column of integers, dates or
     * decimals with constants ({@code d >= x AND d < y}), the range they keep, which runs on the Arrow buffer in
     * place when the column is still there (not yet unpacked by an earlier test).
     */
    private record Step(List<PhysicalExpr> conjuncts, LongRange range) {}

    private static List<Step> steps(List<PhysicalExpr> conjuncts) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < conjuncts.size(); i++) {
            LongRange range = conjuncts.get(i) instanceof ConstantComparison c ? c.range() : null;
            int end = i + 1;
            while (range != null && end < conjuncts.size() && conjuncts.get(end) instanceof ConstantComparison next
                    && range.and(next.range()) != null) {
                range = range.and(next.range());
                end++;
            }
            steps.add(new Step(conjuncts.subList(i, end), range));
            i = end - 1;
        }
        return steps;
    }

    /**
     * The positions of the input's rows where every conjunct is TRUE, or null when that is all of them. Each conjunct
     * sees only the rows the ones before it kept (so {@code b <> 0 AND a / b > 1} never divides by zero), and narrows
     * them without branching on the data: a filter keeping half its rows at random mispredicts every other branch.
     */
    private static int[] keptPositions(List<Step> steps, EvalInput input) {
        int n = input.rows();
        int[] positions = null;              // null: all n rows
        int count = n;
        for (Step step : steps) {
            int kept = -1;
            int[] out = positions == null ? new int[n] : positions;   // compact in place
            if (step.range() != null && input.batch() != null && input.unpacked(step.range().column()) == null) {
                kept = Columns.keepInRange(input.batch().vector(step.range().column()), input.batchRows(), positions,
                        count, step.range(), out);
            }
            if (kept < 0) {
                for (PhysicalExpr conjunct : step.conjuncts()) {
                    kept = narrow(conjunct, input, positions, count, out);
                    if (kept == n) {
                        continue;
                    }
                    positions = out;
                    count = kept;
                    if (count == 0) {
                        return new int[0];
                    }
                }
                continue;
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

    /**
     * Writes to {@code out} those of the {@code count} positions (or of all rows, when {@code positions} is null)
     * where {@code conjunct} is TRUE, and returns how many.
     */
    private static int narrow(PhysicalExpr conjunct, EvalInput input, int[] positions, int count, int[] out) {
        BoolColumn test = (BoolColumn) conjunct.evaluate(positions == null ? input : input.subset(positions, count));
        boolean[] values = test.values;
        boolean[] nulls = test.nulls;
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
        return kept;
    }
}
