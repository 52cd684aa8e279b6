package io.codeanatomy.delta;

import io.codeanatomy.delta.internal.KernelTypes;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.RootBatchStream;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.Row;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Row-level changes between two versions, per commit as Delta's change data feed defines them.
 * <ul>
 *   <li>A commit with {@code cdc} actions (written by engines such as Spark when {@code delta.enableChangeDataFeed} is
 *       set, for DELETE, UPDATE and MERGE) takes its changes from those change-data files alone, with their own
 *       {@code _change_type}: {@code insert}, {@code delete}, {@code update_preimage}, {@code update_postimage}.</li>
 *   <li>Any other commit is read from its add and remove actions. A copy-on-write DELETE or UPDATE removes a whole file
 *       and adds its survivors (a deletion-vector DELETE re-adds the file with a new vector), so the rows of removed
 *       files and of added files are compared as multisets: only rows that really disappeared are {@code delete}s and
 *       only new rows are {@code insert}s (an UPDATE shows as the old row deleted and the new one inserted; a
 *       compaction shows nothing). Each such commit's changed files are held in memory while it is compared.</li>
 * </ul>
 */
final class ChangeFeed {
    static final String CHANGE_TYPE = "_change_type";
    static final String COMMIT_VERSION = "_commit_version";
    static final String COMMIT_TIMESTAMP = "_commit_timestamp";

    private ChangeFeed() {}

