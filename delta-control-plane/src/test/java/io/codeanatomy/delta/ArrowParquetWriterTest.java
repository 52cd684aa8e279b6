package io.codeanatomy.delta;

import static io.codeanatomy.delta.DeltaTableTest.rows;
import static io.codeanatomy.delta.DeltaTableTest.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.spi.RootBatchStream;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our column-at-a-time Parquet writer against Kernel's own: the same rows written both ways must give the same add
 * statistics and read back the same, through our scans and data skipping.
 */
@ExtendWith(ArrowLeakCheck.class)
class ArrowParquetWriterTest {
    private static final Schema EVERY_TYPE = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("flag", ArrowType.Bool.INSTANCE),
            Field.nullable("i8", new ArrowType.Int(8, true)),
            Field.nullable("i16", new ArrowType.Int(16, true)),
            Field.nullable("i32", new ArrowType.Int(32, true)),
            Field.nullable("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            Field.nullable("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("dec9", new ArrowType.Decimal(9, 2, 128)),
            Field.nullable("dec18", new ArrowType.Decimal(18, 4, 128)),
            Field.nullable("dec38", new ArrowType.Decimal(38, 10, 128)),
            Field.nullable("s", ArrowType.Utf8.INSTANCE),
            Field.nullable("bin", ArrowType.Binary.INSTANCE),
            Field.nullable("day", new ArrowType.Date(DateUnit.DAY)),
            Field.nullable("ts_ntz", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
            Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"))));
    private static final String[] STRINGS = {"", "a", "héllo wörld", "日本語のテキスト", "emoji 🎉 and ✓", "z",
            "x".repeat(300), "Lib/asyncio/base_events.py"};
    private static final Pattern STATS = Pattern.compile("\"stats\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir
    Path dir;

    @Test
    void everyTypeWithNullsReadsBackAndHasKernelsStatistics(EngineRuntime runtime) throws IOException {
        DeltaTable ours = DeltaTable.forPath(dir.resolve("ours"));
        DeltaTable kernel = DeltaTable.forPathWithKernelWriter(dir.resolve("kernel").toString(), DeltaOptions.DEFAULT);
        for (DeltaTable table : List.of(ours, kernel)) {
            DeltaWriteResult result = write(runtime, table, EVERY_TYPE, 3, 1000, ArrowParquetWriterTest::everyType,
                    WriteOptions.DEFAULT);
            assertThat(result.rowsWritten()).isEqualTo(3000);
            assertThat(result.filesAdded()).isEqualTo(1);
        }
        assertThat(addStats(dir.resolve("ours"))).isEqualTo(addStats(dir.resolve("kernel"))).hasSize(1);
        assertThat(addStats(dir.resolve("ours")).getFirst()).contains("\"numRecords\":3000", "\"minValues\"",
                "\"maxValues\"", "\"nullCount\"");
        assertThat(footerModel(dir.resolve("ours"))).contains("codeanatomy-arrow");

        try (Session session = session(runtime)) {
            session.register("ours", DeltaTableProvider.latest(ours));
            session.register("kernel", DeltaTableProvider.latest(kernel));
            List<List<Object>> read = comparable(rows(session, "SELECT * FROM ours ORDER BY id"));
            assertThat(read).hasSize(3000).isEqualTo(comparable(rows(session, "SELECT * FROM kernel ORDER BY id")));
            assertThat(rows(session, "SELECT s, dec38, dec18, dec9, i8, flag FROM ours WHERE id = 4")).containsExactly(
                    List.of("emoji 🎉 and ✓", new BigDecimal(BigInteger.TEN.pow(37).subtract(BigInteger.valueOf(4)), 10)
                            .negate(), new BigDecimal("-123456789.0004"), new BigDecimal("-1234.04"), (byte) -124, false));
            assertThat(rows(session, "SELECT count(*) FROM ours WHERE s = ''")).containsExactly(List.of(375L));
            assertThat(rows(session, "SELECT count(*), count(s), count(bin), count(ts) FROM ours")).containsExactly(
                    List.of(3000L, 2625L, 2700L, 2769L));
        }
    }

    @Test
    void batchesRollIntoFilesAtTheTargetSizeAndScansSkipFilesByTheirStatistics(EngineRuntime runtime) throws IOException {
        DeltaOptions small = DeltaOptions.DEFAULT.withTargetFileSize(64 << 10);
        DeltaTable ours = DeltaTable.forPath(dir.resolve("ours").toString(), small);
        DeltaTable kernel = DeltaTable.forPathWithKernelWriter(dir.resolve("kernel").toString(), small);
        int oursFiles = write(runtime, ours, EVERY_TYPE, 12, 2000, ArrowParquetWriterTest::everyType,
                WriteOptions.DEFAULT).filesAdded();
        int kernelFiles = write(runtime, kernel, EVERY_TYPE, 12, 2000, ArrowParquetWriterTest::everyType,
                WriteOptions.DEFAULT).filesAdded();
        assertThat(oursFiles).isGreaterThan(3).isBetween(kernelFiles * 3 / 4, kernelFiles * 5 / 4 + 1);
        List<String> stats = addStats(dir.resolve("ours"));
        assertThat(stats).hasSize(oursFiles);
        assertThat(stats.stream().mapToLong(ArrowParquetWriterTest::numRecords).sum()).isEqualTo(24_000);
        for (Path file : dataFiles(dir.resolve("ours"))) {
            assertThat(Files.size(file)).isLessThan(2 * (64 << 10));
        }

        // ids ascend through the files: the ids up to the first file's largest are in that file alone
        long firstMax = stats.stream().mapToLong(ArrowParquetWriterTest::maxId).min().orElseThrow();
        assertThat(files(ours, new Predicate("<=", new Column("id"), Literal.ofLong(firstMax)))).isEqualTo(1);
        assertThat(files(ours, new Predicate(">", new Column("id"), Literal.ofLong(firstMax)))).isEqualTo(oursFiles - 1);
        assertThat(files(ours, new Predicate("<", new Column("id"), Literal.ofLong(0)))).isZero();
        assertThat(files(ours, new Predicate(">=", new Column("id"), Literal.ofLong(0)))).isEqualTo(oursFiles);
        try (Session session = session(runtime)) {
            session.register("ours", DeltaTableProvider.latest(ours));
            session.register("kernel", DeltaTableProvider.latest(kernel));
            String sql = "SELECT count(*), sum(id), min(s), max(s), count(dec38), max(ts_ntz) FROM %s WHERE id > 23990";
            assertThat(rows(session, sql.formatted("ours"))).isEqualTo(rows(session, sql.formatted("kernel")));
            assertThat(comparable(rows(session, "SELECT * FROM ours ORDER BY id")))
                    .isEqualTo(comparable(rows(session, "SELECT * FROM kernel ORDER BY id")));
        }
    }

    @Test
    void partitionedBatchesWithRowsOfSeveralPartitionsMatchKernel(EngineRuntime runtime) throws IOException {
        Schema schema = new Schema(List.of(Field.nullable("grp", ArrowType.Utf8.INSTANCE),
                Field.nullable("id", new ArrowType.Int(64, true)), Field.nullable("s", ArrowType.Utf8.INSTANCE)));
        IntFunction<Object[]> row = id -> new Object[] {"g" + id % 3, (long) id, id % 5 == 0 ? null : STRINGS[id % STRINGS.length]};
        DeltaTable ours = DeltaTable.forPath(dir.resolve("ours"));
        DeltaTable kernel = DeltaTable.forPathWithKernelWriter(dir.resolve("kernel").toString(), DeltaOptions.DEFAULT);
        for (DeltaTable table : List.of(ours, kernel)) {
            assertThat(write(runtime, table, schema, 2, 500, row, WriteOptions.partitionedBy("grp")).filesAdded()).isEqualTo(6);
        }
        assertThat(addStats(dir.resolve("ours")).stream().sorted().toList())
                .isEqualTo(addStats(dir.resolve("kernel")).stream().sorted().toList());
        try (Session session = session(runtime)) {
            session.register("ours", DeltaTableProvider.latest(ours));
            session.register("kernel", DeltaTableProvider.latest(kernel));
            assertThat(rows(session, "SELECT grp, id, s FROM ours ORDER BY id"))
                    .hasSize(1000).isEqualTo(rows(session, "SELECT grp, id, s FROM kernel ORDER BY id"));
        }
    }

    /** Row {@code id} of {@link #EVERY_TYPE}: extremes first, then values cycling with NULLs at different periods. */
    private static Object[] everyType(int id) {
        boolean negative = id % 2 == 0;
        BigInteger big = BigInteger.TEN.pow(37).subtract(BigInteger.valueOf(id % 1000));
        return new Object[] {
            (long) id,
            id % 6 == 0 ? null : id % 4 == 1,
            id % 7 == 0 ? null : (byte) (id % 256 - 128),
            id % 8 == 0 ? null : (short) (negative ? -id * 7 : id * 7),
            id % 9 == 0 ? null : Integer.valueOf(id == 1 ? Integer.MIN_VALUE : id == 2 ? Integer.MAX_VALUE : id * 31),
            id % 10 == 0 ? null : id == 3 ? Float.NaN : (float) (id * 0.25),
            id % 11 == 0 ? null : id == 5 ? -0.0 : negative ? -id * 1.5e100 : id * 1e-3,
            id % 12 == 0 ? null : BigDecimal.valueOf(negative ? -123_400 - id % 100 : 999_999_999L - id, 2),
            id % 13 == 0 ? null : BigDecimal.valueOf(negative ? -1_234_567_890_000L - id % 10 : 999_999_999_999_999_999L - id, 4),
            id % 14 == 0 ? null : new BigDecimal(negative ? big.negate() : big, 10),
            id % 8 == 7 ? null : STRINGS[id % STRINGS.length],
            id % 10 == 9 ? null : (id % 3 == 0 ? new byte[0] : new byte[] {(byte) id, 0, (byte) -1, (byte) (id >> 8)}),
            id % 15 == 0 ? null : (negative ? -id : id * 3),
            id % 16 == 0 ? null : (long) id * 86_400_000_000L - 1_000_000_000_000_000L,
            id % 13 == 3 ? null : (long) id * 1_234_567_890L,
        };
    }

    private static DeltaWriteResult write(EngineRuntime runtime, DeltaTable table, Schema schema, int batches, int rows,
                                          IntFunction<Object[]> row, WriteOptions options) {
        BufferAllocator allocator = runtime.rootAllocator();
        try (RootBatchStream stream = new RootBatchStream(schema) {
            private int batch;

            @Override
            protected VectorSchemaRoot nextRoot() {
                return batch < batches ? fill(VectorSchemaRoot.create(schema, allocator), batch++ * rows, rows, row) : null;
            }
        }) {
            return DeltaWriter.write(table, stream, WriteMode.CREATE, options);
        }
    }

    private static VectorSchemaRoot fill(VectorSchemaRoot root, int first, int count, IntFunction<Object[]> row) {
        root.allocateNew();
        for (int r = 0; r < count; r++) {
            Object[] values = row.apply(first + r);
            for (int c = 0; c < values.length; c++) {
                set(root.getVector(c), r, values[c]);
            }
        }
        root.setRowCount(count);
        return root;
    }

    private static void set(FieldVector vector, int row, Object value) {
        if (value == null) {
            vector.setNull(row);
            return;
        }
        switch (vector) {
            case BigIntVector v -> v.setSafe(row, (Long) value);
            case BitVector v -> v.setSafe(row, (Boolean) value ? 1 : 0);
            case TinyIntVector v -> v.setSafe(row, (Byte) value);
            case SmallIntVector v -> v.setSafe(row, (Short) value);
            case IntVector v -> v.setSafe(row, (Integer) value);
            case Float4Vector v -> v.setSafe(row, (Float) value);
            case Float8Vector v -> v.setSafe(row, (Double) value);
            case DecimalVector v -> v.setSafe(row, (BigDecimal) value);
            case VarCharVector v -> v.setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
            case VarBinaryVector v -> v.setSafe(row, (byte[]) value);
            case DateDayVector v -> v.setSafe(row, (Integer) value);
            case TimeStampMicroTZVector v -> v.setSafe(row, (Long) value);
            case TimeStampMicroVector v -> v.setSafe(row, (Long) value);
            default -> throw new IllegalArgumentException(vector.getClass().getName());
        }
    }

    /** Rows with byte arrays as hex, so that lists compare by value. */
    private static List<List<Object>> comparable(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            out.add(row.stream().map(v -> v instanceof byte[] b ? (Object) HexFormat.of().formatHex(b) : v).toList());
        }
        return out;
    }

    /** The stats JSON of every add action in the table's log, in commit order. */
    private static List<String> addStats(Path table) throws IOException {
        List<String> stats = new ArrayList<>();
        try (Stream<Path> commits = Files.list(table.resolve("_delta_log"))) {
            for (Path commit : commits.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (String line : Files.readAllLines(commit)) {
                    if (line.startsWith("{\"add\"")) {
                        Matcher m = STATS.matcher(line);
                        assertThat(m.find()).as("stats in %s", line).isTrue();
                        stats.add(m.group(1).replace("\\\"", "\""));
                    }
                }
            }
        }
        return stats;
    }

    private static long numRecords(String stats) {
        Matcher m = Pattern.compile("\"numRecords\":(\\d+)").matcher(stats);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long maxId(String stats) {
        Matcher m = Pattern.compile("\"maxValues\":\\{[^}]*?\"id\":(\\d+)").matcher(stats);
        assertThat(m.find()).as(stats).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static List<Path> dataFiles(Path table) throws IOException {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).toList();
        }
    }

    private static String footerModel(Path table) throws IOException {
        Path file = dataFiles(table).getFirst();
        byte[] bytes = Files.readAllBytes(file);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static int files(DeltaTable table, Predicate filter) {
        return new ScanPlan(table, table.latest(), List.of("id"), Optional.of(filter)).fileList().size();
    }
}
