package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.expr.ColumnRef;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Computes output columns. Plain column references over unfiltered batches share the input's buffers; everything
 * else is evaluated over the live rows and packed into new vectors, and the output has no selection vector. A
 * projection of nothing but column references (one that drops the columns only a filter below read) shares the
 * input's buffers and keeps its selection: no copy of the rows a filter kept.
 */
public final class ProjectNode extends PhysicalNode {
    private final List<PhysicalExpr> exprs;

    public ProjectNode(PhysicalNode child, List<PhysicalExpr> exprs, Schema schema) {
        super(schema, List.of(child));
        this.exprs = List.copyOf(exprs);
    }

    public List<PhysicalExpr> exprs() {
        return exprs;
    }

    @Override
    public String name() {
        return "Project";
    }

    @Override
    public List<String> details() {
        List<String> d = new ArrayList<>();
        List<Field> fields = schema().getFields();
        for (int i = 0; i < exprs.size(); i++) {
            String display = exprs.get(i).display();
            d.add(display.equals(fields.get(i).getName()) ? display : display + " AS " + fields.get(i).getName());
        }
        return d;
    }

    @Override
    protected Operator open(ExecContext context) {
        Operator input = children().getFirst().start(context);
        List<Field> fields = schema().getFields();
        boolean refsOnly = exprs.stream().allMatch(e -> e instanceof ColumnRef);
        return new Operator() {
            @Override
            public Batch next() {
                Batch batch = input.next();
                if (batch == null) {
                    return null;
                }
                if (refsOnly && batch.selection() != null && sameTypes(batch)) {
                    return shared(batch, fields, context);
                }
                try (batch) {
                    int n = batch.rows();
                    EvalInput in = EvalInput.of(batch, context);
                    List<FieldVector> out = new ArrayList<>(exprs.size());
                    try {
                        for (int i = 0; i < exprs.size(); i++) {
                            PhysicalExpr e = exprs.get(i);
                            if (e instanceof ColumnRef ref) {
                                out.add(Vectors.gather(batch.vector(ref.index()), batch.selection(), n, fields.get(i), context.allocator()));
                            } else {
                                out.add(Columns.pack(e.evaluate(in), fields.get(i), context.allocator()));
                            }
                        }
                    } catch (RuntimeException e) {
                        Vectors.closeAll(out);
                        throw e;
                    }
                    return Batch.of(schema(), out, n);
                }
            }

            @Override
            public void close() {
                input.close();
            }
        };
    }

    private boolean sameTypes(Batch batch) {
        List<Field> fields = schema().getFields();
        for (int i = 0; i < exprs.size(); i++) {
            if (!batch.vector(((ColumnRef) exprs.get(i)).index()).getField().getType().equals(fields.get(i).getType())) {
                return false;
            }
        }
        return true;
    }

    /** The referenced vectors of {@code batch} (sharing its buffers) under its selection; closes {@code batch}. */
    private Batch shared(Batch batch, List<Field> fields, ExecContext context) {
        try (batch) {
            List<FieldVector> out = new ArrayList<>(fields.size());
            int rowCount = batch.root().getRowCount();
            try {
                for (int i = 0; i < fields.size(); i++) {
                    FieldVector source = batch.vector(((ColumnRef) exprs.get(i)).index());
                    TransferPair pair = source.getTransferPair(fields.get(i), context.allocator());
                    pair.splitAndTransfer(0, rowCount);
                    out.add((FieldVector) pair.getTo());
                }
            } catch (RuntimeException e) {
                Vectors.closeAll(out);
                throw e;
            }
            return new Batch(new VectorSchemaRoot(fields, out, rowCount), batch.selection().clone(), batch.rows());
        }
    }
}
