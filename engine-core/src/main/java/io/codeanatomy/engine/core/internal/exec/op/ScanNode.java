package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.FilterSupport;
import io.codeanatomy.engine.core.spi.ScanRequest;
import io.codeanatomy.engine.core.spi.TableProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
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
        return d;
    }

    @Override
    protected Operator open(ExecContext context) {
        ParallelNode.MorselSource morsels = context.shared(this, ParallelNode.MorselSource.class);
        if (morsels != null) {
            return morsels.reader();      // a worker of a parallel region: batches come from the shared scan
        }
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
}