    static Schema schema(Schema table) {
        List<Field> fields = new ArrayList<>(table.getFields());
        fields.add(Field.notNullable(CHANGE_TYPE, ArrowType.Utf8.INSTANCE));
        fields.add(Field.notNullable(COMMIT_VERSION, new ArrowType.Int(64, true)));
        fields.add(Field.notNullable(COMMIT_TIMESTAMP, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")));
        return new Schema(fields);
    }

    static BatchStream read(DeltaTable table, long from, long to, BufferAllocator allocator) {
        Snapshot latest = table.latest();
        Schema tableSchema = KernelTypes.toArrow(latest.getSchema());
        Iterator<DeltaLog.CommitFiles> commits = DeltaLog.files(table, from, to).iterator();
        ScanPlan plan = new ScanPlan(table, latest, latest.getSchema().fieldNames(), java.util.Optional.empty());
        return new RootBatchStream(schema(tableSchema)) {
            @Override
            protected VectorSchemaRoot nextRoot() {
                while (commits.hasNext()) {
                    DeltaLog.CommitFiles commit = commits.next();
                    VectorSchemaRoot out = commit.changeFiles().isEmpty() ? diff(plan, commit, schema(), allocator, table)
                            : fromChangeFiles(plan, commit, schema(), allocator, table);
                    if (out.getRowCount() > 0) {
                        return out;
                    }
                    out.close();
                }
                return null;
            }
        };
    }

    private static VectorSchemaRoot diff(ScanPlan plan, DeltaLog.CommitFiles commit, Schema schema, BufferAllocator allocator,
                                         DeltaTable table) {
        List<VectorSchemaRoot> removed = new ArrayList<>();
        List<VectorSchemaRoot> added = new ArrayList<>();
        try {
            readAll(plan, commit.removed(), allocator, removed, table);
            readAll(plan, commit.added(), allocator, added, table);
            Map<List<Object>, Integer> net = new HashMap<>();
            forEachRow(added, (root, row) -> net.merge(key(root, row), 1, Integer::sum));
            forEachRow(removed, (root, row) -> net.merge(key(root, row), -1, Integer::sum));
            VectorSchemaRoot out = VectorSchemaRoot.create(schema, allocator);
            int columns = schema.getFields().size() - 3;
            int[] n = {0};
            long micros = commit.timestamp().toEpochMilli() * 1000;
            Appender append = (root, row, type) -> {
                for (int c = 0; c < columns; c++) {
                    out.getVector(c).copyFromSafe(row, n[0], root.getVector(c));
                }
                ((VarCharVector) out.getVector(columns)).setSafe(n[0], type.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                ((BigIntVector) out.getVector(columns + 1)).setSafe(n[0], commit.version());
                ((TimeStampMicroTZVector) out.getVector(columns + 2)).setSafe(n[0], micros);
                n[0]++;
            };
            forEachRow(removed, (root, row) -> {
                List<Object> key = key(root, row);
                Integer count = net.get(key);
                if (count != null && count < 0) {
                    net.put(key, count + 1);
                    append.append(root, row, "delete");
                }
            });
            forEachRow(added, (root, row) -> {
                List<Object> key = key(root, row);
                Integer count = net.get(key);
                if (count != null && count > 0) {
                    net.put(key, count - 1);
                    append.append(root, row, "insert");
                }
            });
            for (FieldVector vector : out.getFieldVectors()) {
                vector.setValueCount(n[0]);
            }
            out.setRowCount(n[0]);
            return out;
        } finally {
            removed.forEach(VectorSchemaRoot::close);
            added.forEach(VectorSchemaRoot::close);
        }
    }

    /** All rows of the commit's change-data files, with the change type each file gives them. */
    private static VectorSchemaRoot fromChangeFiles(ScanPlan plan, DeltaLog.CommitFiles commit, Schema schema,
                                                    BufferAllocator allocator, DeltaTable table) {
        VectorSchemaRoot out = VectorSchemaRoot.create(schema, allocator);
        try {
            int columns = schema.getFields().size() - 3;
            long micros = commit.timestamp().toEpochMilli() * 1000;
            int n = 0;
            for (Row file : commit.changeFiles()) {
                try (ScanPlan.FileBatches batches = plan.readChanges(file, allocator)) {
                    while (true) {
                        VectorSchemaRoot next = batches.next();
                        if (next == null) {
                            break;
                        }
                        try (VectorSchemaRoot batch = next) {
                            VarCharVector types = (VarCharVector) batch.getVector(columns);
                            for (int r = 0; r < batch.getRowCount(); r++, n++) {
                                for (int c = 0; c < columns; c++) {
                                    out.getVector(c).copyFromSafe(r, n, batch.getVector(c));
                                }
                                if (types.isNull(r)) {
                                    throw new DeltaException("The change data file " + ScanFiles.path(file) + " of "
                                            + table.location() + " (version " + commit.version() + ") has a row without "
                                            + CHANGE_TYPE + "; it is not a valid change data file");
                                }
                                ((VarCharVector) out.getVector(columns)).setSafe(n, types.get(r));
                                ((BigIntVector) out.getVector(columns + 1)).setSafe(n, commit.version());
                                ((TimeStampMicroTZVector) out.getVector(columns + 2)).setSafe(n, micros);
                            }
                        }
                    }
                } catch (DeltaException e) {
                    throw new DeltaException("The change feed of " + table.location() + " at version " + commit.version()
                            + " needs its change data file " + ScanFiles.path(file) + ": " + e.getMessage(), e);
                }
            }
            for (FieldVector vector : out.getFieldVectors()) {
                vector.setValueCount(n);
            }
            out.setRowCount(n);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    @FunctionalInterface
    private interface Appender {
        void append(VectorSchemaRoot root, int row, String type);
    }

    @FunctionalInterface
    private interface RowVisitor {
        void visit(VectorSchemaRoot root, int row);
    }

    private static void forEachRow(List<VectorSchemaRoot> roots, RowVisitor visitor) {
        for (VectorSchemaRoot root : roots) {
            for (int r = 0; r < root.getRowCount(); r++) {
                visitor.visit(root, r);
            }
        }
    }

    private static List<Object> key(VectorSchemaRoot root, int row) {
        List<Object> key = new ArrayList<>(root.getFieldVectors().size());
        for (FieldVector vector : root.getFieldVectors()) {
            Object value = vector.getObject(row);
            key.add(value instanceof byte[] bytes ? ByteBuffer.wrap(bytes)
                    : value instanceof org.apache.arrow.vector.util.Text text ? text.toString() : value);
        }
        return key;
    }

    private static void readAll(ScanPlan plan, List<Row> files, BufferAllocator allocator, List<VectorSchemaRoot> out,
                                DeltaTable table) {
        for (Row file : files) {
            try (ScanPlan.FileBatches batches = plan.read(file, allocator)) {
                for (VectorSchemaRoot batch = batches.next(); batch != null; batch = batches.next()) {
                    out.add(batch);
                }
            } catch (DeltaException e) {
                throw new DeltaException("The change feed of " + table.location() + " needs " + ScanFiles.path(file)
                        + ", which is gone (vacuumed?); read a later version range. " + e.getMessage(), e);
            }
        }
    }
}
