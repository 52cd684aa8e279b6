package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import java.util.ArrayList;
import java.util.List;

/** Skips {@code offset} rows, then passes at most {@code fetch} rows (-1: no limit); stops pulling once satisfied. */
public final class LimitNode extends PhysicalNode {
    private final long offset;
    private final long fetch;

    public LimitNode(PhysicalNode child, long offset, long fetch) {
        super(child.schema(), List.of(child));
        this.offset = offset;
        this.fetch = fetch;
    }

    @Override
    public String name() {
        return "Limit";
    }

    @Override
    public List<String> details() {
        List<String> d = new ArrayList<>();
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
            private long toSkip = offset;
            private long remaining = fetch < 0 ? Long.MAX_VALUE : fetch;

            @Override
            public Batch next() {
                while (remaining > 0) {
                    Batch batch = input.next();
                    if (batch == null) {
                        return null;
                    }
                    int n = batch.rows();
                    int from = (int) Math.min(toSkip, n);
                    toSkip -= from;
                    int take = (int) Math.min(remaining, n - from);
                    if (take <= 0) {
                        batch.close();
                        continue;
                    }
                    remaining -= take;
                    if (from == 0 && take == n) {
                        return batch;
                    }
                    int[] selection = new int[take];
                    for (int i = 0; i < take; i++) {
                        selection[i] = batch.row(from + i);
                    }
                    return batch.withSelection(selection, take);
                }
                return null;
            }

            @Override
            public void close() {
                input.close();
            }
        };
    }
}
