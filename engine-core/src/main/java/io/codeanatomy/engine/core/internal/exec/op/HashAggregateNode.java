package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.agg.Accumulator;
import io.codeanatomy.engine.core.internal.exec.agg.Accumulators;
import io.codeanatomy.engine.core.internal.exec.agg.AggregateCall;
import io.codeanatomy.engine.core.internal.exec.agg.ExtensionAccumulator;
import io.codeanatomy.engine.core.internal.exec.expr.Casts;
import io.codeanatomy.engine.core.internal.exec.expr.ColumnRef;
import io.codeanatomy.engine.core.internal.exec.hash.KeyTable;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * GROUP BY with a hash table: assigns every input row a dense group id from its key columns, folds the rows into
 * per-group accumulators, and emits one row per group (keys first, then aggregates). With no keys, emits exactly one
 * row, even for empty input.
 */
public final class HashAggregateNode extends PhysicalNode {
    private final int[] keys;
    private final List<AggregateCall> calls;
    private final List<PhysicalExpr> inputs;     // an absorbed projection computing the input columns, or null
    private final Schema inputSchema;
    private final int mergeWorkers;              // > 1: the final phase of a split aggregation, merged in partitions

    /** The input columns grouped by, in output order (the output's first columns). */
    public int[] keys() {
        return keys.clone();
    }

    public HashAggregateNode(PhysicalNode child, int[] keys, List<AggregateCall> calls, Schema schema) {
        this(child, null, child.schema(), keys, calls, schema, 1);
    }

    private HashAggregateNode(PhysicalNode child, List<PhysicalExpr> inputs, Schema inputSchema, int[] keys,
                              List<AggregateCall> calls, Schema schema, int mergeWorkers) {
        super(schema, List.of(child));
        this.keys = keys.clone();
        this.calls = List.copyOf(calls);
        this.inputs = inputs == null ? null : List.copyOf(inputs);
        this.inputSchema = inputSchema;
        this.mergeWorkers = mergeWorkers;
    }

    /**
     * The final phase of a split aggregation over the workers' partial groups, merged by {@code workers} threads,
     * each owning the groups of one hash partition: with a million groups (TPC-H q18) one thread merging them all
     * took as long as the partial phase on all cores.
     */
    public static HashAggregateNode mergingPartials(PhysicalNode partials, int[] keys, List<AggregateCall> calls,
                                                    Schema schema, int workers) {
        boolean plain = calls.stream().allMatch(c -> !c.distinct() && c.filterArg() < 0
                && c.kind() != io.codeanatomy.engine.core.internal.exec.agg.AggregateKind.EXTENSION);
        return new HashAggregateNode(partials, null, partials.schema(), keys, calls, schema,
                plain && keys.length > 0 ? workers : 1);
    }

    /**
     * The aggregation of {@code child}'s rows; a projection right below is absorbed: its expressions are evaluated
     * on the rows they fold into the groups, rather than written to new vectors and read back (a filtered batch's
     * columns had been gathered, packed and unpacked again, a third of TPC-H q1).
     */
    public static HashAggregateNode over(PhysicalNode child, int[] keys, List<AggregateCall> calls, Schema schema) {
        if (child instanceof ProjectNode project) {
            return new HashAggregateNode(project.children().getFirst(), project.exprs(), project.schema(), keys, calls,
                    schema, 1);
        }
        return new HashAggregateNode(child, keys, calls, schema);
    }

    /**
     * The child column that input column {@code column} reads unchanged, or -1 when it is computed (by an absorbed
     * projection).
     */
    public int childColumn(int column) {
        if (inputs == null) {
            return column;
        }
        return inputs.get(column) instanceof ColumnRef ref ? ref.index() : -1;
    }

    @Override
    public String name() {
        return "HashAggregate";
    }

