package io.codeanatomy.bench;

import io.codeanatomy.extract.ExtractOptions;
import io.codeanatomy.extract.ExtractionRuntime;
import io.codeanatomy.extract.ExtractionSink;
import io.codeanatomy.extract.ExtractionSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Extraction speed: scan, read, hash, parse and walk (defs, imports, calls, refs, assignments) into Arrow batches,
 * end to end, on a source tree (default: the Python 3.11 standard library). One warm-up run, then the median of
 * {@code runs}, for 1 and for 2 workers. Usage: {@code ExtractBench [root] [runs]}.
 */
public final class ExtractBench {
    private ExtractBench() {}

    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : "/usr/lib/python3.11");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.println("| workers | files | MB | median s | MB/s | rows |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (int workers : new int[] {1, 2}) {
            ExtractOptions options = ExtractOptions.DEFAULT.withParallelism(workers);
            run(root, options);
            List<Double> seconds = new ArrayList<>();
            ExtractionSummary last = null;
            for (int r = 0; r < runs; r++) {
                long start = System.nanoTime();
                last = run(root, options);
                seconds.add((System.nanoTime() - start) / 1e9);
            }
            seconds.sort(null);
            double median = seconds.get(seconds.size() / 2);
            long rows = last.rowsByTable().values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("| %d | %,d | %.1f | %.2f | %.1f | %,d |%n", workers, last.files(), last.bytes() / 1e6, median,
                    last.bytes() / 1e6 / median, rows);
        }
    }

    private static ExtractionSummary run(Path root, ExtractOptions options) {
        try (BufferAllocator allocator = new RootAllocator(); CountingSink sink = new CountingSink(allocator)) {
            return ExtractionRuntime.create().run(root, options, sink);
        }
    }

    /** Drops every batch as it arrives: the benchmark measures extraction, not storage. */
    private record CountingSink(BufferAllocator allocator) implements ExtractionSink {
        @Override
        public void accept(String table, VectorSchemaRoot batch) {
            batch.close();
        }

        @Override
        public void finish(Map<String, Schema> tables) {}

        @Override
        public void close() {}
    }
}
