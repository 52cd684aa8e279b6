package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Sort: buffers every input batch, sorts row references by the evaluated keys (stable), then emits the rows in
 * order, skipping {@code offset} and stopping after {@code fetch} (-1: all). With a small {@code offset + fetch}
 * (ORDER BY ... LIMIT k) it is a top-K instead: it keeps only the best k rows seen so far, so memory stays bounded
 * by k whatever the input size.
 */
public final class SortNode extends PhysicalNode {
    private final List<SortKey> keys;
    private final long offset;
    private final long fetch;

    public SortNode(PhysicalNode child, List<SortKey> keys, long offset, long fetch) {
        super(child.schema(), List.of(child));
        this.keys = List.copyOf(keys);
        this.offset = offset;
        this.fetch = fetch;
    }

    @Override
    public String name() {
        return "Sort";
    }

    @Override
    public List<String> details() {
        List<String> d = new ArrayList<>();
        d.add(keys.stream().map(SortKey::display).collect(Collectors.joining(", ")));
        if (offset > 0) {
            d.add("offset=" + offset);
        }
        if (fetch >= 0) {
            d.add("fetch=" + fetch);
        }
        if (fetch >= 0 && offset + fetch <= TOP_K_MAX) {
            d.add("top-k");
        }
        return d;
    }

    /** Up to this many rows, ORDER BY ... LIMIT keeps a bounded top-K instead of buffering the whole input. */
    static final long TOP_K_MAX = 10_000;

    @Override
    protected Operator open(ExecContext context) {
        Operator input = children().getFirst().start(context);
        if (fetch >= 0 && offset + fetch <= TOP_K_MAX) {
            return new TopK(input, context, (int) (offset + fetch));
        }
        return new Operator() {
            private final List<Batch> batches = new ArrayList<>();
            private long[] order;      // (batch << 32) | root row
            private int emitted;
            private boolean sorted;

            @Override
            public Batch next() {
                if (!sorted) {
                    sort();
                    sorted = true;
                }
                if (emitted >= order.length) {
                    return null;
                }
                int n = Math.min(context.batchSize(), order.length - emitted);
                List<Field> fields = schema().getFields();
                List<FieldVector> out = new ArrayList<>(fields.size());
                try {
                    for (int c = 0; c < fields.size(); c++) {
                        FieldVector target = fields.get(c).createVector(context.allocator());
                        out.add(target);
                        target.allocateNew();
                        TransferPair[] copiers = new TransferPair[batches.size()];
                        for (int r = 0; r < n; r++) {
                            long ref = order[emitted + r];
                            int b = (int) (ref >>> 32);
                            if (copiers[b] == null) {
                                copiers[b] = batches.get(b).vector(c).makeTransferPair(target);
                            }
                            copiers[b].copyValueSafe((int) ref, r);
                        }
                        target.setValueCount(n);
                    }
                } catch (RuntimeException e) {
                    Vectors.closeAll(out);
                    throw e;
                }
                emitted += n;
                return Batch.of(schema(), out, n);
            }

            private void sort() {
                List<Column[]> keyColumns = new ArrayList<>();
                int total = 0;
                for (Batch b = input.next(); b != null; b = input.next()) {
                    batches.add(b);
                    EvalInput in = EvalInput.of(b, context);
                    Column[] cols = new Column[keys.size()];
                    for (int k = 0; k < cols.length; k++) {
                        cols[k] = keys.get(k).expr().evaluate(in);
                    }
                    keyColumns.add(cols);
                    total += b.rows();
                }
                Long[] refs = new Long[total];       // boxed for a stable comparator sort; a primitive sort comes with issue 10
                int p = 0;
                for (int b = 0; b < batches.size(); b++) {
                    for (int i = 0; i < batches.get(b).rows(); i++) {
                        refs[p++] = ((long) b << 32) | i;
                    }
                }
                java.util.Arrays.sort(refs, (x, y) -> RowComparator.compareRows(
                        keyColumns.get((int) (x >>> 32)), (int) (long) x, keyColumns.get((int) (y >>> 32)), (int) (long) y, keys));
                long start = Math.min(offset, total);
                long end = fetch < 0 ? total : Math.min(total, start + fetch);
                order = new long[(int) (end - start)];
                for (int i = 0; i < order.length; i++) {
                    long ref = refs[(int) start + i];
                    int b = (int) (ref >>> 32);
                    order[i] = ((long) b << 32) | batches.get(b).row((int) ref);
                }
            }

            @Override
            public void close() {
                try {
                    batches.forEach(Batch::close);
                    batches.clear();
                } finally {
                    input.close();
                }
            }
        };
    }