    @Override
    public List<String> details() {
        List<String> d = new ArrayList<>();
        List<String> keyNames = new ArrayList<>();
        for (int k : keys) {
            keyNames.add("$" + k);
        }
        d.add("keys=" + keyNames);
        d.add("aggregates=" + calls.stream().map(AggregateCall::display).toList());
        if (mergeWorkers > 1) {
            d.add("merge=partitioned(" + mergeWorkers + ")");
        }
        if (inputs != null) {
            List<String> computed = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                computed.add("$" + i + "=" + inputs.get(i).display());
            }
            d.add("inputs=" + computed);
        }
        return d;
    }

    @Override
    protected Operator open(ExecContext context) {
        return aggregating(children().getFirst().start(context), context);
    }

    /**
     * This aggregation over {@code input} rather than its child: a parallel region ending in a partial aggregation
     * over a marking join passes the rows the join emits after its last probe through a copy of the aggregation.
     */
    Operator aggregating(Operator input, ExecContext context) {
        return new Operator() {
            private List<Column> results;
            private int groupCount;
            private int emitted;
            private boolean done;

            @Override
            public Batch next() {
                if (results == null) {
                    aggregate();
                }
                if (done || emitted >= groupCount) {
                    return null;
                }
                int n = Math.min(context.batchSize(), groupCount - emitted);
                List<Field> fields = schema().getFields();
                List<FieldVector> out = new ArrayList<>(fields.size());
                try {
                    int[] positions = new int[n];
                    for (int i = 0; i < n; i++) {
                        positions[i] = emitted + i;
                    }
                    for (int c = 0; c < fields.size(); c++) {
                        Column slice = emitted == 0 && n == groupCount ? results.get(c) : slice(results.get(c), positions, n);
                        out.add(Columns.pack(Casts.cast(slice, fields.get(c).getType(), n),
                                fields.get(c), context.allocator()));
                    }
                } catch (RuntimeException e) {
                    Vectors.closeAll(out);
                    throw e;
                }
                emitted += n;
                if (emitted >= groupCount) {
                    done = true;
                }
                return Batch.of(schema(), out, n);
            }

            private void aggregate() {
                org.apache.arrow.vector.types.pojo.ArrowType[] keyTypes = new org.apache.arrow.vector.types.pojo.ArrowType[keys.length];
                for (int k = 0; k < keys.length; k++) {
                    keyTypes[k] = inputSchema.getFields().get(keys[k]).getType();
                }
                if (mergeWorkers > 1) {
                    mergeInPartitions(keyTypes);
                    return;
                }
                KeyTable groups = KeyTable.forGrouping(keyTypes, 512);
                List<Accumulator> accumulators = new ArrayList<>();
                List<KeyTable> distinctSeen = new ArrayList<>();
                for (AggregateCall call : calls) {
                    distinctSeen.add(call.distinct() ? distinctTable(call) : null);
                }
                try {
                    for (AggregateCall call : calls) {
                        org.apache.arrow.vector.types.pojo.ArrowType argType = call.args().isEmpty() ? null
                                : inputSchema.getFields().get(call.args().getFirst()).getType();
                        accumulators.add(call.kind() == io.codeanatomy.engine.core.internal.exec.agg.AggregateKind.EXTENSION
                                ? new ExtensionAccumulator(call.extension(), context.allocator())
                                : Accumulators.create(call, argType));
                    }
                    fold(groups, accumulators, distinctSeen);
                } finally {
                    for (Accumulator acc : accumulators) {
                        if (acc instanceof ExtensionAccumulator extension) {
                            extension.close();
                        }
                    }
                }
            }

            private void fold(KeyTable groups, List<Accumulator> accumulators, List<KeyTable> distinctSeen) {
                for (Batch batch = input.next(); batch != null; batch = input.next()) {
                    try (Batch owned = batch) {
                        InputColumns in = new InputColumns(EvalInput.of(batch, context));
                        int n = batch.rows();
                        // no keys (a global aggregate): every row is in group 0, which the end adds
                        int[] ids = keys.length == 0 ? new int[n]
                                : groups.assign(keyVectors(batch), batch.selection(), n, () -> keyColumns(in));
                        for (int a = 0; a < calls.size(); a++) {
                            AggregateCall call = calls.get(a);
                            Column[] args = new Column[call.args().size()];
                            for (int j = 0; j < args.length; j++) {
                                args[j] = in.column(call.args().get(j));
                            }
                            int[] rowGroups = ids;
                            int rows = n;
                            Column[] rowArgs = args;
                            if (call.filterArg() >= 0 || call.distinct()) {
                                BoolColumn filter = call.filterArg() >= 0 ? (BoolColumn) in.column(call.filterArg()) : null;
                                // DISTINCT: a (group, argument values) pair counts the first time the table sees it
                                int nextNew = call.distinct() ? distinctSeen.get(a).size() : 0;  // new ids start here
                                int[] pairIds = call.distinct() ? distinctPairs(distinctSeen.get(a), ids, args, n) : null;
                                int[] keep = new int[n];
                                int kept = 0;
                                for (int i = 0; i < n; i++) {
                                    boolean first = false;
                                    if (pairIds != null && pairIds[i] == nextNew) {
                                        first = true;
                                        nextNew++;
                                    }
                                    if (filter != null && !filter.isTrue(i)) {
                                        continue;
                                    }
                                    if (call.distinct() && (!first || anyNull(args, i))) {
                                        continue;
                                    }
                                    keep[kept++] = i;
                                }
                                rowGroups = new int[kept];
                                for (int i = 0; i < kept; i++) {
                                    rowGroups[i] = ids[keep[i]];
                                }
                                rowArgs = new Column[args.length];
                                for (int j = 0; j < args.length; j++) {
                                    rowArgs[j] = slice(args[j], keep, kept);
                                }
                                rows = kept;
                            }
                            accumulators.get(a).update(rowGroups, rows, groupCount(groups), rowArgs);
                        }
                    }
                }
                if (keys.length == 0 && groups.size() == 0) {
                    groups.addEmptyGroup();                  // a global aggregate has one group, even over no rows
                }
                groupCount = groups.size();
                results = new ArrayList<>();
                Column[] keyValues = groups.keyColumns();
                for (Column k : keyValues) {
                    results.add(k);
                }
                for (Accumulator acc : accumulators) {
                    results.add(acc.finish(groupCount));
                }
            }

            /**
             * Reads every input batch, splitting its rows by the hash of their keys into partitions (the next power
             * of two of {@code mergeWorkers}), then merges each partition's rows into its own groups on
             * {@code mergeWorkers} threads; the partitions' groups are disjoint, so their results, one after another,
             * are the aggregation's.
             */
            private void mergeInPartitions(org.apache.arrow.vector.types.pojo.ArrowType[] keyTypes) {
                int bits = 32 - Integer.numberOfLeadingZeros(mergeWorkers - 1);
                List<Column[]> batches = new ArrayList<>();     // per batch: the key columns, then each call's arguments
                List<int[][]> partitionRows = new ArrayList<>();
                List<long[]> hashes = new ArrayList<>();
                for (Batch batch = input.next(); batch != null; batch = input.next()) {
                    try (Batch owned = batch) {
                        InputColumns in = new InputColumns(EvalInput.of(batch, context));
                        List<Column> columns = new ArrayList<>();
                        for (int key : keys) {
                            columns.add(in.column(key));
                        }
                        for (AggregateCall call : calls) {
                            for (int arg : call.args()) {
                                columns.add(in.column(arg));
                            }
                        }
                        Column[] row = columns.toArray(Column[]::new);
                        int n = batch.rows();
                        long[] batchHashes = KeyTable.hash(Arrays.copyOf(row, keys.length), n);
                        partitionRows.add(KeyTable.partitionRows(batchHashes, n, bits));
                        hashes.add(batchHashes);
                        batches.add(row);
                    }
                }
                int parts = 1 << bits;
                List<List<Column>> merged = new ArrayList<>(java.util.Collections.nCopies(parts, null));
                context.runInParallel("merging its groups", parts, mergeWorkers,
                        p -> merged.set(p, mergePartition(keyTypes, batches, hashes, partitionRows, p)));
                groupCount = 0;
                for (List<Column> part : merged) {
                    groupCount += part.getFirst().size;
                }
                results = new ArrayList<>();
                for (int c = 0; c < schema().getFields().size(); c++) {
                    List<Column> pieces = new ArrayList<>();
                    for (List<Column> part : merged) {
                        pieces.add(part.get(c));
                    }
                    results.add(Columns.concat(pieces.getFirst().type, pieces));
                }
            }

            /** One partition's groups: its keys, then each call's values. */
            private List<Column> mergePartition(org.apache.arrow.vector.types.pojo.ArrowType[] keyTypes,
                                                List<Column[]> batches, List<long[]> hashes,
                                                List<int[][]> partitionRows, int partition) {
                // sized for the partition's rows, at most the workers' count of its groups: growing a table of a
                // million groups one doubling at a time was a sixth of merging it (TPC-H q18)
                int rowsInPartition = 0;
                for (int[][] rows : partitionRows) {
                    rowsInPartition += rows[partition].length;
                }
                KeyTable groups = KeyTable.forGrouping(keyTypes, rowsInPartition);
                List<Accumulator> accumulators = new ArrayList<>();
                for (AggregateCall call : calls) {
                    accumulators.add(Accumulators.create(call, call.args().isEmpty() ? null
                            : inputSchema.getFields().get(call.args().getFirst()).getType()));
                }
                for (int b = 0; b < batches.size(); b++) {
                    int[] rows = partitionRows.get(b)[partition];
                    int m = rows.length;
                    if (m == 0) {
                        continue;
                    }
                    context.checkCancelled();
                    Column[] columns = batches.get(b);
                    Column[] keyColumns = new Column[keys.length];
                    for (int k = 0; k < keys.length; k++) {
                        keyColumns[k] = slice(columns[k], rows, m);
                    }
                    int[] ids = groups.assign(keyColumns, KeyTable.hashesOf(hashes.get(b), rows), m);
                    int at = keys.length;
                    for (int a = 0; a < calls.size(); a++) {
                        Column[] args = new Column[calls.get(a).args().size()];
                        for (int j = 0; j < args.length; j++) {
                            args[j] = slice(columns[at++], rows, m);
                        }
                        accumulators.get(a).update(ids, m, groups.size(), args);
                    }
                }
                List<Column> out = new ArrayList<>(List.of(groups.keyColumns()));
                for (Accumulator acc : accumulators) {
                    out.add(acc.finish(groups.size()));
                }
                return out;
            }

            private KeyTable distinctTable(AggregateCall call) {
                org.apache.arrow.vector.types.pojo.ArrowType[] types =
                        new org.apache.arrow.vector.types.pojo.ArrowType[call.args().size() + 1];
                types[0] = new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true);
                for (int j = 0; j < call.args().size(); j++) {
                    types[j + 1] = inputSchema.getFields().get(call.args().get(j)).getType();
                }
                return new KeyTable(types);
            }

            private int[] distinctPairs(KeyTable table, int[] groupIds, Column[] args, int n) {
                long[] groups = new long[n];
                for (int i = 0; i < n; i++) {
                    groups[i] = groupIds[i];
                }
                Column[] key = new Column[args.length + 1];
                key[0] = new io.codeanatomy.engine.core.internal.exec.vector.LongColumn(
                        new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true), groups, n, null);
                System.arraycopy(args, 0, key, 1, args.length);
                return table.assign(key, n);
            }

            private boolean anyNull(Column[] args, int row) {
                for (Column arg : args) {
                    if (arg.isNull(row)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public void close() {
                input.close();
            }
        };
    }

    /** One batch's input columns: read from the child's batch, or computed once by the absorbed projection. */
    /** The groups so far: a global aggregate (no keys) has its one group before the table adds it at the end. */
    private int groupCount(KeyTable groups) {
        return keys.length == 0 ? 1 : groups.size();
    }

    private Column[] keyColumns(InputColumns in) {
        Column[] columns = new Column[keys.length];
        for (int k = 0; k < keys.length; k++) {
            columns[k] = in.column(keys[k]);
        }
        return columns;
    }

    /** The batch's vector each key column is as it is, or null where the key is computed or cast. */
    private FieldVector[] keyVectors(Batch batch) {
        FieldVector[] vectors = new FieldVector[keys.length];
        for (int k = 0; k < keys.length; k++) {
            int column = keys[k];
            if (inputs != null) {
                if (!(inputs.get(column) instanceof ColumnRef ref)) {
                    continue;
                }
                column = ref.index();
            }
            FieldVector vector = batch.vector(column);
            boolean asIs = vector.getField().getType().equals(inputSchema.getFields().get(keys[k]).getType());
            vectors[k] = asIs ? vector : null;
        }
        return vectors;
    }

    private final class InputColumns {
        private final EvalInput rows;
        private final Column[] computed;

        InputColumns(EvalInput rows) {
            this.rows = rows;
            this.computed = inputs == null ? null : new Column[inputs.size()];
        }

        Column column(int index) {
            if (computed == null) {
                return rows.column(index);
            }
            Column c = computed[index];
            if (c == null) {
                c = Casts.cast(inputs.get(index).evaluate(rows), inputSchema.getFields().get(index).getType(), rows.rows());
                computed[index] = c;
            }
            return c;
        }
    }

    private static Column slice(Column c, int[] positions, int n) {
        return Columns.gather(c, positions, n);
    }
}
