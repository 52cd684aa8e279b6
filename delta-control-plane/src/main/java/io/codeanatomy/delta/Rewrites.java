package io.codeanatomy.delta;

import io.codeanatomy.delta.internal.ArrowRows;
import io.codeanatomy.delta.internal.KernelTypes;
import io.codeanatomy.delta.internal.SkippingPredicates;
import io.codeanatomy.engine.core.spi.CompiledExpression;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.ExpressionCompiler;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.Row;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * DELETE and UPDATE by copy-on-write: only files whose statistics or partition values allow a match are read; a file
 * with matches is replaced by one holding its surviving (and updated) rows; files without matches are untouched.
 */
final class Rewrites {
    static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";
    private Rewrites() {}

    static DmlMetrics run(DeltaTable table, ExpressionCompiler compiler, Expression predicate,
                          Map<String, Expression> assignments, boolean delete) {
        long[] counts = new long[1];
        int[] files = new int[3];
        DeltaCommit commit = Commits.retryWithPolicy(table, delete ? "DELETE" : "UPDATE", attempt -> {
            Commits.Prepared prepared = prepare(table, compiler, predicate, assignments, delete, counts, files);
            return prepared.actions().isEmpty() ? null : prepared;
        });
        return new DmlMetrics(delete ? counts[0] : 0, delete ? 0 : counts[0], files[0], files[1], files[2],
                commit == null ? OptionalLong.empty() : OptionalLong.of(commit.version()),
                commit == null ? 0 : commit.attempts());
    }

