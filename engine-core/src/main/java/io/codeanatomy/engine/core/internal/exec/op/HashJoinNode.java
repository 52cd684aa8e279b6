package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.hash.KeyTable;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.ColumnAssembler;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import io.codeanatomy.engine.core.internal.exec.expr.Casts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Hash join: the right input is the build side (the planner puts the cheaper table to build there), hashed on its key
 * columns into a {@link KeyTable} with row chains; left batches probe it. An optional residual predicate over the
 * joined row filters candidate pairs. Key columns never match on NULL. With no keys every pair is a candidate
 * (a nested-loop join), still vectorized per probe batch.
 */
public final class HashJoinNode extends PhysicalNode {
    /**
     * The join types this operator produces. SEMI and ANTI return the probe (left) rows with / without a match;
     * RIGHT_SEMI and RIGHT_ANTI return the build (right) rows with / without a match, once the probe side is done: a
     * semi or anti join whose kept side is the smaller one hashes that side instead of the larger.
     */
    public enum Type { INNER, LEFT, RIGHT, FULL, SEMI, ANTI, RIGHT_SEMI, RIGHT_ANTI }

    private final Type type;
    private final int[] leftKeys;
    private final int[] rightKeys;
    private final PhysicalExpr residual;
    private final String build;
    // the joined columns it emits, in order, as positions among the columns it joins (the probe's then the build's,
    // or the one side a semi or anti join returns); null for all of them. A join whose parent reads a few of its
    // columns gathers and packs only those: before, each join of a chain copied every key and column of both sides.
    private final int[] output;
    private final boolean[] emitted;       // per joined column, whether output names it; null for all
    // the keys (positions in the key lists, ascending) its dynamic filter tests, or null when it publishes none;
    // set while planning, before the plan runs
    private volatile int[] filterKeys;

    /**
     * The filter slots of the joins whose probe side is being opened on this thread, so the scan their probe keys
     * come from (opened inside that) finds the slot of this very run of the join, not of another run or thread.
     */
    private static final ThreadLocal<java.util.Map<HashJoinNode, FilterSlot>> OPENING =
            ThreadLocal.withInitial(java.util.IdentityHashMap::new);

    /** Where one run of a join leaves its {@link DynamicFilter} for its probe-side scan, once the build is hashed. */
    static final class FilterSlot {
        volatile DynamicFilter filter;
    }

    public HashJoinNode(PhysicalNode left, PhysicalNode right, Type type, int[] leftKeys, int[] rightKeys,
                        PhysicalExpr residual, Schema schema) {
        this(left, right, type, leftKeys, rightKeys, residual, schema, null);
    }

    /** @param build what EXPLAIN says about the build side (the right input) and why it was chosen; null for nothing */
    public HashJoinNode(PhysicalNode left, PhysicalNode right, Type type, int[] leftKeys, int[] rightKeys,
                        PhysicalExpr residual, Schema schema, String build) {
        this(left, right, type, leftKeys, rightKeys, residual, schema, build, null);
    }

    /**
     * @param output the joined columns to emit, in order (see {@link #probeColumn}), matching {@code schema}; null
     *               for all of them
     */
    public HashJoinNode(PhysicalNode left, PhysicalNode right, Type type, int[] leftKeys, int[] rightKeys,
                        PhysicalExpr residual, Schema schema, String build, int[] output) {
        super(schema, List.of(left, right));
        this.build = build;
        this.type = type;
        this.leftKeys = leftKeys.clone();
        this.rightKeys = rightKeys.clone();
        this.residual = residual;
        int width = joinedWidth(type, left.schema().getFields().size(), right.schema().getFields().size());
        if (output != null && output.length != schema.getFields().size()) {
            throw new IllegalArgumentException("A join emitting " + output.length + " columns needs a schema of as many, got "
                    + schema.getFields().size());
        }
        this.output = output == null ? null : output.clone();
        this.emitted = output == null ? null : new boolean[width];
        if (output != null) {
            for (int c : output) {
                emitted[java.util.Objects.checkIndex(c, width)] = true;
            }
        }
    }

    /** How many columns a join of this type joins: both sides', or the one side a semi or anti join returns. */
    private static int joinedWidth(Type type, int left, int right) {
        return switch (type) {
            case INNER, LEFT, RIGHT, FULL -> left + right;
            case SEMI, ANTI -> left;
            case RIGHT_SEMI, RIGHT_ANTI -> right;
        };
    }

    /** Whether joined column {@code c} goes out. */
    private boolean emits(int c) {
        return emitted == null || emitted[c];
    }

