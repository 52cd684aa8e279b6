package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.ColumnAssembler;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** CASE and COALESCE: each branch is evaluated only on the rows that reach it. */
public final class Conditional {
    private Conditional() {}

    /**
     * {@code CASE WHEN conditions[i] THEN values[i] ... ELSE otherwise END}; every value already has the result
     * type (the compiler inserts casts). {@code otherwise} may be null (ELSE NULL).
     */
    public record Case(List<PhysicalExpr> conditions, List<PhysicalExpr> values, PhysicalExpr otherwise, ArrowType type,
                       boolean nullable) implements PhysicalExpr {
        @Override
        public Column evaluate(EvalInput input) {
            int n = input.rows();
            ColumnAssembler out = new ColumnAssembler(type, n);
            int[] pending = identity(n);
            int pendingCount = n;
            for (int b = 0; b < conditions.size() && pendingCount > 0; b++) {
                EvalInput sub = pendingCount == n ? input : input.subset(pending, pendingCount);
                BoolColumn when = (BoolColumn) conditions.get(b).evaluate(sub);
                int[] taken = new int[pendingCount];
                int takenCount = 0;
                int kept = 0;
                for (int j = 0; j < pendingCount; j++) {
                    if (when.isTrue(j)) {
                        taken[takenCount++] = pending[j];
                    } else {
                        pending[kept++] = pending[j];
                    }
                }
                pendingCount = kept;
                if (takenCount > 0) {
                    Column value = values.get(b).evaluate(takenCount == n ? input : input.subset(taken, takenCount));
                    out.put(value, taken, takenCount);
                }
            }
            if (otherwise != null && pendingCount > 0) {
                Column value = otherwise.evaluate(pendingCount == n ? input : input.subset(pending, pendingCount));
                out.put(value, pending, pendingCount);
            }
            return out.build();
        }

        @Override
        public List<PhysicalExpr> children() {
            List<PhysicalExpr> all = new ArrayList<>(conditions);
            all.addAll(values);
            if (otherwise != null) {
                all.add(otherwise);
            }
            return all;
        }

        @Override
        public String display() {
            StringBuilder s = new StringBuilder("CASE");
            for (int i = 0; i < conditions.size(); i++) {
                s.append(" WHEN ").append(conditions.get(i).display()).append(" THEN ").append(values.get(i).display());
            }
            if (otherwise != null) {
                s.append(" ELSE ").append(otherwise.display());
            }
            return s.append(" END").toString();
        }
    }

    /** First non-NULL argument; later arguments are evaluated only where earlier ones are NULL. */
    public record Coalesce(List<PhysicalExpr> args, ArrowType type, boolean nullable) implements PhysicalExpr {
        @Override
        public Column evaluate(EvalInput input) {
            int n = input.rows();
            ColumnAssembler out = new ColumnAssembler(type, n);
            int[] pending = identity(n);
            int pendingCount = n;
            for (PhysicalExpr arg : args) {
                if (pendingCount == 0) {
                    break;
                }
                Column value = arg.evaluate(pendingCount == n ? input : input.subset(pending, pendingCount));
                out.put(value, pending, pendingCount);
                int kept = 0;
                for (int j = 0; j < pendingCount; j++) {
                    if (value.isNull(j)) {
                        pending[kept++] = pending[j];
                    }
                }
                pendingCount = kept;
            }
            return out.build();
        }

        @Override
        public List<PhysicalExpr> children() {
            return args;
        }

        @Override
        public String display() {
            return "COALESCE" + args.stream().map(PhysicalExpr::display).collect(java.util.stream.Collectors.joining(", ", "(", ")"));
        }
    }

    /** {@code term IS [NOT] NULL}. */
    public record IsNull(PhysicalExpr term, boolean negated) implements PhysicalExpr {
        @Override
        public Column evaluate(EvalInput input) {
            Column c = term.evaluate(input);
            int n = input.rows();
            boolean[] out = new boolean[n];
            for (int i = 0; i < n; i++) {
                out[i] = c.isNull(i) != negated;
            }
            return new BoolColumn(out, n, null);
        }

        @Override
        public ArrowType type() {
            return BoolColumn.TYPE;
        }

        @Override
        public boolean nullable() {
            return false;
        }

        @Override
        public List<PhysicalExpr> children() {
            return List.of(term);
        }

        @Override
        public String display() {
            return term.display() + (negated ? " IS NOT NULL" : " IS NULL");
        }
    }

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
