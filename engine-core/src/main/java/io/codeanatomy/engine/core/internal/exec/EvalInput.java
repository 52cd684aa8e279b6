package io.codeanatomy.engine.core.internal.exec;

import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;

/**
 * The rows an expression evaluates over: the live rows of a batch, or a subset of them (for lazy CASE branches and
 * short-circuit AND/OR). Unpacked input columns are cached, so an expression tree reading a column twice unpacks it
 * once.
 */
public final class EvalInput {
    private final Batch batch;
    private final int[] rows;        // root row indexes, or null for the first `count` rows
    private final int count;
    private final Column[] cache;
    private final Column[] base;     // columns-mode input (no Arrow batch), or null
    private final ExecContext context;
    private final EvalInput parent;  // the input this is a subset of, or null
    private final int[] positions;   // this subset's rows as positions in parent's rows
    private java.util.Map<PhysicalExpr, Column> shared;     // results of shared subexpressions over these rows
    private int span = -1;           // see span()

    private EvalInput(Batch batch, Column[] base, int[] rows, int count, ExecContext context, EvalInput parent,
                      int[] positions) {
        this.batch = batch;
        this.rows = rows;
        this.count = count;
        this.cache = new Column[base != null ? base.length : batch.columnCount()];
        this.base = base;
        this.context = context;
        this.parent = parent;
        this.positions = positions;
    }

    /** Rows held as unpacked columns (e.g. a join's candidate pairs), each {@code n} long. */
    public static EvalInput ofColumns(Column[] columns, int n, ExecContext context) {
        return new EvalInput(null, columns, null, n, context, null, null);
    }

    /** The live rows of {@code batch}. {@code context} may be null outside queries (provider-side evaluation). */
    public static EvalInput of(Batch batch, ExecContext context) {
        return new EvalInput(batch, null, batch.selection(), batch.rows(), context, null, null);
    }

    /** How many rows are evaluated. */
    public int rows() {
        return count;
    }

    /** The Arrow batch the rows come from; null for column-held rows. */
    public Batch batch() {
        return batch;
    }

    public ExecContext context() {
        return context;
    }

    /**
     * Input column {@code index}, unpacked for these rows. A subset gathers from its parent's copy when the parent has
     * one (the second term of {@code d >= x AND d < y} reads {@code d} again), rather than from Arrow memory.
     */
    public Column column(int index) {
        Column c = cache[index];
        if (c == null) {
            Column fromParent = parent == null ? null : parent.cache[index];
            if (fromParent != null) {
                c = Columns.gather(fromParent, positions, count);
            } else if (base != null) {
                c = rows == null ? base[index] : Columns.gather(base[index], rows, count);
            } else {
                c = Columns.unpack(batch.vector(index), rows, count, span());
            }
            cache[index] = c;
        }
        return c;
    }

    /**
     * {@code expr} evaluated over these rows, once: a shared subexpression's occurrences after the first reuse the
     * result ({@link io.codeanatomy.engine.core.internal.exec.expr.Shared}). Like unpacked input columns, results are
     * read and never written, so handing out one column several times is safe.
     */
    public Column shared(PhysicalExpr expr) {
        if (shared == null) {
            shared = new java.util.IdentityHashMap<>(4);
        }
        Column c = shared.get(expr);
        if (c == null) {
            c = expr.evaluate(this);
            shared.put(expr, c);
        }
        return c;
    }

    /** One past the last batch row these rows read: computed for the first column unpacked, kept for the others. */
    private int span() {
        if (span < 0) {
            span = Columns.span(rows, count);
        }
        return span;
    }

    /** The batch rows these rows are ({@code rows()} long), or null when they are its first {@code rows()} rows. */
    public int[] batchRows() {
        return rows;
    }

    /** Input column {@code index} if it has been unpacked already, else null. */
    public Column unpacked(int index) {
        return cache[index];
    }

    /**
     * The rows at positions {@code positions[0..n)} of this input (positions are 0..rows()). The subset keeps
     * {@code positions}: the caller may reuse the array only once it is done with the subset.
     */
    public EvalInput subset(int[] positions, int n) {
        int[] rootRows = new int[n];
        for (int i = 0; i < n; i++) {
            rootRows[i] = rows == null ? positions[i] : rows[positions[i]];
        }
        return new EvalInput(batch, base, rootRows, n, context, this, positions);
    }
}
