package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The stream a query's root operator produces, with the user's column names. Owns the query's context (and so its
 * allocator) and its span: closing the stream ends both, and reports leaked memory as an error.
 */
final class ResultStream implements BatchStream {
    private final Schema schema;
    private final ExecContext context;
    private final Operator root;
    private final Span span;
    private final Runnable onClose;
    private VectorSchemaRoot current;
    private long rows;
    private boolean closed;

    /** {@code onClose} runs last, after the query's memory is released (the session stops tracking the query). */
    ResultStream(Schema schema, ExecContext context, Operator root, Span span, Runnable onClose) {
        this.schema = schema;
        this.context = context;
        this.root = root;
        this.span = span;
        this.onClose = onClose;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public boolean advance() {
        closeCurrent();
        try {
            while (true) {
                Batch batch = root.next();
                if (batch == null) {
                    return false;
                }
                if (batch.rows() == 0) {
                    batch.close();
                    continue;
                }
                current = materialize(batch);
                rows += current.getRowCount();
                return true;
            }
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            try {
                close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure); // the query's own error is the one to report
            }
            throw e;
        }
    }

    /** A dense root under the output names: selected rows are gathered, vectors are renamed without copying. */
    private VectorSchemaRoot materialize(Batch batch) {
        List<Field> fields = schema.getFields();
        List<FieldVector> vectors = new ArrayList<>(fields.size());
        try (batch) {
            for (int c = 0; c < fields.size(); c++) {
                FieldVector source = batch.vector(c);
                vectors.add(Vectors.gather(source, batch.selection(), batch.rows(), fields.get(c), context.allocator()));
            }
        } catch (RuntimeException e) {
            Vectors.closeAll(vectors);
            throw e;
        }
        return Vectors.root(schema, vectors, batch.rows());
    }

    @Override
    public VectorSchemaRoot current() {
        return current;
    }

    private void closeCurrent() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeCurrent();
            root.close();
        } finally {
            span.setAttribute("codeanatomy.rows", rows);
            try {
                context.close();
            } catch (RuntimeException e) {
                span.recordException(e);
                span.setStatus(StatusCode.ERROR, "query memory leaked: " + e.getMessage());
                throw e;
            } finally {
                span.end();
                onClose.run();
            }
        }
    }
}
