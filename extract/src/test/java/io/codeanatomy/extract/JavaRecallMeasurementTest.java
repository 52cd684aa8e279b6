package io.codeanatomy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every method the bytecode of a library declares should be a tree-sitter def of its sources: same file, same
 * name, and the def's lines contain the method's first line. Run with
 * {@code -Dextract.measure.jar=/path/lib.jar} (the sources jar sits beside it as {@code lib-sources.jar}).
 * Appends its figures to {@code target/extract-measurements-java.txt}.
 */
@ExtendWith(ArrowLeakCheck.class)
@EnabledIfSystemProperty(named = "extract.measure.jar", matches = ".+")
class JavaRecallMeasurementTest {
    private static final int ACC_BRIDGE = 0x40, ACC_SYNTHETIC = 0x1000, ACC_ENUM = 0x4000;

    @TempDir
    Path repo;

    @Test
    void bytecodeMethodsAreFoundInSourceDefs(EngineRuntime runtime) throws IOException {
        Path jar = Path.of(System.getProperty("extract.measure.jar"));
        Path sources = jar.resolveSibling(jar.getFileName().toString().replace(".jar", "-sources.jar"));
        unzip(sources, repo.resolve("src"));
        Files.copy(jar, repo.resolve("lib.jar"));
        List<String> report = new ArrayList<>();
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            // Source defs by file: name -> line ranges.
            Map<String, List<int[]>> defs = new HashMap<>();
            Map<String, int[]> newlines = new HashMap<>();
            for (List<Object> r : x.rows("SELECT f.path, d.name, d.bend, d.line FROM defs_v1 d JOIN repo_files_v1 f"
                    + " ON d.file_id = f.file_id WHERE d.kind = 'method'")) {
                String path = (String) r.get(0);
                int endLine = lineOf(newlines.computeIfAbsent(path, p -> newlineOffsets(repo.resolve(p))), (Integer) r.get(2));
                defs.computeIfAbsent(path + "#" + r.get(1), k -> new ArrayList<>()).add(new int[] {(Integer) r.get(3), endLine});
            }
            Map<String, Integer> missesByKind = new TreeMap<>();
            List<String> examples = new ArrayList<>();
            int total = 0;
            int found = 0;
            for (List<Object> r : x.rows("SELECT m.class_name, m.name, m.access, m.first_line, c.source_file, c.access,"
                    + " c.super_name FROM bytecode_methods_v1 m JOIN bytecode_classes_v1 c"
                    + " ON m.file_id = c.file_id AND m.class_name = c.class_name")) {
                String owner = (String) r.get(0);
                String name = (String) r.get(1);
                int access = (Integer) r.get(2);
                if ((access & (ACC_BRIDGE | ACC_SYNTHETIC)) != 0 || name.equals("<clinit>") || r.get(4) == null) {
                    continue;   // compiler-made: no source text to find
                }
                total++;
                String dir = owner.contains("/") ? owner.substring(0, owner.lastIndexOf('/') + 1) : "";
                List<int[]> candidates = defs.getOrDefault("src/" + dir + r.get(4) + "#" + name, List.of());
                Integer firstLine = (Integer) r.get(3);
                boolean hit = firstLine == null ? !candidates.isEmpty()
                        : candidates.stream().anyMatch(span -> span[0] <= firstLine && firstLine <= span[1]);
                if (hit) {
                    found++;
                    continue;
                }
                String kind;
                if ((((Integer) r.get(5)) & ACC_ENUM) != 0 && (name.equals("values") || name.equals("valueOf"))) {
                    kind = "enum values/valueOf (implicit)";
                } else if (name.equals("<init>") && owner.matches(".*\\$\\d+")) {
                    kind = "anonymous class constructor (implicit)";
                } else if (name.equals("<init>") && candidates.isEmpty()) {
                    kind = "default constructor (implicit)";
                } else if (name.equals("<init>")) {
                    // Field initializers run first in every constructor, so the first line can lie outside all of
                    // them; or the class has no constructor of its own beside a nested class that does.
                    kind = "<init> first line outside constructor spans";
                } else if ("java/lang/Record".equals(r.get(6))) {
                    kind = "record member (implicit)";
                } else {
                    kind = "other";
                    if (examples.size() < 10) {
                        examples.add(owner + "." + name + " line " + firstLine);
                    }
                }
                missesByKind.merge(kind, 1, Integer::sum);
            }
            int implicit = missesByKind.entrySet().stream().filter(e -> !e.getKey().equals("other"))
                    .mapToInt(Map.Entry::getValue).sum();
            report.add(String.format("%s: %d bytecode methods (no synthetic/bridge/<clinit>), %d found in source defs,"
                    + " recall %.2f%%; excluding %d implicit members: %.2f%%", jar.getFileName(), total, found,
                    100.0 * found / total, implicit, 100.0 * found / (total - implicit)));
            report.add("  misses by kind: " + missesByKind);
            assertThat((double) found / total).as(jar.getFileName() + ": bytecode methods found in source defs, "
                    + "misses by kind " + missesByKind).isGreaterThanOrEqualTo(0.99);
            examples.forEach(e -> report.add("  missed " + e));
            return null;
        });
        report.forEach(System.out::println);
        Files.write(Path.of("target/extract-measurements-java.txt"), report, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(report).isNotEmpty();
    }

    private static int[] newlineOffsets(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            List<Integer> offsets = new ArrayList<>();
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    offsets.add(i);
                }
            }
            return offsets.stream().mapToInt(Integer::intValue).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 1-based line of byte {@code offset}. */
    private static int lineOf(int[] newlines, int offset) {
        int idx = java.util.Arrays.binarySearch(newlines, offset);
        return (idx >= 0 ? idx : -idx - 1) + 1;
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into) || e.isDirectory()) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(z, target);
            }
        }
    }
}
