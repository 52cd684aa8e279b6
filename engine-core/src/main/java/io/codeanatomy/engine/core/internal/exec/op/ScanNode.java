package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.FilterSupport;
import io.codeanatomy.engine.core.spi.ScanRequest;
import io.codeanatomy.engine.core.spi.TableProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a provider. The request carries the projected columns, the filters the provider accepted (EXACT or
 * INEXACT) and a limit when every filter was EXACT. Batches are sliced out of the provider's stream without copying;
 * columns of non-canonical Arrow types are converted to the engine's types.
 */
public final class ScanNode extends PhysicalNode {
    private final String table;
    private final TableProvider provider;
    private final ScanRequest request;
    private final Map<Expression, FilterSupport> answers;
    private final List<DynamicTarget> dynamicFilters = new CopyOnWriteArrayList<>();

    /** A join whose {@link DynamicFilter} applies to this scan's rows, on these columns (in its build key order). */
    private record DynamicTarget(HashJoinNode source, int[] columns) {}

    /**
     * Filters this scan's rows by the dynamic filter {@code source} publishes once its build side is hashed,
     * testing {@code columns}: this scan's columns of the join's keys at positions {@code keys}, in that order.
     * Planning time only.
     */
    public void addDynamicFilter(HashJoinNode source, int[] keys, int[] columns) {
        source.publishDynamicFilter(keys);
        dynamicFilters.add(new DynamicTarget(source, columns.clone()));
    }

    public ScanNode(String table, TableProvider provider, ScanRequest request, Map<Expression, FilterSupport> answers, Schema schema) {
        super(schema, List.of());
        this.table = table;
        this.provider = provider;
        this.request = request;
        this.answers = Map.copyOf(answers);
    }

    public String table() {
        return table;
    }

    public TableProvider provider() {
        return provider;
    }

    public ScanRequest request() {
        return request;
    }

    /** The provider's answer for each pushed filter. */
    public Map<Expression, FilterSupport> answers() {
        return answers;
    }

    @Override
    public String name() {
        return "Scan";
    }

    @Override
    public List<String> details() {
        List<String> d = new ArrayList<>();
        d.add(table);
        d.add("columns=" + request.columns());
        for (Expression f : request.filters()) {
            d.add("filter[" + answers.getOrDefault(f, FilterSupport.INEXACT) + "]=" + f.toSql());
        }
        request.limit().ifPresent(l -> d.add("limit=" + l));
        for (DynamicTarget target : dynamicFilters) {
            List<String> names = new ArrayList<>();
            for (int column : target.columns()) {
                names.add(schema().getFields().get(column).getName());
            }
            d.add("dynamic_filter=" + names);
        }
        return d;
    }

    @Override
    protected Operator open(ExecContext context) {
        ParallelNode.MorselSource morsels = context.shared(this, ParallelNode.MorselSource.class);
        // a worker of a parallel region reads the shared scan, and filters its own morsels
        Operator rows = morsels != null ? morsels.reader() : openSource(context);
        List<HashJoinNode.FilterSlot> slots = new ArrayList<>();
        List<int[]> columns = new ArrayList<>();
        for (DynamicTarget target : dynamicFilters) {
            HashJoinNode.FilterSlot slot = HashJoinNode.openingSlot(target.source());
            if (slot != null) {
                slots.add(slot);
                columns.add(target.columns());
            }
        }
        return slots.isEmpty() ? rows : new DynamicallyFiltered(rows, slots, columns, context);
    }

    /** The provider's batches, unfiltered: what a parallel region shares among its workers. */
    Operator openSource(ExecContext context) {
        BatchStream stream;
        try {
            stream = provider.scan(context.session(), request);
        } catch (io.codeanatomy.engine.core.CodeAnatomyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ExecutionException("Scan of " + table + " failed to start: " + e.getMessage(), e);
        }
        return new ScanOperator(context, stream);
    }

    private final class ScanOperator implements Operator {
        private final ExecContext context;
        private final BatchStream stream;
        private final List<Field> fields = schema().getFields();
        private boolean closed;

        ScanOperator(ExecContext context, BatchStream stream) {
            this.context = context;
            this.stream = stream;
        }

