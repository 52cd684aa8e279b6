package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** AND, OR and NOT with SQL three-valued logic. */
public final class Logic {
    private Logic() {}

    /**
     * AND of two or more terms. Later terms are evaluated only on rows not already FALSE, so {@code b <> 0 AND a / b > 1}
     * never evaluates the division where {@code b = 0}.
     */
    public record And(List<PhysicalExpr> terms) implements PhysicalExpr {
        @Override
        public Column evaluate(EvalInput input) {
            return combine(input, terms, true);
        }

        @Override
        public ArrowType type() {
            return BoolColumn.TYPE;
        }

        @Override
        public boolean nullable() {
            return terms.stream().anyMatch(PhysicalExpr::nullable);
        }

        @Override
        public List<PhysicalExpr> children() {
            return terms;
        }

        @Override
        public String display() {
            return terms.stream().map(PhysicalExpr::display).collect(Collectors.joining(" AND ", "(", ")"));
        }
    }

    /** OR of two or more terms; later terms are evaluated only on rows not already TRUE. */
    public record Or(List<PhysicalExpr> terms) implements PhysicalExpr {
        @Override
        public Column evaluate(EvalInput input) {
            return combine(input, terms, false);
        }

        @Override
        public ArrowType type() {
            return BoolColumn.TYPE;
        }

        @Override
        public boolean nullable() {
            return terms.stream().anyMatch(PhysicalExpr::nullable);
        }

        @Override
        public List<PhysicalExpr> children() {
            return terms;
        }

        @Override
        public String display() {
            return terms.stream().map(PhysicalExpr::display).collect(Collectors.joining(" OR ", "(", ")"));
        }
    }

    public record Not(PhysicalExpr term) implements PhysicalExpr {
        @Override
        public Column evaluate(EvalInput input) {
            BoolColumn in = (BoolColumn) term.evaluate(input);
            int n = input.rows();
            boolean[] out = new boolean[n];
            for (int i = 0; i < n; i++) {
                out[i] = !in.values[i];
            }
            return new BoolColumn(out, n, in.nulls);
        }

        @Override
        public ArrowType type() {
            return BoolColumn.TYPE;
        }

        @Override
        public boolean nullable() {
            return term.nullable();
        }

        @Override
        public List<PhysicalExpr> children() {
            return List.of(term);
        }

        @Override
        public String display() {
            return "NOT " + term.display();
        }
    }

    /**
     * AND ({@code and} true) or OR: the first term decides a row when it is FALSE (AND) or TRUE (OR); remaining rows
     * go on to the next term.
     */
    static Column combine(EvalInput input, List<PhysicalExpr> terms, boolean and) {
        int n = input.rows();
        boolean[] value = new boolean[n];
        boolean[] unknown = new boolean[n];
        java.util.Arrays.fill(value, and);                  // identity: TRUE for AND, FALSE for OR
        int[] pending = new int[n];
        int pendingCount = n;
        for (int i = 0; i < n; i++) {
            pending[i] = i;
        }
        boolean anyUnknown = false;
        for (PhysicalExpr term : terms) {
            if (pendingCount == 0) {
                break;
            }
            EvalInput sub = pendingCount == n ? input : input.subset(pending, pendingCount);
            BoolColumn t = (BoolColumn) term.evaluate(sub);
            int kept = 0;
            for (int j = 0; j < pendingCount; j++) {
                int row = pending[j];
                if (t.isNull(j)) {
                    unknown[row] = true;
                    anyUnknown = true;
                    pending[kept++] = row;
                } else if (t.values[j] != and) {            // FALSE decides AND, TRUE decides OR
                    value[row] = !and;
                    unknown[row] = false;
                } else {
                    pending[kept++] = row;
                }
            }
            pendingCount = kept;
        }
        return new BoolColumn(value, n, anyUnknown ? unknown : null);
    }
}
