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
 * Full sort: buffers every input batch, sorts row references by the evaluated keys (stable), then emits the rows in
 * order, skipping {@code offset} and stopping after {@code fetch} (-1: all).
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
        return d;
    }

    @Override
    protected Operator open(ExecContext context) {
        Operator input = children().getFirst().start(context);
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
}