        @Override
        public Batch next() {
            while (true) {
                boolean more;
                try {
                    more = stream.advance();
                } catch (io.codeanatomy.engine.core.CodeAnatomyException | org.apache.arrow.memory.OutOfMemoryException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new ExecutionException("Scan of " + table + " failed: " + e.getMessage(), e);
                }
                if (!more) {
                    return null;
                }
                VectorSchemaRoot current = stream.current();
                int rows = current.getRowCount();
                if (rows == 0 && !fields.isEmpty()) {
                    continue;
                }
                if (current.getFieldVectors().size() != fields.size()) {
                    throw new ExecutionException("Provider of " + table + " returned " + current.getFieldVectors().size()
                            + " columns for a request of " + fields.size() + " (" + request.columns() + ")");
                }
                List<FieldVector> out = new ArrayList<>(fields.size());
                try {
                    for (int c = 0; c < fields.size(); c++) {
                        out.add(Vectors.gather(current.getVector(c), null, rows, fields.get(c), context.allocator()));
                    }
                } catch (RuntimeException e) {
                    Vectors.closeAll(out);
                    throw e;
                }
                return Batch.of(schema(), out, rows);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                stream.close();
            }
        }
    }

    /**
     * Drops the rows the joins' dynamic filters rule out, narrowing each batch's selection. A filter that keeps
     * nearly every row of the first batches is dropped for the rest of the scan: testing it costs more than the
     * rows it saves.
     */
    private static final class DynamicallyFiltered implements Operator {
        private static final int TRIAL_BATCHES = 8;
        private final Operator input;
        private final List<HashJoinNode.FilterSlot> slots;
        private final List<int[]> columns;
        private final ExecContext context;
        private final long[] seen;
        private final long[] kept;
        private final boolean[] off;
        private final long[] componentSeen;
        private final long[] componentKept;
        private final boolean[] componentOff;

        DynamicallyFiltered(Operator input, List<HashJoinNode.FilterSlot> slots, List<int[]> columns, ExecContext context) {
            this.input = input;
            this.slots = slots;
            this.columns = columns;
            this.context = context;
            this.seen = new long[slots.size()];
            this.kept = new long[slots.size()];
            this.off = new boolean[slots.size()];
            this.componentSeen = new long[slots.size()];
            this.componentKept = new long[slots.size()];
            this.componentOff = new boolean[slots.size()];
        }

        @Override
        public Batch next() {
            while (true) {
                Batch batch = input.next();
                if (batch == null) {
                    return null;
                }
                try {
                    batch = filter(batch);
                } catch (RuntimeException e) {
                    batch.close();
                    throw e;
                }
                if (batch.rows() > 0) {
                    return batch;
                }
                batch.close();
            }
        }

        private Batch filter(Batch batch) {
            int[] keep = new int[batch.rows()];     // the kept positions of each test; batches only shrink
            for (int f = 0; f < slots.size() && batch.rows() > 0; f++) {
                DynamicFilter filter = slots.get(f).filter;
                if (filter == null) {
                    continue;
                }
                int[] keyColumns = columns.get(f);
                DynamicFilter component = filter.component();
                if (component != null && !componentOff[f]) {
                    int n = batch.rows();
                    ValueVector column = batch.vector(keyColumns[filter.componentKey()]);
                    int count = component.keepInPlace(column, batch.selection(), n, keep);
                    if (count >= 0) {
                        componentOff[f] = worthless(componentSeen, componentKept, f, n, count);
                        batch = narrow(batch, keep, count);
                        if (count == 0) {
                            break;
                        }
                    }
                }
                if (off[f]) {
                    continue;
                }
                int n = batch.rows();
                int count = keyColumns.length == 1
                        ? filter.keepInPlace(batch.vector(keyColumns[0]), batch.selection(), n, keep) : -1;
                if (count < 0) {
                    EvalInput in = EvalInput.of(batch, context);
                    Column[] keys = new Column[keyColumns.length];
                    for (int k = 0; k < keys.length; k++) {
                        keys[k] = in.column(keyColumns[k]);
                    }
                    count = filter.keep(keys, n, keep);
                }
                off[f] = worthless(seen, kept, f, n, count);
                batch = narrow(batch, keep, count);
            }
            return batch;
        }

        /**
         * Counts a test of {@code n} rows that kept {@code count}; true once the filter has kept over 90% of the rows
         * of its first batches, when it is not worth its cost.
         */
        private boolean worthless(long[] seen, long[] kept, int f, int n, int count) {
            seen[f] += n;
            kept[f] += count;
            return seen[f] >= (long) TRIAL_BATCHES * context.batchSize() && kept[f] * 10 > seen[f] * 9;
        }

        /** The batch's rows at positions {@code keep[0..count)} of its selection. */
        private static Batch narrow(Batch batch, int[] keep, int count) {
            if (count == batch.rows()) {
                return batch;
            }
            int[] selection = new int[count];
            for (int i = 0; i < count; i++) {
                selection[i] = batch.row(keep[i]);
            }
            return batch.withSelection(selection, count);
        }

        @Override
        public void close() {
            input.close();
        }
    }
}
