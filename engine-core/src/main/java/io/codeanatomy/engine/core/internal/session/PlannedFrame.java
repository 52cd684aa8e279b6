package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.DataFrame;
import io.codeanatomy.engine.core.Expr;
import io.codeanatomy.engine.core.JoinType;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * A planned query: the physical plan and the names its columns carry. Each {@link #stream()} opens the plan again in
 * a fresh query context (own allocator bounded by the profile's memory limit, own span).
 */
final class PlannedFrame implements DataFrame {
    private final EngineSession session;
    private final PhysicalNode plan;
    private final Schema schema;
    private final boolean analyze;

    PlannedFrame(EngineSession session, PhysicalNode plan, List<String> names, boolean analyze) {
        this.session = session;
        this.plan = plan;
        this.schema = rename(plan.schema(), names);
        this.analyze = analyze;
    }

    private static Schema rename(Schema schema, List<String> names) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < schema.getFields().size(); i++) {
            Field f = schema.getFields().get(i);
            fields.add(new Field(names.get(i), f.getFieldType(), f.getChildren()));
        }
        return new Schema(fields);
    }

    PhysicalNode plan() {
        return plan;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public BatchStream stream() {
        session.checkOpen();
        String queryId = "q-" + UUID.randomUUID().toString().substring(0, 8);
        Span span = session.tracer().spanBuilder("query.execute")
                .setAttribute("codeanatomy.session.id", session.id())
                .setAttribute("codeanatomy.query.id", queryId)
                .startSpan();
        BufferAllocator allocator = null;
        ExecContext context = null;
        try {
            long limit = session.profile().execution().memoryLimitBytes();
            allocator = session.allocator().newChildAllocator(queryId, 0, limit);
            context = new ExecContext(queryId, session.view().withAllocator(allocator), allocator,
                    session.executor(), analyze);
            session.track(context);
            ExecContext running = context;
            Operator root = plan.start(context);
            return new ResultStream(schema, context, root, span, () -> session.untrack(running));
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            span.end();
            if (context != null) {
                session.untrack(context);
                context.close();
            } else if (allocator != null) {
                allocator.close();
            }
            throw e;
        }
    }

    @Override
    public QueryResult collect() {
        BufferAllocator resultAllocator = session.allocator().newChildAllocator(
                "result-" + UUID.randomUUID().toString().substring(0, 8), 0, Long.MAX_VALUE);
        List<VectorSchemaRoot> batches = new ArrayList<>();
        try (BatchStream stream = stream()) {
            while (stream.advance()) {
                VectorSchemaRoot current = stream.current();
                List<FieldVector> moved = new ArrayList<>();
                for (FieldVector vector : current.getFieldVectors()) {
                    TransferPair pair = vector.getTransferPair(resultAllocator);
                    pair.transfer();
                    moved.add((FieldVector) pair.getTo());
                }
                batches.add(Vectors.root(schema, moved, current.getRowCount()));
            }
        } catch (RuntimeException e) {
            batches.forEach(VectorSchemaRoot::close);
            resultAllocator.close();
            throw e;
        }
        return new QueryResult(schema, batches, resultAllocator);
    }

    @Override
    public String explain() {
        return plan.explain();
    }

    // A planned frame is the result of EXPLAIN, SHOW or DDL: there is no query underneath to extend.

    private static DataFrame notAQuery() {
        throw new IllegalStateException("This frame holds the result of a utility or DDL statement, not a query; "
                + "build on session.sql(\"SELECT ...\") or session.table(name) instead");
    }

    @Override
    public io.codeanatomy.engine.core.plan.PlanBundle planBundle() {
        throw new IllegalStateException("This frame holds the result of a utility or DDL statement; only queries have plan bundles");
    }

    @Override
    public DataFrame select(Expr... exprs) {
        return notAQuery();
    }

    @Override
    public DataFrame filter(Expr condition) {
        return notAQuery();
    }

    @Override
    public DataFrame aggregate(List<Expr> groupBy, List<Expr> aggregates) {
        return notAQuery();
    }

    @Override
    public DataFrame join(DataFrame right, JoinType type, Expr condition) {
        return notAQuery();
    }

    @Override
    public DataFrame sort(Expr.SortKey... keys) {
        return notAQuery();
    }

    @Override
    public DataFrame limit(long fetch) {
        return notAQuery();
    }

    @Override
    public DataFrame limit(long offset, long fetch) {
        return notAQuery();
    }

    @Override
    public DataFrame union(DataFrame other, boolean all) {
        return notAQuery();
    }

    @Override
    public DataFrame distinct() {
        return notAQuery();
    }

    @Override
    public DataFrame withColumn(String name, Expr expr) {
        return notAQuery();
    }

    @Override
    public DataFrame buildSide(String... tables) {
        return notAQuery();
    }
}