    @Override
    public String name() {
        return leftKeys.length == 0 ? "NestedLoopJoin" : "HashJoin";
    }

    @Override
    public List<String> details() {
        List<String> details = new ArrayList<>();
        details.add("type=" + type);
        if (leftKeys.length > 0) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < leftKeys.length; i++) {
                keys.add("$" + leftKeys[i] + " = $" + (rightKeys[i] + children().get(0).schema().getFields().size()));
            }
            details.add("keys=" + keys);
        }
        if (residual != null) {
            details.add("residual=" + residual.display());
        }
        if (build != null) {
            details.add("build=" + build);
        }
        if (filterKeys != null) {
            details.add("dynamic_filter");
        }
        if (output != null) {
            details.add("output=" + Arrays.stream(output).mapToObj(c -> "$" + c).toList());
        }
        return details;
    }

    /**
     * The probe (left) input's column that output column {@code c} passes on unchanged, one value per kept probe
     * row, or -1: a build column, or a join whose rows are not the probe's (RIGHT, FULL, RIGHT_SEMI, RIGHT_ANTI).
     */
    public int probeColumn(int c) {
        if (!(type == Type.INNER || type == Type.LEFT || type == Type.SEMI || type == Type.ANTI)) {
            return -1;
        }
        int joined = output == null ? c : output[c];
        return joined < children().getFirst().schema().getFields().size() ? joined : -1;
    }

    /** Whether the probe side can be split across threads: no join state outlives one probe batch. */
    boolean probeSplittable() {
        return leftKeys.length > 0 && !marksBuildRows(type);
    }

    /**
     * Whether the probe side can be split across the workers of a region this join ends: they mark the build rows
     * that matched in one shared array, and the region emits the rows that come out at the end once they are all
     * done ({@link #rowsAfterProbes}).
     */
    public boolean probeSplittableAtTop() {
        return leftKeys.length > 0 && marksBuildRows(type);
    }

    /**
     * The build rows a marking join emits after its last probe batch (unmatched for RIGHT, FULL and RIGHT_ANTI,
     * matched for RIGHT_SEMI), once every worker of a parallel region has probed; null for none.
     */
    Batch rowsAfterProbes(ExecContext region) {
        JoinOperator finisher = new JoinOperator(region, null, null, region.shared(this, SharedBuild.class));
        finisher.buildSide();
        return finisher.buildRowsAtEnd(type != Type.RIGHT_SEMI);
    }

    /** Whether the join remembers which build rows matched, to emit rows of the build side at the end. */
    public static boolean marksBuildRows(Type type) {
        return type == Type.RIGHT || type == Type.FULL || type == Type.RIGHT_SEMI || type == Type.RIGHT_ANTI;
    }

    /**
     * Makes this join hand a {@link DynamicFilter} of its build keys to the scan its probe keys come from (which the
     * planner tells through {@link ScanNode#addDynamicFilter}): of all its keys, or of those among them ({@code keys},
     * positions in the key lists) that the scan has, since a probe row whose part of the key no build row has cannot
     * match either. Planning time only.
     */
    public void publishDynamicFilter(int[] keys) {
        filterKeys = keys.clone();
    }

    /** The slot of the run of {@code source} whose probe side this thread is opening, or null. */
    static FilterSlot openingSlot(HashJoinNode source) {
        return OPENING.get().get(source);
    }

    /** The slots of the joins whose probe side this thread is opening: for the workers a parallel region starts. */
    static java.util.Map<HashJoinNode, FilterSlot> openingSlots() {
        return java.util.Map.copyOf(OPENING.get());
    }

    /** Runs {@code open} on this thread as if the joins of {@code slots} were opening their probe side on it. */
    static <T> T openingWith(java.util.Map<HashJoinNode, FilterSlot> slots, java.util.function.Supplier<T> open) {
        if (slots.isEmpty()) {
            return open.get();
        }
        java.util.Map<HashJoinNode, FilterSlot> opening = OPENING.get();
        opening.putAll(slots);
        try {
            return open.get();
        } finally {
            slots.keySet().forEach(opening::remove);
        }
    }

    @Override
    protected Operator open(ExecContext context) {
        SharedBuild shared = context.shared(this, SharedBuild.class);
        FilterSlot slot = filterKeys != null ? new FilterSlot() : null;
        Operator probe;
        if (slot != null) {
            OPENING.get().put(this, slot);
            try {
                probe = children().get(0).start(context);
            } finally {
                OPENING.get().remove(this);
            }
        } else {
            probe = children().get(0).start(context);
        }
        if (shared != null) {
            return new JoinOperator(context, probe, null, shared).publishingTo(slot);
        }
        Operator build;
        try {
            build = children().get(1).start(context);
        } catch (RuntimeException e) {
            probe.close();
            throw e;
        }
        return new JoinOperator(context, probe, build, null).publishingTo(slot);
    }

    /** Per build column whether the join reads it (a key, the residual's or an emitted column); null for all. */
    private boolean[] buildColumnsRead() {
        if (emitted == null || residual != null) {
            return null;
        }
        int width = children().get(1).schema().getFields().size();
        int offset = switch (type) {
            case INNER, LEFT, RIGHT, FULL -> children().getFirst().schema().getFields().size();
            case SEMI, ANTI -> -1;         // returns probe rows only
            case RIGHT_SEMI, RIGHT_ANTI -> 0;
        };
        boolean[] read = new boolean[width];
        for (int c = 0; c < width; c++) {
            read[c] = offset >= 0 && emitted[offset + c];
        }
        for (int key : rightKeys) {
            read[key] = true;
        }
        return read;
    }

    /** Build sides with at least this many rows are hashed in parallel, one table per hash partition. */
    static final int PARALLEL_BUILD_ROWS = 1 << 17;

    /**
     * The hashed build side: its rows as columns, and per key the chain of rows with that key ({@code next} links a
     * row to the next with the same key, -1 at the end). Keys live in one table, or in one per hash partition (the
     * top bits of the hash pick it) when the side is large: those are filled in parallel, each by its own thread,
     * since filling a table is the one step of a join that cannot be split otherwise. Several integer key columns are
     * {@link PackedKeys packed} into one first (null when not), and the tables and probes see that one key. A dense
     * integer key takes {@link DirectKeys} instead (tables and heads null). Read-only once built.
     */
    private record BuildSide(Column[] columns, int rows, KeyTable[] tables, int[][] heads, int[] next, int partitionBits,
                             DirectKeys direct, PackedKeys packed, DynamicFilter filter) {
        static BuildSide of(HashJoinNode node, Operator build, ExecContext context) {
            List<Field> rightFields = node.children().get(1).schema().getFields();
            BufferedColumns buffered = BufferedColumns.drain(build, rightFields, node.buildColumnsRead(), context);
            Column[] columns = buffered.columns();
            int rows = buffered.rows();
            ArrowType[] columnTypes = new ArrowType[node.rightKeys.length];
            Column[] keyColumns = new Column[node.rightKeys.length];
            for (int k = 0; k < node.rightKeys.length; k++) {
                columnTypes[k] = rightFields.get(node.rightKeys[k]).getType();
                keyColumns[k] = columns[node.rightKeys[k]];
            }
            int[] next = new int[rows];
            int workers = context.profile().execution().targetPartitions();
            boolean filtered = node.filterKeys != null && keyColumns.length > 0;
            Column[] filterKeys = filtered ? filterKeys(keyColumns, node.filterKeys) : null;
            // with the key columns packed, the table and the probes see one integer key; the dynamic filter the columns
            PackedKeys packed = PackedKeys.of(keyColumns, rows);
            Column[] keys = packed == null ? keyColumns : new Column[] {packed.pack(keyColumns, rows)};
            ArrowType[] keyTypes = packed == null ? columnTypes : new ArrowType[] {keys[0].type};
            DirectKeys direct = keys.length == 1 ? DirectKeys.of(keys[0], rows, next) : null;
            if (direct != null) {
                return new BuildSide(columns, rows, null, null, next, 0, direct, packed,
                        filtered ? DynamicFilter.of(filterKeys, rows, null) : null);
            }
            if (rows < PARALLEL_BUILD_ROWS || workers < 2) {
                KeyTable table = new KeyTable(keyTypes, Math.min(rows, 1 << 21));
                int[] head = fill(table, keys, null, null, next);
                return new BuildSide(columns, rows, new KeyTable[] {table}, new int[][] {head}, next, 0, null, packed,
                        filtered ? DynamicFilter.of(filterKeys, rows, null) : null);
            }
            int bits = Math.min(6, 32 - Integer.numberOfLeadingZeros(workers * 4 - 1));     // about 4 partitions per worker
            int partitions = 1 << bits;
            long[] hashes = KeyTable.hash(keys, rows);
            DynamicFilter filter = !filtered ? null
                    : DynamicFilter.of(filterKeys, rows, filterKeys == keys ? hashes : null);
            int[][] members = KeyTable.partitionRows(hashes, rows, bits);
            KeyTable[] tables = new KeyTable[partitions];
            int[][] heads = new int[partitions][];
            context.runInParallel("hashing a join's build side", partitions, workers, p -> {
                tables[p] = new KeyTable(keyTypes, Math.min(members[p].length, 1 << 21));
                heads[p] = fill(tables[p], keys, KeyTable.hashesOf(hashes, members[p]), members[p], next);  // disjoint rows of next
            });
            return new BuildSide(columns, rows, tables, heads, next, bits, null, packed, filter);
        }

        /** The key columns at {@code positions}: {@code keys} itself when those are all of them, in order. */
        private static Column[] filterKeys(Column[] keys, int[] positions) {
            if (positions.length == keys.length) {      // ascending and distinct: all of them
                return keys;
            }
            Column[] subset = new Column[positions.length];
            for (int i = 0; i < positions.length; i++) {
                subset[i] = keys[positions[i]];
            }
            return subset;
        }

        /**
         * Adds rows {@code members} (ascending; null for all rows) to {@code table}; returns per key its first row,
         * chaining the rest through {@code next}. {@code hashes}: the members' key hashes when known, else null.
         */
        private static int[] fill(KeyTable table, Column[] keys, long[] hashes, int[] members, int[] next) {
            int count = members == null ? next.length : members.length;
            Column[] mine = new Column[keys.length];
            for (int k = 0; k < keys.length; k++) {
                mine[k] = members == null ? keys[k] : Columns.gather(keys[k], members, count);
            }
            int[] ids = hashes == null ? table.assign(mine, count) : table.assign(mine, hashes, count);
            int[] head = new int[table.size()];
            Arrays.fill(head, -1);
            // chain rows newest-first, walking in reverse so chains list rows in build order
            for (int j = count - 1; j >= 0; j--) {
                int row = members == null ? j : members[j];
                if (hasNullKey(mine, j)) {
                    next[row] = -1;
                    continue;
                }
                next[row] = head[ids[j]];
                head[ids[j]] = row;
            }
            return head;
        }

        /** For each of the {@code n} probe rows, the first build row with its key, or -1. */
        int[] firstRows(Column[] keys, int n) {
            int[] first = new int[n];
            Column[] probeKeys = packed == null ? keys : new Column[] {packed.pack(keys, n)};
            if (direct != null) {
                direct.firstRows((LongColumn) probeKeys[0], first, n);     // probe keys are cast to the build's type
                return first;
            }
            if (partitionBits == 0) {
                int[] ids = tables[0].find(probeKeys, n);
                for (int i = 0; i < n; i++) {
                    first[i] = ids[i] < 0 ? -1 : heads[0][ids[i]];
                }
                return first;
            }
            long[] hashes = KeyTable.hash(probeKeys, n);
            for (int from = 0; from < n; from += KeyTable.TOUCH_ROWS) {
                int to = Math.min(n, from + KeyTable.TOUCH_ROWS);
                KeyTable.touchSlots(tables, partitionBits, hashes, from, to);
                for (int i = from; i < to; i++) {
                    if (KeyTable.repeatsPrevious(probeKeys, hashes, i)) {
                        first[i] = first[i - 1];      // a repeated key (clustered probe rows) probes once
                        continue;
                    }
                    int p = (int) (hashes[i] >>> (64 - partitionBits));
                    int id = tables[p].find(probeKeys, i, hashes[i]);
                    first[i] = id < 0 ? -1 : heads[p][id];
                }
            }
            return first;
        }
    }

    /**
     * The build side's rows by key when the key is one integer column whose values span a range at most four times
     * the row count (TPC-H's keys, most surrogate keys): the first row of each key sits at the key's offset from the
     * smallest, so a probe is one array read where a hash table costs a hash, a slot read and a compare, and building
     * it hashes nothing. Rows with the same key chain through {@code next} as in the hash tables.
     *
     * @param min   the smallest key
     * @param first per key offset, its first build row or -1
     */
    private record DirectKeys(long min, int[] first) {
        /** A larger range takes the hash table: at most 128 MiB, and at most 16 bytes per build row. */
        private static final long MAX_RANGE = 1 << 25;

        /** The direct index of {@code key} ({@code rows} rows, filling {@code next}), or null if it takes a table. */
        static DirectKeys of(Column key, int rows, int[] next) {
            if (!(key instanceof LongColumn c) || c.type instanceof ArrowType.Decimal || rows == 0) {
                return null;        // decimals compare by value across scales; the hash table's stores handle that
            }
            long[] keyRange = DynamicFilter.range(c, rows);
            long min = keyRange[0];
            long max = keyRange[1];
            long range = max - min + 1;       // overflows to <= 0 for keys spread over most of the long range
            if (min > max || range <= 0 || range > MAX_RANGE || range > 4L * rows + 1024) {
                return null;
            }
            int[] first = new int[(int) range];
            Arrays.fill(first, -1);
            for (int r = rows - 1; r >= 0; r--) {     // in reverse, so each chain lists its rows in build order
                if (c.isNull(r)) {
                    next[r] = -1;
                    continue;
                }
                int offset = (int) (c.values[r] - min);
                next[r] = first[offset];
                first[offset] = r;
            }
            return new DirectKeys(min, first);
        }

        /** The first build row of each probe key, or -1 (the caller skips NULL probe keys, whatever their slot holds). */
        void firstRows(LongColumn probe, int[] out, int n) {
            long[] values = probe.values;
            int[] heads = first;
            long base = min;
            for (int i = 0; i < n; i++) {
                long offset = values[i] - base;
                out[i] = Long.compareUnsigned(offset, heads.length) < 0 ? heads[(int) offset] : -1;
            }
        }
    }

    /**
     * Several integer key columns as one: each row's values, less the build side's smallest, as the digits of one
     * number in mixed radix (each column's range of build values). The build side and the probes then look up one
     * long instead of comparing each column: TPC-H joins partsupp on (part, supplier) and customer on (customer,
     * nation). A probe row with a value outside its column's build range can match nothing and packs to -1.
     *
     * @param mins  per column, the smallest build value
     * @param spans per column, its build values' range (max - min + 1)
     */
    private record PackedKeys(long[] mins, long[] spans) {
        private static final ArrowType BIGINT = new ArrowType.Int(64, true);

        /** The packing of {@code keys} ({@code rows} build rows), or null: one column, not all integers, or too wide. */
        static PackedKeys of(Column[] keys, int rows) {
            if (keys.length < 2 || rows == 0) {
                return null;
            }
            long[] mins = new long[keys.length];
            long[] spans = new long[keys.length];
            long product = 1;
            for (int k = 0; k < keys.length; k++) {
                if (!(keys[k] instanceof LongColumn c) || c.type instanceof ArrowType.Decimal) {
                    return null;    // decimals compare by value across scales; the hash table's stores handle that
                }
                long[] range = DynamicFilter.range(c, rows);
                long span = range[1] - range[0] + 1;    // overflows to <= 0 for keys spread over most of the long range
                if (range[0] > range[1] || span <= 0 || span > (Long.MAX_VALUE >> 1) / product) {
                    return null;    // no non-NULL value, or the packed numbers would not stay below 2^62
                }
                mins[k] = range[0];
                spans[k] = span;
                product *= span;
            }
            return new PackedKeys(mins, spans);
        }

        /** The packed key of each of the {@code n} rows: NULL where a column is NULL, -1 where one is out of range. */
        LongColumn pack(Column[] keys, int n) {
            long[] packed = new long[n];
            boolean[] nulls = null;
            for (int k = 0; k < keys.length; k++) {
                LongColumn c = (LongColumn) keys[k];
                long min = mins[k];
                long span = spans[k];
                for (int i = 0; i < n; i++) {
                    long digit = c.values[i] - min;
                    long next = packed[i] * span + digit;
                    // out of range (as unsigned: below the min too), or an earlier column was: -1 from here on
                    packed[i] = Long.compareUnsigned(digit, span) < 0 && packed[i] >= 0 ? next : -1;
                }
                if (c.hasNulls()) {
                    nulls = nulls == null ? new boolean[n] : nulls;
                    for (int i = 0; i < n; i++) {
                        nulls[i] |= c.isNull(i);
                    }
                }
            }
            return new LongColumn(BIGINT, packed, n, nulls);
        }
    }

    /**
     * One build side for all the workers of a parallel region that probe this join: the first worker to need it
     * builds it, the others wait for it, so the build input is read and hashed once.
     */
    static final class SharedBuild {
        private final HashJoinNode node;
        private BuildSide side;
        private boolean[] matched;        // marking joins: the build rows any worker matched
        private RuntimeException failure;

        SharedBuild(HashJoinNode node) {
            this.node = node;
        }

        synchronized BuildSide get(ExecContext context) {
            if (failure != null) {
                throw failure;
            }
            if (side == null) {
                try (Operator build = node.children().get(1).start(context)) {
                    side = BuildSide.of(node, build, context);
                    // workers only ever set elements to true, so racing writes agree; the region reads the array
                    // after every worker is done
                    matched = marksBuildRows(node.type) ? new boolean[side.rows()] : null;
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }
            return side;
        }
    }

    /** Candidate pairs per output batch: bounds the memory one probe batch with a large fan-out can take. */
    static final int MAX_PAIRS = 1 << 20;

    private final class JoinOperator implements Operator {
        private final ExecContext context;
        private final Operator probe;
        private final Operator build;          // null when the build side is shared
        private final SharedBuild shared;
        private final List<Field> leftFields = children().get(0).schema().getFields();
        private final List<Field> rightFields = children().get(1).schema().getFields();
        private Column[] buildColumns;
        private int buildRows;
        private int[] next;        // build row -> next build row with the same key, -1 at the end
        private BuildSide side;
        private boolean[] buildMatched;        // RIGHT and FULL joins only
        private boolean probeDone;
        private boolean finished;
        private Batch pending;     // the probe batch being joined; large fan-outs take several slices of it
        private int pendingRow;    // its first row not joined yet
        private FilterSlot slot;   // where this run's dynamic filter goes, or null

        JoinOperator(ExecContext context, Operator probe, Operator build, SharedBuild shared) {
            this.context = context;
            this.probe = probe;
            this.build = build;
            this.shared = shared;
        }

        @Override
        public Batch next() {
            if (buildColumns == null) {
                buildSide();
            }
            while (true) {
                if (pending == null) {
                    if (probeDone) {
                        break;
                    }
                    Batch batch = probe.next();
                    if (batch == null) {
                        probeDone = true;
                        break;
                    }
                    pending = batch;
                    pendingRow = 0;
                }
                Batch out = probeSlice(pending);
                if (pendingRow >= pending.rows()) {
                    pending.close();
                    pending = null;
                }
                if (out != null) {
                    return out;
                }
            }
            if (!finished) {
                finished = true;
                if (marksBuildRows(type) && shared == null) {     // in a region, the region emits them at the end
                    return buildRowsAtEnd(type != Type.RIGHT_SEMI);
                }
            }
            return null;
        }

        JoinOperator publishingTo(FilterSlot slot) {
            this.slot = slot;
            return this;
        }

        private void buildSide() {
            BuildSide side = shared != null ? shared.get(context) : BuildSide.of(HashJoinNode.this, build, context);
            if (slot != null) {
                slot.filter = side.filter();      // before the first probe batch is pulled from the scan
            }
            buildColumns = side.columns();
            buildRows = side.rows();
            this.side = side;
            next = side.next();
            buildMatched = !marksBuildRows(type) ? null : shared != null ? shared.matched : new boolean[buildRows];
        }

        /**
         * Joins the pending batch's rows from {@code pendingRow} on, stopping after the row at which the candidate
         * pairs reach {@link #MAX_PAIRS}, so one probe batch with a huge fan-out yields several output batches
         * instead of one that overflows memory or array sizes.
         */
        private Batch probeSlice(Batch batch) {
            EvalInput in = EvalInput.of(batch, context);
            int from = pendingRow;
            int n = batch.rows();
            Column[] left = new Column[leftFields.size()];
            // an inner or right join without a residual reads the probe's other columns only for the rows that match
            boolean late = (type == Type.INNER || type == Type.RIGHT) && residual == null && leftKeys.length > 0;
            if (!late) {
                for (int c = 0; c < left.length; c++) {
                    left[c] = residual != null || emits(c) ? in.column(c) : null;
                }
            }
            // candidate pairs
            int[] pairLeft = new int[Math.max(16, n)];
            int[] pairRight = new int[pairLeft.length];
            int pairs = 0;
            int to = from;
            if (leftKeys.length == 0) {
                for (int i = from; i < n && pairs < MAX_PAIRS; i++, to = i) {
                    for (int r = 0; r < buildRows; r++) {
                        if (pairs == pairLeft.length) {
                            pairLeft = Arrays.copyOf(pairLeft, pairs * 2);
                            pairRight = Arrays.copyOf(pairRight, pairs * 2);
                        }
                        pairLeft[pairs] = i;
                        pairRight[pairs++] = r;
                    }
                }
            } else {
                Column[] keys = new Column[leftKeys.length];
                for (int k = 0; k < keys.length; k++) {
                    keys[k] = castKey(in.column(leftKeys[k]), rightFields.get(rightKeys[k]).getType(), n);
                }
                int[] first = side.firstRows(keys, n);
                for (int i = from; i < n && pairs < MAX_PAIRS; i++, to = i) {
                    if (first[i] < 0 || hasNullKey(keys, i)) {
                        continue;
                    }
                    for (int r = first[i]; r >= 0; r = next[r]) {
                        if (pairs == pairLeft.length) {
                            pairLeft = Arrays.copyOf(pairLeft, pairs * 2);
                            pairRight = Arrays.copyOf(pairRight, pairs * 2);
                        }
                        pairLeft[pairs] = i;
                        pairRight[pairs++] = r;
                    }
                }
            }
            // residual predicate over the joined candidates
            if (residual != null && pairs > 0) {
                Column[] joined = joinedColumns(left, pairLeft, pairRight, pairs, true);
                BoolColumn pass = (BoolColumn) residual.evaluate(EvalInput.ofColumns(joined, pairs, context));
                int kept = 0;
                for (int p = 0; p < pairs; p++) {
                    if (pass.isTrue(p)) {
                        pairLeft[kept] = pairLeft[p];
                        pairRight[kept++] = pairRight[p];
                    }
                }
                pairs = kept;
            }
            if (buildMatched != null) {
                for (int p = 0; p < pairs; p++) {
                    buildMatched[pairRight[p]] = true;
                }
            }
            pendingRow = to;
            return switch (type) {
                case INNER, RIGHT -> pairs == 0 ? null
                        : late ? emitMatched(batch, in, pairLeft, pairRight, pairs) : emit(left, pairLeft, pairRight, pairs);
                case LEFT, FULL -> emitWithUnmatchedLeft(left, from, to, pairLeft, pairRight, pairs);
                case SEMI, ANTI -> emitLeftOnly(left, from, to, pairLeft, pairs, type == Type.SEMI);
                case RIGHT_SEMI, RIGHT_ANTI -> null;      // only marks build rows; they come out at the end
            };
        }

        private Column castKey(Column column, ArrowType to, int n) {
            return Casts.isNoOp(column.type, to) ? column : Casts.cast(column, to, n);
        }


        /** The candidate pairs' columns: all of them ({@code all}, for the residual) or those the join emits. */
        private Column[] joinedColumns(Column[] left, int[] pairLeft, int[] pairRight, int pairs, boolean all) {
            Column[] joined = new Column[left.length + buildColumns.length];
            for (int c = 0; c < left.length; c++) {
                joined[c] = all || emits(c) ? Columns.gather(left[c], pairLeft, pairs) : null;
            }
            for (int c = 0; c < buildColumns.length; c++) {
                joined[left.length + c] = all || emits(left.length + c)
                        ? Columns.gather(buildColumns[c], pairRight, pairs) : null;
            }
            return joined;
        }

        /**
         * The matched pairs, the probe columns read straight from the batch's vectors at the matched rows (late
         * materialization): a selective join no longer copies every column of every probe row out of Arrow first.
         */
        private Batch emitMatched(Batch batch, EvalInput in, int[] pairLeft, int[] pairRight, int pairs) {
            Column[] joined = new Column[leftFields.size() + buildColumns.length];
            int[] rows = null;
            for (int c = 0; c < leftFields.size(); c++) {
                if (!emits(c)) {
                    continue;
                }
                Column unpacked = in.unpacked(c);
                if (unpacked != null) {
                    joined[c] = Columns.gather(unpacked, pairLeft, pairs);
                } else {
                    if (rows == null) {
                        rows = new int[pairs];
                        for (int p = 0; p < pairs; p++) {
                            rows[p] = batch.row(pairLeft[p]);
                        }
                    }
                    joined[c] = Columns.unpack(batch.vector(c), rows, pairs);
                }
            }
            for (int c = 0; c < buildColumns.length; c++) {
                if (emits(leftFields.size() + c)) {
                    joined[leftFields.size() + c] = Columns.gather(buildColumns[c], pairRight, pairs);
                }
            }
            return pack(joined, pairs);
        }

        private Batch emit(Column[] left, int[] pairLeft, int[] pairRight, int pairs) {
            return pack(joinedColumns(left, pairLeft, pairRight, pairs, false), pairs);
        }

        /** Matched pairs, plus each left row without a match padded with NULLs on the right. */
        private Batch emitWithUnmatchedLeft(Column[] left, int from, int to, int[] pairLeft, int[] pairRight, int pairs) {
            boolean[] matched = new boolean[to - from];
            for (int p = 0; p < pairs; p++) {
                matched[pairLeft[p] - from] = true;
            }
            int unmatched = 0;
            for (boolean m : matched) {
                unmatched += m ? 0 : 1;
            }
            int total = pairs + unmatched;
            if (total == 0) {
                return null;
            }
            int[] rowsLeft = Arrays.copyOf(pairLeft, total);
            int[] rowsRight = Arrays.copyOf(pairRight, total);
            int at = pairs;
            for (int i = from; i < to; i++) {
                if (!matched[i - from]) {
                    rowsLeft[at] = i;
                    rowsRight[at++] = -1;
                }
            }
            Column[] out = new Column[left.length + buildColumns.length];
            for (int c = 0; c < left.length; c++) {
                out[c] = emits(c) ? Columns.gather(left[c], rowsLeft, total) : null;
            }
            for (int c = 0; c < buildColumns.length; c++) {
                out[left.length + c] = emits(left.length + c)
                        ? gatherOrNull(buildColumns[c], rightFields.get(c).getType(), rowsRight, total) : null;
            }
            return pack(out, total);
        }

        private Batch emitLeftOnly(Column[] left, int from, int to, int[] pairLeft, int pairs, boolean withMatch) {
            boolean[] matched = new boolean[to - from];
            for (int p = 0; p < pairs; p++) {
                matched[pairLeft[p] - from] = true;
            }
            int[] rows = new int[to - from];
            int count = 0;
            for (int i = from; i < to; i++) {
                if (matched[i - from] == withMatch) {
                    rows[count++] = i;
                }
            }
            if (count == 0) {
                return null;
            }
            Column[] out = new Column[left.length];
            for (int c = 0; c < left.length; c++) {
                out[c] = emits(c) ? Columns.gather(left[c], rows, count) : null;
            }
            return pack(out, count);
        }

        /**
         * The build rows without a match (RIGHT, FULL: padded with NULLs on the left; RIGHT_ANTI) or with one
         * (RIGHT_SEMI: build columns only), after the last probe batch.
         */
        private Batch buildRowsAtEnd(boolean unmatched) {
            int count = 0;
            int[] rows = new int[buildRows];
            for (int r = 0; r < buildRows; r++) {
                if (buildMatched[r] != unmatched) {
                    rows[count++] = r;
                }
            }
            if (count == 0) {
                return null;
            }
            int padded = type == Type.RIGHT || type == Type.FULL ? leftFields.size() : 0;
            Column[] out = new Column[padded + buildColumns.length];
            for (int c = 0; c < padded; c++) {
                out[c] = emits(c) ? Columns.constant(leftFields.get(c).getType(), null, count) : null;
            }
            for (int c = 0; c < buildColumns.length; c++) {
                out[padded + c] = emits(padded + c) ? Columns.gather(buildColumns[c], rows, count) : null;
            }
            return pack(out, count);
        }

        private Batch pack(Column[] columns, int rows) {
            List<Field> fields = schema().getFields();
            List<FieldVector> vectors = new ArrayList<>(fields.size());
            try {
                for (int c = 0; c < fields.size(); c++) {
                    Column column = columns[output == null ? c : output[c]];
                    vectors.add(Columns.pack(Casts.cast(column, fields.get(c).getType(), rows), fields.get(c),
                            context.allocator()));
                }
            } catch (RuntimeException e) {
                Vectors.closeAll(vectors);
                throw e;
            }
            return Batch.of(schema(), vectors, rows);
        }

        @Override
        public void close() {
            try {
                if (pending != null) {
                    pending.close();
                    pending = null;
                }
                if (probe != null) {
                    probe.close();
                }
            } finally {
                if (build != null) {
                    build.close();
                }
            }
        }
    }

    private static boolean hasNullKey(Column[] keys, int row) {
        for (Column key : keys) {
            if (key.isNull(row)) {
                return true;
            }
        }
        return false;
    }

    /** Rows {@code rows[i]} of {@code column}, NULL where {@code rows[i] < 0}. */
    private static Column gatherOrNull(Column column, ArrowType type, int[] rows, int n) {
        int matched = 0;
        for (int i = 0; i < n; i++) {
            matched += rows[i] >= 0 ? 1 : 0;
        }
        int[] source = new int[matched];
        int[] target = new int[matched];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (rows[i] >= 0) {
                source[j] = rows[i];
                target[j++] = i;
            }
        }
        ColumnAssembler out = new ColumnAssembler(type, n);
        out.put(Columns.gather(column, source, matched), target, matched);
        return out.build();
    }
}
