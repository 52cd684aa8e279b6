package io.codeanatomy.bench;

import io.codeanatomy.engine.ext.IntervalAlign;
import io.codeanatomy.engine.ext.IntervalAlign.Mode;
import io.codeanatomy.engine.ext.IntervalAlign.SpanColumns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@link IntervalAlign#align} on seeded random spans shaped like code: long "definition" spans on the left (1..4000
 * bytes), short "token" spans on the right (1..64 bytes), both spread over the same files (paths as text, file sizes
 * 1 KB..100 KB), rows in random file order. Modes run round by round after warm-up rounds; medians are reported.
 * Run by {@code benchmarks/run.sh IntervalAlignBench}; see docs/benchmarks.md.
 */
public final class IntervalAlignBench {
    private IntervalAlignBench() {}

    /**
     * @param left   left rows
     * @param right  right rows
     * @param files  distinct partition values
     * @param runs   timed runs per mode
     * @param warmup untimed runs per mode before them
     * @param seed   random seed; the same seed gives the same spans
     */
    record Options(int left, int right, int files, int runs, int warmup, long seed) {
        Options {
            if (left < 1 || right < 1 || files < 1 || runs < 1 || warmup < 0) {
                throw new IllegalArgumentException("--left, --right, --files, --runs must be >= 1 and --warmup >= 0");
            }
        }

        static Options parse(String[] args) {
            int left = 1_000_000;
            int right = 1_000_000;
            int files = 10_000;
            int runs = 5;
            int warmup = 2;
            long seed = 42;
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--left" -> left = Integer.parseInt(value);
                    case "--right" -> right = Integer.parseInt(value);
                    case "--files" -> files = Integer.parseInt(value);
                    case "--runs" -> runs = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; use --left --right --files --runs --warmup --seed");
                }
            }
            return new Options(left, right, files, runs, warmup, seed);
        }
    }

    /** Timed runs of one mode. */
    record Result(Mode mode, List<Double> millis, long outputRows) {
        Result {
            millis = List.copyOf(millis);
        }
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        System.out.println(TpchBench.Machine.describe());
        System.out.printf(Locale.ROOT, "interval_align: %,d x %,d spans over %,d files, seed %d, %d warm-up + %d timed runs%n",
                options.left(), options.right(), options.files(), options.seed(), options.warmup(), options.runs());
        try (BufferAllocator allocator = new RootAllocator()) {
            List<Result> results = run(allocator, options);
            System.out.println("| mode | median ms | min ms | max ms | output rows |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (Result r : results) {
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %,d |%n", r.mode().name().toLowerCase(Locale.ROOT),
                        Stats.median(r.millis()), r.millis().stream().mapToDouble(d -> d).min().orElseThrow(),
                        r.millis().stream().mapToDouble(d -> d).max().orElseThrow(), r.outputRows());
            }
            System.out.printf(Locale.ROOT, "peak Arrow memory: %.0f MiB (inputs and one output)%n",
                    allocator.getPeakMemoryAllocation() / (1024.0 * 1024.0));
        }
    }

    static List<Result> run(BufferAllocator allocator, Options options) {
        SplittableRandom random = new SplittableRandom(options.seed());
        int[] fileSizes = new int[options.files()];
        for (int f = 0; f < fileSizes.length; f++) {
            fileSizes[f] = 1_000 + random.nextInt(99_000);
        }
        SpanColumns columns = new SpanColumns("path", "bstart", "bend");
        Map<Mode, List<Double>> millis = new EnumMap<>(Mode.class);
        Map<Mode, Long> outputRows = new EnumMap<>(Mode.class);
        try (VectorSchemaRoot left = spans(allocator, random, fileSizes, options.left(), 4_000);
             VectorSchemaRoot right = spans(allocator, random, fileSizes, options.right(), 64)) {
            for (int round = 0; round < options.warmup() + options.runs(); round++) {
                for (Mode mode : Mode.values()) {
                    long start = System.nanoTime();
                    try (VectorSchemaRoot out = IntervalAlign.align(allocator, left, columns, right, columns, mode)) {
                        double elapsed = (System.nanoTime() - start) / 1e6;
                        outputRows.put(mode, (long) out.getRowCount());
                        if (round >= options.warmup()) {
                            millis.computeIfAbsent(mode, m -> new ArrayList<>()).add(elapsed);
                        }
                    }
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            results.add(new Result(mode, millis.get(mode), outputRows.get(mode)));
        }
        return results;
    }

    /** {@code rows} spans (path, bstart, bend, id) of 1..maxLength bytes inside random files. */
    private static VectorSchemaRoot spans(BufferAllocator allocator, SplittableRandom random, int[] fileSizes, int rows,
                                          int maxLength) {
        Schema schema = new Schema(List.of(
                new Field("path", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                new Field("bstart", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("bend", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null)));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            VarCharVector path = (VarCharVector) root.getVector(0);
            BigIntVector start = (BigIntVector) root.getVector(1);
            BigIntVector end = (BigIntVector) root.getVector(2);
            BigIntVector id = (BigIntVector) root.getVector(3);
            for (int r = 0; r < rows; r++) {
                int file = random.nextInt(fileSizes.length);
                int size = fileSizes[file];
                int length = 1 + random.nextInt(Math.min(maxLength, size));
                int s = random.nextInt(size - length + 1);
                path.setSafe(r, ("src/main/pkg" + file % 97 + "/File" + file + ".java").getBytes(StandardCharsets.UTF_8));
                start.setSafe(r, s);
                end.setSafe(r, s + length);
                id.setSafe(r, r);
            }
            root.setRowCount(rows);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }
}
