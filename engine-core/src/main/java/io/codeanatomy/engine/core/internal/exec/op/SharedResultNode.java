package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.expr.Casts;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A subplan a query reads more than once, computed once per run: TPC-H q15 aggregates its revenue view twice, for
 * the rows and for their maximum, and ran the aggregation over all of lineitem twice. The first reader to open it
 * drains its input into columns; every reader then gets those rows in batches. The planner puts one only over an
 * aggregation with a small row estimate without correlation variables, and the same node stands at each place that
 * reads it. The rows stay on the heap until the run ends.
 */
public final class SharedResultNode extends PhysicalNode {
    private final int readers;

    public SharedResultNode(PhysicalNode input, int readers) {
        super(input.schema(), List.of(input));
        this.readers = readers;
    }

    @Override
    public String name() {
        return "SharedResult";
    }

    @Override
    public List<String> details() {
        return List.of("computed once, read " + readers + " times");
    }

    @Override
    protected Operator open(ExecContext context) {
        Result result = context.runState(this, Result.class, Result::new);
        result.computeOnce(children().getFirst(), context);
        List<Field> fields = schema().getFields();
        return new Operator() {
            private int next;

            @Override
            public Batch next() {
                if (next >= result.rows) {
                    return null;
                }
                int n = Math.min(context.batchSize(), result.rows - next);
                int[] positions = new int[n];
                for (int i = 0; i < n; i++) {
                    positions[i] = next + i;
                }
                List<FieldVector> vectors = new ArrayList<>(fields.size());
                try {
                    for (int c = 0; c < fields.size(); c++) {
                        Column slice = Columns.gather(result.columns[c], positions, n);
                        vectors.add(Columns.pack(Casts.cast(slice, fields.get(c).getType(), n), fields.get(c), context.allocator()));
                    }
                } catch (RuntimeException e) {
                    Vectors.closeAll(vectors);
                    throw e;
                }
                next += n;
                return fields.isEmpty() ? Batch.empty(schema(), context.allocator(), n) : Batch.of(schema(), vectors, n);
            }

            @Override
            public void close() {
            }
        };
    }

    /** The rows of one run, or the failure that computing them met (every reader sees it). */
    private static final class Result {
        private Column[] columns;
        private int rows;
        private RuntimeException failure;

        synchronized void computeOnce(PhysicalNode input, ExecContext context) {
            if (failure != null) {
                throw failure;
            }
            if (columns != null) {
                return;
            }
            try (Operator operator = input.start(context)) {
                BufferedColumns drained = BufferedColumns.drain(operator, input.schema().getFields(), context);
                rows = drained.rows();
                columns = drained.columns();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }
}
