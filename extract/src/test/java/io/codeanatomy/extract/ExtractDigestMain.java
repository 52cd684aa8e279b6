package io.codeanatomy.extract;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Not a test: a tool to check that a change to extraction keeps every output row, and to time extraction in a fresh
 * JVM. Usage: {@code ExtractDigestMain <root> <runs> [digest-file] [nodes|timeline]}. Each run prints its process CPU seconds
 * (all threads: the worker pool, GC and JIT), wall seconds and files/s; the first run is the cold one a CLI build
 * pays. With a digest file, the last run's rows are digested per table (rows sorted, so worker order does not
 * matter) and written there. {@code nodes} adds ts_nodes_v1; {@code timeline} prints the first run's progress.
 */
public final class ExtractDigestMain {
    private ExtractDigestMain() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path digestFile = args.length > 2 && !args[2].equals("-") ? Path.of(args[2]) : null;
        boolean nodes = args.length > 3 && args[3].equals("nodes");
        boolean timeline = args.length > 3 && args[3].equals("timeline");
        ExtractOptions options = ExtractOptions.DEFAULT;
        if (nodes) {
            EnumSet<ExtractorKind> kinds = EnumSet.copyOf(options.extractors());
            kinds.add(ExtractorKind.TS_NODES);
            options = options.withExtractors(kinds);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < runs; r++) {
            boolean digest = digestFile != null && r == runs - 1;
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            ExtractionSummary summary;
            try (BufferAllocator allocator = new RootAllocator(); RowSink sink = new RowSink(allocator, digest)) {
                // timeline: files done per progress event of the first (cold) run, to see the warm-up
                ProgressListener listener = timeline && r == 0
                        ? p -> System.out.printf("  t=%.2f s files=%d rows=%d%n", (System.nanoTime() - t0) / 1e9,
                                p.filesDone(), p.rows())
                        : ProgressListener.NONE;
                summary = ExtractionRuntime.create().start(root, options, sink, listener).await();
                if (digest) {
                    Files.writeString(digestFile, sink.digests());
                }
            }
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - t0) / 1e9;
            System.out.printf("run %d: cpu %.2f s, wall %.2f s, %d files, %.1f files/s, %.1f files/cpu-s%s%n", r, cpu, wall,
                    summary.files(), summary.files() / wall, summary.files() / cpu, digest ? " (digested)" : "");
        }
    }

    /** Keeps each row as text when digesting; otherwise drops batches as they arrive. */
    private static final class RowSink implements ExtractionSink {
        private final BufferAllocator allocator;
        private final boolean keep;
        private final Map<String, List<String>> rows = new TreeMap<>();

        RowSink(BufferAllocator allocator, boolean keep) {
            this.allocator = allocator;
            this.keep = keep;
        }

        @Override
        public BufferAllocator allocator() {
            return allocator;
        }

        @Override
        public synchronized void accept(String table, VectorSchemaRoot batch) {
            try (batch) {
                if (!keep) {
                    return;
                }
                List<String> out = rows.computeIfAbsent(table, t -> new ArrayList<>());
                List<FieldVector> vectors = batch.getFieldVectors();
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < batch.getRowCount(); i++) {
                    sb.setLength(0);
                    for (FieldVector v : vectors) {
                        Object value = v.getObject(i);
                        sb.append(value == null ? "\u0000null" : value.toString()).append('\u0001');
                    }
                    out.add(sb.toString());
                }
            }
        }

        String digests() throws Exception {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, List<String>> e : rows.entrySet()) {
                List<String> sorted = new ArrayList<>(e.getValue());
                // repo_files rows carry mtime: stable between runs of one checkout, so kept as they are
                sorted.sort(null);
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                for (String row : sorted) {
                    md.update(row.getBytes(StandardCharsets.UTF_8));
                    md.update((byte) '\n');
                }
                sb.append(e.getKey()).append(' ').append(sorted.size()).append(' ')
                        .append(HexFormat.of().formatHex(md.digest())).append('\n');
            }
            return sb.toString();
        }

        @Override
        public void finish(Map<String, Schema> tables) {}

        @Override
        public void close() {}
    }
}