    /** Keeps the first {@code k} rows in sort order; ties keep arrival order, as the full sort does. */
    private final class TopK implements Operator {
        private final Operator input;
        private final ExecContext context;
        private final int k;
        private Batch kept;             // compact: logical row i is physical row i
        private Column[] keptKeys;
        private boolean consumed;
        private int emitted;

        TopK(Operator input, ExecContext context, int k) {
            this.input = input;
            this.context = context;
            this.k = k;
        }

        @Override
        public Batch next() {
            if (!consumed) {
                for (Batch batch = input.next(); batch != null; batch = input.next()) {
                    try (Batch owned = batch) {
                        merge(owned);
                    }
                }
                consumed = true;
                emitted = (int) Math.min(offset, kept == null ? 0 : kept.rows());
            }
            if (kept == null || emitted >= kept.rows()) {
                return null;
            }
            int n = Math.min(context.batchSize(), kept.rows() - emitted);
            int[] rows = new int[n];
            for (int r = 0; r < n; r++) {
                rows[r] = emitted + r;
            }
            emitted += n;
            return copy(new Batch[] {kept}, new int[n], rows, n);
        }

        /** The best k rows of the kept ones and {@code batch}'s. */
        private void merge(Batch batch) {
            if (batch.rows() == 0) {
                return;
            }
            Column[] batchKeys = keys(batch);
            int keptRows = kept == null ? 0 : kept.rows();
            int total = keptRows + batch.rows();
            Long[] refs = new Long[total];       // source (0 kept, 1 batch) << 32 | logical row
            for (int i = 0; i < keptRows; i++) {
                refs[i] = (long) i;
            }
            for (int i = 0; i < batch.rows(); i++) {
                refs[keptRows + i] = (1L << 32) | i;
            }
            Column[][] byBatch = {keptKeys, batchKeys};
            java.util.Arrays.sort(refs, (x, y) -> RowComparator.compareRows(
                    byBatch[(int) (x >>> 32)], (int) (long) x, byBatch[(int) (y >>> 32)], (int) (long) y, keys));
            int n = Math.min(k, total);
            int[] source = new int[n];
            int[] rows = new int[n];
            for (int r = 0; r < n; r++) {
                long ref = refs[r];
                source[r] = (int) (ref >>> 32);
                rows[r] = source[r] == 0 ? (int) ref : batch.row((int) ref);
            }
            Batch merged = copy(new Batch[] {kept, batch}, source, rows, n);
            if (kept != null) {
                kept.close();
            }
            kept = merged;
            keptKeys = keys(kept);
        }

        private Column[] keys(Batch batch) {
            EvalInput in = EvalInput.of(batch, context);
            Column[] columns = new Column[keys.size()];
            for (int c = 0; c < columns.length; c++) {
                columns[c] = keys.get(c).expr().evaluate(in);
            }
            return columns;
        }

        /** A new batch of rows {@code rows[r]} (physical) of batches {@code sources[source[r]]}. */
        private Batch copy(Batch[] sources, int[] source, int[] rows, int n) {
            List<Field> fields = schema().getFields();
            List<FieldVector> out = new ArrayList<>(fields.size());
            try {
                for (int c = 0; c < fields.size(); c++) {
                    FieldVector target = fields.get(c).createVector(context.allocator());
                    out.add(target);
                    target.allocateNew();
                    TransferPair[] copiers = new TransferPair[sources.length];
                    for (int r = 0; r < n; r++) {
                        int s = source[r];
                        if (copiers[s] == null) {
                            copiers[s] = sources[s].vector(c).makeTransferPair(target);
                        }
                        copiers[s].copyValueSafe(rows[r], r);
                    }
                    target.setValueCount(n);
                }
            } catch (RuntimeException e) {
                Vectors.closeAll(out);
                throw e;
            }
            return Batch.of(schema(), out, n);
        }

        @Override
        public void close() {
            try {
                if (kept != null) {
                    kept.close();
                    kept = null;
                }
            } finally {
                input.close();
            }
        }
    }
}
