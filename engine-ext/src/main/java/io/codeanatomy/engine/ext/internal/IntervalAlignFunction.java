package io.codeanatomy.engine.ext.internal;

import io.codeanatomy.engine.core.CatalogException;
import io.codeanatomy.engine.core.PlanningException;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.RootBatchStream;
import io.codeanatomy.engine.core.spi.ScanRequest;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.codeanatomy.engine.core.spi.function.FunctionDoc;
import io.codeanatomy.engine.core.spi.function.Volatility;
import io.codeanatomy.engine.ext.DocumentedTableFunction;
import io.codeanatomy.engine.ext.IntervalAlign;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * {@code interval_align} in SQL. The table function SPI takes constants only, so the two inputs are named by table
 * name and resolved through the session catalog when the call is bound.
 */
public final class IntervalAlignFunction implements DocumentedTableFunction {
    private static final List<Parameter> PARAMETERS = List.of(new Parameter("left_table", String.class, false),
            new Parameter("right_table", String.class, false), new Parameter("mode", String.class, false),
            new Parameter("partition_by", String.class, false), new Parameter("start_column", String.class, true),
            new Parameter("end_column", String.class, true));

    @Override
    public String name() {
        return "interval_align";
    }

    @Override
    public List<Parameter> parameters() {
        return PARAMETERS;
    }

    @Override
    public FunctionDoc doc() {
        return new FunctionDoc("Aligns the spans of two tables per partition (usually the file column) with a sort-merge "
                + "sweep, O((n+m) log(n+m)) plus the output. mode 'contains': every pair whose right span lies inside "
                + "the left one; 'overlaps': every pair sharing a byte; 'nearest': one row per left row with the right "
                + "span at the smallest gap (0 when overlapping or touching; ties to the smallest right start, end, row) "
                + "and a distance column. Columns: left_* and right_* (the inputs' columns), plus distance for nearest. "
                + "Spans are [start_column, end_column), default bstart and bend; rows with NULLs or end < start are "
                + "never aligned.",
                "interval_align(left_table, right_table, mode, partition_by [, start_column [, end_column]])",
                "SELECT left_name, right_kind FROM TABLE(interval_align('defs', 'tokens', 'contains', 'path'))");
    }

    @Override
    public String returnType() {
        return "TABLE(left_* ..., right_* ... [, distance BIGINT])";
    }

    @Override
    public Volatility volatility() {
        return Volatility.STABLE;
    }

    @Override
    public TableProvider bind(SessionView session, List<Object> arguments) {
        TableName leftName = TableName.parse((String) arguments.get(0));
        TableName rightName = TableName.parse((String) arguments.get(1));
        IntervalAlign.Mode mode;
        try {
            mode = IntervalAlign.Mode.parse((String) arguments.get(2));
        } catch (IllegalArgumentException e) {
            throw new PlanningException(e.getMessage());
        }
        String partition = (String) arguments.get(3);
        String start = arguments.get(4) == null ? "bstart" : (String) arguments.get(4);
        String end = arguments.get(5) == null ? "bend" : (String) arguments.get(5);
        IntervalAlign.SpanColumns columns = new IntervalAlign.SpanColumns(partition, start, end);
        TableProvider left = resolve(session, leftName);
        TableProvider right = resolve(session, rightName);
        for (TableProvider input : List.of(left, right)) {
            for (String column : List.of(partition, start, end)) {
                if (input.schema().getFields().stream().noneMatch(f -> f.getName().equals(column))) {
                    throw new CatalogException("interval_align: table '" + (input == left ? leftName : rightName)
                            + "' has no column '" + column + "'; name the columns with partition_by, start_column, end_column");
                }
            }
        }
        return new AlignedTable(left, right, columns, mode);
    }

    private static TableProvider resolve(SessionView session, TableName name) {
        return session.catalog().table(name).orElseThrow(() -> new CatalogException("interval_align: no table '" + name
                + "' (views are not accepted); register the table or materialize the view first"));
    }

    /** The aligned rows of two tables, computed when scanned. */
    private record AlignedTable(TableProvider left, TableProvider right, IntervalAlign.SpanColumns columns,
                                IntervalAlign.Mode mode) implements TableProvider {
        @Override
        public Schema schema() {
            return IntervalAlign.outputSchema(left.schema(), right.schema(), mode);
        }

        @Override
        public BatchStream scan(SessionView session, ScanRequest request) {
            BufferAllocator allocator = session.allocator();
            VectorSchemaRoot aligned;
            try (VectorSchemaRoot l = readAll(session, left); VectorSchemaRoot r = readAll(session, right)) {
                aligned = IntervalAlign.align(allocator, l, columns, r, columns, mode);
            }
            VectorSchemaRoot projected;
            try (aligned) {
                projected = project(aligned, request.columns(), allocator);
            }
            return new RootBatchStream(projected.getSchema()) {
                private VectorSchemaRoot pending = projected;

                @Override
                protected VectorSchemaRoot nextRoot() {
                    VectorSchemaRoot next = pending;
                    pending = null;
                    return next;
                }

                @Override
                protected void release() {
                    if (pending != null) {
                        pending.close();
                        pending = null;
                    }
                }
            };
        }

        private static VectorSchemaRoot project(VectorSchemaRoot root, List<String> names, BufferAllocator allocator) {
            List<FieldVector> vectors = new ArrayList<>();
            try {
                for (String name : names) {
                    TransferPair transfer = root.getVector(name).getTransferPair(allocator);
                    transfer.transfer();
                    vectors.add((FieldVector) transfer.getTo());
                }
            } catch (RuntimeException e) {
                AutoCloseables.closeNoChecked(() -> vectors.forEach(FieldVector::close));
                throw e;
            }
            List<Field> fields = vectors.stream().map(FieldVector::getField).toList();
            return new VectorSchemaRoot(fields, vectors, root.getRowCount());
        }

        /** Every batch of a table in one root (the sweep needs all spans of a partition at once). */
        private static VectorSchemaRoot readAll(SessionView session, TableProvider table) {
            Schema schema = table.schema();
            List<String> names = schema.getFields().stream().map(Field::getName).toList();
            VectorSchemaRoot all = VectorSchemaRoot.create(schema, session.allocator());
            try (BatchStream stream = table.scan(session, ScanRequest.all(names))) {
                all.allocateNew();
                int rows = 0;
                while (stream.advance()) {
                    VectorSchemaRoot batch = stream.current();
                    for (int c = 0; c < names.size(); c++) {
                        FieldVector from = batch.getVector(c);
                        FieldVector to = all.getVector(c);
                        for (int i = 0; i < batch.getRowCount(); i++) {
                            to.copyFromSafe(i, rows + i, from);
                        }
                    }
                    rows += batch.getRowCount();
                }
                for (FieldVector v : all.getFieldVectors()) {
                    v.setValueCount(rows);
                }
                all.setRowCount(rows);
                return all;
            } catch (RuntimeException e) {
                all.close();
                throw e;
            }
        }
    }
}
