package io.codeanatomy.delta.bench;

import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.delta.DeltaWriteResult;
import io.codeanatomy.delta.DeltaWriter;
import io.codeanatomy.delta.WriteMode;
import io.codeanatomy.engine.core.spi.BatchStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Delta write throughput, JUnit-free: writes {@code rows} rows of 4 string + 4 bigint columns (CPG-like: kinds, names,
 * paths, ids, byte offsets) to a fresh table per run and prints rows/s. The batches are built once and replayed, so the
 * figure is the write path alone. Usage: {@code WriteThroughput [rows] [runs]}.
 */
public final class WriteThroughput {
    private static final int BATCH = 8192;
    private static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("kind", ArrowType.Utf8.INSTANCE),
            Field.nullable("name", ArrowType.Utf8.INSTANCE),
            Field.nullable("path", ArrowType.Utf8.INSTANCE),
            Field.nullable("text", ArrowType.Utf8.INSTANCE),
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("parent", new ArrowType.Int(64, true)),
            Field.nullable("bstart", new ArrowType.Int(64, true)),
            Field.nullable("bend", new ArrowType.Int(64, true))));

    private WriteThroughput() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (BufferAllocator allocator = new RootAllocator()) {
            List<VectorSchemaRoot> pool = new ArrayList<>();
            try {
                for (int b = 0; b < 16; b++) {
                    pool.add(batch(allocator, b));
                }
                double[] rates = new double[runs];
                double[] cpuRates = new double[runs];
                java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
                for (int run = 0; run < runs; run++) {
                    Path dir = Files.createTempDirectory("write-throughput");
                    long start = System.nanoTime();
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    DeltaWriteResult result;
                    try (Replay replay = new Replay(pool, rows)) {
                        result = DeltaWriter.write(DeltaTable.forPath(dir.resolve("t")), replay, WriteMode.CREATE);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
                    rates[run] = result.rowsWritten() / seconds;
                    cpuRates[run] = result.rowsWritten() / cpu;
                    System.out.printf("run %d: %,d rows, %d files, %.2f s, %,.0f rows/s, %.2f s CPU of the writing thread,"
                            + " %,.0f rows/CPU-s%n", run, result.rowsWritten(), result.filesAdded(), seconds, rates[run], cpu,
                            cpuRates[run]);
                    try (Stream<Path> files = Files.walk(dir)) {
                        List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
                        long bytes = all.stream().filter(p -> p.toString().endsWith(".parquet")
                                && !p.toString().contains("_delta_log")).mapToLong(p -> p.toFile().length()).sum();
                        System.out.printf("       data files: %,d bytes%n", bytes);
                        all.forEach(p -> p.toFile().delete());
                    }
                }
                System.out.printf("median of runs after the first: %,.0f rows/s, %,.0f rows/CPU-s%n", median(rates),
                        median(cpuRates));
            } finally {
                pool.forEach(VectorSchemaRoot::close);
            }
        }
    }

    private static double median(double[] rates) {
        double[] timed = Arrays.copyOfRange(rates, Math.min(1, rates.length - 1), rates.length);
        Arrays.sort(timed);
        return timed[timed.length / 2];
    }

    private static VectorSchemaRoot batch(BufferAllocator allocator, int b) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        String[] kinds = {"identifier", "call", "attribute", "string", "integer", "block", "expression_statement"};
        for (int i = 0; i < BATCH; i++) {
            long id = (long) b * BATCH + i;
            set(root, 0, i, kinds[(int) (id % kinds.length)]);
            set(root, 1, i, id % 11 == 0 ? null : "name_" + (id % 5000));
            set(root, 2, i, "Lib/package" + (id % 40) + "/módulo_" + (id % 700) + ".py");
            set(root, 3, i, "value = call(arg" + id + ", other)");
            ((BigIntVector) root.getVector(4)).setSafe(i, id);
            ((BigIntVector) root.getVector(5)).setSafe(i, id / 7);
            ((BigIntVector) root.getVector(6)).setSafe(i, id * 13 % 100_000);
            if (id % 17 == 0) {
                ((BigIntVector) root.getVector(7)).setNull(i);
            } else {
                ((BigIntVector) root.getVector(7)).setSafe(i, id * 13 % 100_000 + 40);
            }
        }
        root.setRowCount(BATCH);
        return root;
    }

    private static void set(VectorSchemaRoot root, int column, int row, String value) {
        VarCharVector vector = (VarCharVector) root.getVector(column);
        if (value == null) {
            vector.setNull(row);
        } else {
            vector.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Hands out the pool's batches round robin, trimming the last to the row count; borrows them all. */
    private static final class Replay implements BatchStream {
        private final List<VectorSchemaRoot> pool;
        private final long rows;
        private long handed;
        private VectorSchemaRoot current;
        private VectorSchemaRoot tail;

        Replay(List<VectorSchemaRoot> pool, long rows) {
            this.pool = pool;
            this.rows = rows;
        }

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public boolean advance() {
            if (handed >= rows) {
                current = null;
                return false;
            }
            VectorSchemaRoot next = pool.get((int) ((handed / BATCH) % pool.size()));
            long n = Math.min(BATCH, rows - handed);
            if (n < BATCH) {
                closeTail();
                tail = next.slice(0, (int) n);
                next = tail;
            }
            handed += n;
            current = next;
            return true;
        }

        @Override
        public VectorSchemaRoot current() {
            return current;
        }

        private void closeTail() {
            if (tail != null) {
                tail.close();
                tail = null;
            }
        }

        @Override
        public void close() {
            closeTail();
        }
    }
}
