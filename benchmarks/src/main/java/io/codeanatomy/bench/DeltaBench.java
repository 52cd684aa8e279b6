package io.codeanatomy.bench;

import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.delta.DeltaTableProvider;
import io.codeanatomy.delta.DeltaWriteResult;
import io.codeanatomy.delta.DeltaWriter;
import io.codeanatomy.delta.WriteMode;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.spi.RootBatchStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes N rows of five columns to a Delta table and scans them back with a filter, beside DuckDB writing and
 * reading the same rows as one Parquet file, in the same process. Usage: {@code DeltaBench [rows] [dir]}.
 * The rows: {@code id = i, grp = i % 100, val = i * 0.5, name = 'name-' || (i % 1000), day = 2020-01-01 + i % 365}.
 */
public final class DeltaBench {
    private static final int BATCH = 65_536;
    private static final Schema SCHEMA = new Schema(List.of(
            Field.notNullable("id", new ArrowType.Int(64, true)),
            Field.notNullable("grp", new ArrowType.Int(32, true)),
            Field.notNullable("val", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.notNullable("name", ArrowType.Utf8.INSTANCE),
            Field.notNullable("day", new ArrowType.Date(DateUnit.DAY))));
    private static final String FILTER = "grp = 7";

    private DeltaBench() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("delta-bench");
        System.out.printf("DeltaBench: %,d rows x 5 columns into %s%n", rows, dir);
        try (EngineRuntime runtime = EngineRuntime.builder().build();
             Session session = Sessions.builder(RuntimeProfile.batch().withName("delta-bench")).runtime(runtime).build();
             Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            // warm-up at a small size, so neither side pays class loading or JIT in the timed run
            ours(session, dir.resolve("warm-delta"), 200_000);
            duck(duck, dir.resolve("warm.parquet"), 200_000);

            Result ours = ours(session, dir.resolve("delta"), rows);
            Result duckdb = duck(duck, dir.resolve("duck.parquet"), rows);
            if (ours.count != duckdb.count || Math.abs(ours.sum - duckdb.sum) > 1e-6 * Math.abs(duckdb.sum)) {
                throw new IllegalStateException("results differ: ours " + ours + ", DuckDB " + duckdb);
            }
            double inputMb = rows * (8 + 4 + 8 + 4 + 9.0) / 1e6;   // fixed-width columns plus about 9 bytes of text
            System.out.println();
            System.out.println("| engine | write s | write MB/s | on disk MB | scan s | scan MB/s | rows matched |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            print("ours (Delta)", ours, inputMb);
            print("DuckDB (Parquet)", duckdb, inputMb);
            System.out.printf("%nMB/s are of the rows' logical size (%.0f MB: 8+4+8+4 bytes and ~9 bytes of text per row).%n",
                    inputMb);
        }
    }

    private record Result(double writeSeconds, double scanSeconds, long bytesOnDisk, long count, double sum) {}

    private static void print(String engine, Result r, double inputMb) {
        System.out.printf("| %s | %.2f | %.0f | %.0f | %.2f | %.0f | %,d |%n", engine, r.writeSeconds, inputMb / r.writeSeconds,
                r.bytesOnDisk / 1e6, r.scanSeconds, inputMb / r.scanSeconds, r.count);
    }

    private static Result ours(Session session, Path path, long rows) throws IOException {
        DeltaTable table = DeltaTable.forPath(path);
        long start = System.nanoTime();
        DeltaWriteResult written;
        try (Generated source = new Generated(session.allocator(), rows)) {
            written = DeltaWriter.write(table, source, WriteMode.CREATE);
        }
        double write = (System.nanoTime() - start) / 1e9;
        String name = "bench_" + Math.abs(path.hashCode());
        session.register(name, DeltaTableProvider.latest(table));
        start = System.nanoTime();
        long count;
        double sum;
        try (QueryResult result = session.sql("SELECT count(*), sum(val) FROM " + name + " WHERE " + FILTER).collect()) {
            count = (Long) result.rows().getFirst().get(0);
            sum = (Double) result.rows().getFirst().get(1);
        }
        double scan = (System.nanoTime() - start) / 1e9;
        if (written.rowsWritten() != rows) {
            throw new IllegalStateException("wrote " + written.rowsWritten() + " rows, expected " + rows);
        }
        return new Result(write, scan, size(path), count, sum);
    }

    private static Result duck(Connection duck, Path file, long rows) throws Exception {
        try (Statement s = duck.createStatement()) {
            long start = System.nanoTime();
            s.execute("COPY (SELECT i AS id, CAST(i % 100 AS INTEGER) AS grp, i * 0.5 AS val, 'name-' || (i % 1000) AS name, "
                    + "DATE '2020-01-01' + CAST(i % 365 AS INTEGER) AS day FROM range(" + rows + ") t(i)) TO '" + file
                    + "' (FORMAT PARQUET)");
            double write = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            long count;
            double sum;
            try (ResultSet r = s.executeQuery("SELECT count(*), sum(val) FROM '" + file + "' WHERE " + FILTER)) {
                r.next();
                count = r.getLong(1);
                sum = r.getDouble(2);
            }
            return new Result(write, (System.nanoTime() - start) / 1e9, Files.size(file), count, sum);
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** The benchmark rows, generated batch by batch (never all in memory). */
    private static final class Generated extends RootBatchStream {
        private final BufferAllocator allocator;
        private final long rows;
        private long next;

        Generated(BufferAllocator allocator, long rows) {
            super(SCHEMA);
            this.allocator = allocator;
            this.rows = rows;
        }

        @Override
        protected VectorSchemaRoot nextRoot() {
            if (next >= rows) {
                return null;
            }
            int n = (int) Math.min(BATCH, rows - next);
            VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
            root.allocateNew();
            BigIntVector id = (BigIntVector) root.getVector(0);
            IntVector grp = (IntVector) root.getVector(1);
            Float8Vector val = (Float8Vector) root.getVector(2);
            VarCharVector name = (VarCharVector) root.getVector(3);
            DateDayVector day = (DateDayVector) root.getVector(4);
            int epoch2020 = (int) java.time.LocalDate.of(2020, 1, 1).toEpochDay();
            for (int r = 0; r < n; r++) {
                long i = next + r;
                id.setSafe(r, i);
                grp.setSafe(r, (int) (i % 100));
                val.setSafe(r, i * 0.5);
                name.setSafe(r, ("name-" + (i % 1000)).getBytes(StandardCharsets.UTF_8));
                day.setSafe(r, epoch2020 + (int) (i % 365));
            }
            root.setRowCount(n);
            next += n;
            return root;
        }
    }
}
