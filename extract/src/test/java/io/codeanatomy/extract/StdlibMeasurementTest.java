package io.codeanatomy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import io.codeanatomy.extract.internal.ts.TreeSitterNatives;
import io.github.treesitter.jtreesitter.Parser;
import io.github.treesitter.jtreesitter.Tree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures extraction over a real Python tree and compares defs with Python's own ast. Not a unit test (speed is
 * never asserted): run with {@code -Dextract.measure.root=/usr/lib/python3.11 -Dtest=StdlibMeasurementTest}.
 * Writes its figures to {@code target/extract-measurements.txt}.
 */
@ExtendWith(ArrowLeakCheck.class)
@EnabledIfSystemProperty(named = "extract.measure.root", matches = ".+")
class StdlibMeasurementTest {
    private final Path root = Path.of(System.getProperty("extract.measure.root", "."));
    private final List<String> report = new ArrayList<>();

    private void say(String line) {
        report.add(line);
        System.out.println(line);
    }

    @Test
    void measure(EngineRuntime runtime) throws Exception {
        ExtractOptions options = ExtractOptions.DEFAULT.withIncludeGlobs(List.of("*.py"));
        // End to end: scan, read, hash, parse, walk, Arrow batches. One warm-up, then the median of three.
        // CPU seconds of the whole process beside wall time: the machine is shared, wall time alone misleads.
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double[] seconds = new double[3];
        double[] cpu = new double[3];
        ExtractionSummary summary = null;
        for (int i = -1; i < seconds.length; i++) {
            long cpu0 = os.getProcessCpuTime();
            try (BufferAllocator allocator = runtime.rootAllocator().newChildAllocator("measure", 0, Long.MAX_VALUE)) {
                summary = ExtractionRuntime.create().run(root, options, new CollectingSink(allocator));
            }
            if (i >= 0) {
                seconds[i] = summary.elapsed().toNanos() / 1e9;
                cpu[i] = (os.getProcessCpuTime() - cpu0) / 1e9;
            }
        }
        Arrays.sort(seconds);
        Arrays.sort(cpu);
        say(String.format("end-to-end CPU: median %.2f CPU-s for the run (all threads, GC included)", cpu[1]));
        double mb = summary.bytes() / 1e6;
        say(String.format("end-to-end: %d files, %.2f MB, median %.2f s (runs %s) = %.1f MB/s, parallelism %d",
                summary.files(), mb, seconds[1], Arrays.toString(seconds), mb / seconds[1], options.parallelism()));
        say("rows: " + summary.rowsByTable());
        double[] single = new double[3];
        for (int i = -1; i < single.length; i++) {
            try (BufferAllocator allocator = runtime.rootAllocator().newChildAllocator("measure", 0, Long.MAX_VALUE)) {
                ExtractionSummary one = ExtractionRuntime.create().run(root, options.withParallelism(1), new CollectingSink(allocator));
                if (i >= 0) {
                    single[i] = one.elapsed().toNanos() / 1e9;
                }
            }
        }
        Arrays.sort(single);
        say(String.format("end-to-end, 1 thread: median %.2f s = %.1f MB/s", single[1], mb / single[1]));

        // Raw tree-sitter parse on one thread, no walk.
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p)).toList()) {
                sources.add(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
            }
        }
        double[] parse = new double[3];
        try (Parser parser = new Parser(TreeSitterNatives.python())) {
            for (int i = -1; i < parse.length; i++) {
                long t0 = System.nanoTime();
                for (String source : sources) {
                    try (Tree tree = parser.parse(source).orElseThrow()) {
                        assertThat(tree.getRootNode().getEndByte()).isNotNegative();
                    }
                }
                if (i >= 0) {
                    parse[i] = (System.nanoTime() - t0) / 1e9;
                }
            }
        }
        Arrays.sort(parse);
        say(String.format("raw parse (1 thread): %d files, median %.2f s = %.1f MB/s", sources.size(), parse[1], mb / parse[1]));

        compareWithAst(runtime, options);
        Files.write(Path.of("target/extract-measurements.txt"), report);
    }

    private void compareWithAst(EngineRuntime runtime, ExtractOptions options) throws IOException, InterruptedException {
        Path script = Path.of("src/test/resources/ast_defs.py").toAbsolutePath();
        Process python = new ProcessBuilder("python3", script.toString(), root.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> expected = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(python.waitFor()).isZero();
        Repos.extract(runtime, root, options, x -> {
            Set<String> extracted = new HashSet<>();
            for (List<Object> row : x.rows("SELECT f.path, d.qualname, d.line FROM defs_v1 d JOIN repo_files_v1 f"
                    + " ON d.file_id = f.file_id WHERE d.kind IN ('class', 'function', 'method')")) {
                extracted.add(row.get(0) + "\t" + row.get(1) + "\t" + row.get(2));
            }
            Set<String> files = new HashSet<>();
            x.rows("SELECT path FROM repo_files_v1").forEach(r -> files.add((String) r.get(0)));
            // Only files both sides read (a symlink out of the root is ours to refuse, not ast's).
            Set<String> truth = new HashSet<>();
            expected.stream().filter(l -> files.contains(l.substring(0, l.indexOf('\t')))).forEach(truth::add);
            Set<String> missed = new HashSet<>(truth);
            missed.removeAll(extracted);
            Set<String> extra = new HashSet<>(extracted);
            extra.removeAll(truth);
            double recall = 1.0 - (double) missed.size() / truth.size();
            double precision = 1.0 - (double) extra.size() / extracted.size();
            say(String.format("defs vs ast: %d expected, %d extracted, recall %.4f%%, precision %.4f%%", truth.size(),
                    extracted.size(), recall * 100, precision * 100));
            missed.stream().sorted().limit(10).forEach(m -> say("  missed " + m.replace('\t', ' ')));
            extra.stream().sorted().limit(10).forEach(m -> say("  extra  " + m.replace('\t', ' ')));
            assertThat(missed).as("defs Python's ast reports that extraction missed").isEmpty();
            assertThat(extra).as("defs extraction reports that Python's ast does not").isEmpty();
            return null;
        });
    }
}