    /**
     * One attempt against the latest version: the transaction and the remove/add actions that rewrite the files
     * holding matches. {@code counts[0]} receives the matching rows; {@code files} the files scanned, removed, added.
     */
    static Commits.Prepared prepare(DeltaTable table, ExpressionCompiler compiler, Expression predicate,
                                    Map<String, Expression> assignments, boolean delete, long[] counts, int[] files) {
        counts[0] = 0;
        files[0] = files[1] = files[2] = 0;
        Snapshot snapshot = table.latest();
        boolean changeFeed = "true".equalsIgnoreCase(snapshot.getTableProperties().get(CHANGE_DATA_FEED));
        if (changeFeed && !delete) {
            throw changeFeedUnsupported(table, "UPDATE");
        }
        Schema schema = KernelTypes.toArrow(snapshot.getSchema());
        CompiledExpression matches = compiler.compile(schema, predicate);
        Map<Integer, CompiledExpression> setters = setters(compiler, schema, assignments, table);
        ScanPlan plan = new ScanPlan(table, snapshot, snapshot.getSchema().fieldNames(),
                SkippingPredicates.translate(predicate, snapshot.getSchema()));
        Transaction txn = snapshot.buildUpdateTableTransaction(DeltaTable.ENGINE_INFO, Operation.WRITE).build(table.engine());
        Row txnState = txn.getTransactionState(table.engine());
        List<Row> actions = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            for (Row file : plan.fileList()) {
                files[0]++;
                List<VectorSchemaRoot> rewritten = new ArrayList<>();
                try {
                    long hits = 0;
                    try (ScanPlan.FileBatches batches = plan.read(file, allocator)) {
                        for (VectorSchemaRoot next = batches.next(); next != null; next = batches.next()) {
                            try (VectorSchemaRoot batch = next) {
                                int[] selected = matches.selectTrue(batch);
                                hits += selected.length;
                                rewritten.add(delete ? without(batch, selected, allocator)
                                        : updated(batch, selected, setters, allocator));
                            }
                        }
                    }
                    if (hits == 0) {
                        continue;
                    }
                    if (changeFeed && rewritten.stream().anyMatch(r -> r.getRowCount() > 0)) {
                        throw changeFeedUnsupported(table, "DELETE");
                    }
                    counts[0] += hits;
                    files[1]++;
                    actions.add(ScanFiles.remove(file));
                    Iterator<VectorSchemaRoot> out = rewritten.stream().filter(r -> r.getRowCount() > 0).iterator();
                    DataFiles.Written written = DataFiles.write(table.engine(), txnState, snapshot.getSchema(),
                            snapshot.getPartitionColumnNames(), ArrowRows.identity(schema.getFields().size()),
                            () -> out.hasNext() ? out.next() : null, allocator, table.location());
                    files[2] += written.files();
                    actions.addAll(written.actions());
                } finally {
                    rewritten.forEach(VectorSchemaRoot::close);
                }
            }
        }
        return new Commits.Prepared(txn, actions);
    }

    /**
     * A rewrite that removes a file and adds its surviving or updated rows must, on a table with the change data feed
     * enabled, also write change-data (cdc) files; Kernel 4.4 cannot, and refuses the commit. Say so before writing.
     */
    private static DeltaException changeFeedUnsupported(DeltaTable table, String operation) {
        return new DeltaException(operation + " of " + table.location() + " would rewrite data files, but the table has "
                + CHANGE_DATA_FEED + "=true (Delta table feature changeDataFeed), which requires change data files for "
                + "rewrites; writing them is unsupported here (Delta Kernel 4.4). Appends and deletes that drop whole "
                + "files work; run this " + operation + " with Spark, or disable the change data feed on the table.");
    }

    private static Map<Integer, CompiledExpression> setters(ExpressionCompiler compiler, Schema schema,
                                                            Map<String, Expression> assignments, DeltaTable table) {
        Map<Integer, CompiledExpression> out = new LinkedHashMap<>();
        List<String> names = schema.getFields().stream().map(Field::getName).toList();
        for (Map.Entry<String, Expression> assignment : assignments.entrySet()) {
            int column = names.indexOf(assignment.getKey());
            if (column < 0) {
                throw new DeltaSchemaException("UPDATE of " + table.location() + " sets column " + assignment.getKey()
                        + ", which the table does not have; its columns are " + names);
            }
            Field field = schema.getFields().get(column);
            CompiledExpression value = compiler.compile(schema, assignment.getValue());
            if (!value.resultField().getType().equals(field.getType())) {
                value = compiler.compile(schema, new Expression.Cast(assignment.getValue(), field.getType()));
            }
            out.put(column, value);
        }
        return out;
    }


    /** The rows of {@code batch} not in {@code drop} (ascending positions). */
    private static VectorSchemaRoot without(VectorSchemaRoot batch, int[] drop, BufferAllocator allocator) {
        int[] keep = ArrowRows.complement(drop, batch.getRowCount());
        return ArrowRows.select(batch, ArrowRows.identity(batch.getFieldVectors().size()), keep, keep.length,
                batch.getSchema(), allocator);
    }

    /** A copy of {@code batch} with the assigned columns replaced at the {@code selected} rows. */
    private static VectorSchemaRoot updated(VectorSchemaRoot batch, int[] selected, Map<Integer, CompiledExpression> setters,
                                            BufferAllocator allocator) {
        int n = batch.getRowCount();
        VectorSchemaRoot out = VectorSchemaRoot.create(batch.getSchema(), allocator);
        try {
            for (int c = 0; c < batch.getFieldVectors().size(); c++) {
                FieldVector from = batch.getVector(c);
                FieldVector to = out.getVector(c);
                to.setInitialCapacity(n);
                to.allocateNew();
                CompiledExpression setter = setters.get(c);
                // one pass in row order: variable-width vectors cannot be overwritten out of order
                try (FieldVector values = setter == null || selected.length == 0 ? null : setter.evaluate(batch, allocator)) {
                    int next = 0;
                    for (int r = 0; r < n; r++) {
                        if (values != null && next < selected.length && selected[next] == r) {
                            to.copyFromSafe(r, r, values);
                            next++;
                        } else {
                            to.copyFromSafe(r, r, from);
                        }
                    }
                }
                to.setValueCount(n);
            }
            out.setRowCount(n);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }
}
