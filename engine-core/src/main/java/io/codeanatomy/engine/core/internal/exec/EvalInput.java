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

    private EvalInput(Batch batch, int[] rows, int count, ExecContext context) {
        this.batch = batch;
        this.rows = rows;
        this.count = count;
        this.cache = new Column[batch.columnCount()];
        this.base = null;
        this.context = context;
    }

    private EvalInput(Column[] base, int[] rows, int count, ExecContext context) {
        this.batch = null;
        this.rows = rows;
        this.count = count;
        this.cache = new Column[base.length];
        this.base = base;
        this.context = context;
    }

    /** Rows held as unpacked columns (e.g. a join's candidate pairs), each {@code n} long. */
    public static EvalInput ofColumns(Column[] columns, int n, ExecContext context) {
        return new EvalInput(columns, null, n, context);
    }

    /** The live rows of {@code batch}. {@code context} may be null outside queries (provider-side evaluation). */
    public static EvalInput of(Batch batch, ExecContext context) {
        return new EvalInput(batch, batch.selection(), batch.rows(), context);
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

    /** Input column {@code index}, unpacked for these rows. */
    public Column column(int index) {
        Column c = cache[index];
        if (c == null) {
            if (base != null) {
                c = rows == null ? base[index] : Columns.gather(base[index], rows, count);
            } else {
                c = Columns.unpack(batch.vector(index), rows, count);
            }
            cache[index] = c;
        }
        return c;
    }

    /** The rows at positions {@code positions[0..n)} of this input (positions are 0..rows()). */
    public EvalInput subset(int[] positions, int n) {
        int[] rootRows = new int[n];
        for (int i = 0; i < n; i++) {
            rootRows[i] = rows == null ? positions[i] : rows[positions[i]];
        }
        return base != null ? new EvalInput(base, rootRows, n, context) : new EvalInput(batch, rootRows, n, context);
    }
}
