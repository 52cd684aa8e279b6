package io.codeanatomy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowLeakCheck.class)
class BytecodeTest {
    @TempDir
    Path repo;

    @TempDir
    Path work;

    private Path compile() throws IOException {
        Path source = Repos.write(work, "p/Greeter.java", """
                package p;
                public class Greeter implements Runnable {
                    private final String name;
                    public Greeter(String name) {
                        this.name = name;
                    }
                    public void run() {
                        System.out.println(name.trim());
                    }
                }
                """);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-g", "-d", work.toString(), source.toString());
        assertThat(status).isZero();
        return work.resolve("p/Greeter.class");
    }

    @Test
    void classpathEntriesOutsideTheRepositoryAreExtractedToo(EngineRuntime runtime) throws IOException {
        Path compiled = compile();                  // lives in the work dir, outside the repository root
        Files.createDirectories(repo);
        Path missing = work.resolve("nope.jar");
        ExtractOptions options = ExtractOptions.DEFAULT.withExtractors(EnumSet.of(ExtractorKind.BYTECODE))
                .withClasspath(List.of(work.resolve("p"), missing));
        Repos.extract(runtime, repo, options, x -> {
            assertThat(x.rows("SELECT DISTINCT class_name FROM bytecode_classes_v1")).containsExactly(List.of("p/Greeter"));
            assertThat(x.rows("SELECT path FROM repo_files_v1")).containsExactly(List.of("classpath:" + compiled.toAbsolutePath().normalize()));
            assertThat(x.rows("SELECT path, error_class FROM extract_errors_v1"))
                    .containsExactly(List.of("classpath:" + missing.toAbsolutePath().normalize(), "MissingClasspathEntry"));
            return null;
        });
    }

    @Test
    void classFilesAndJarsYieldClassesMethodsFieldsAndInvokes(EngineRuntime runtime) throws IOException {
        Path compiled = compile();
        Files.createDirectories(repo.resolve("classes/p"));
        Files.copy(compiled, repo.resolve("classes/p/Greeter.class"));
        try (OutputStream out = Files.newOutputStream(repo.resolve("lib.jar")); JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("p/Greeter.class"));
            jar.write(Files.readAllBytes(compiled));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("META-INF/x.txt"));
            jar.write(1);
            jar.closeEntry();
        }
        ExtractOptions options = ExtractOptions.DEFAULT.withExtractors(EnumSet.of(ExtractorKind.BYTECODE));
        Repos.extract(runtime, repo, options, x -> {
            assertThat(x.rows("SELECT entry, class_name, super_name, interfaces, source_file FROM bytecode_classes_v1 ORDER BY entry"))
                    .containsExactly(List.of("", "p/Greeter", "java/lang/Object", "[\"java/lang/Runnable\"]", "Greeter.java"),
                            List.of("p/Greeter.class", "p/Greeter", "java/lang/Object", "[\"java/lang/Runnable\"]", "Greeter.java"));
            assertThat(x.rows("SELECT DISTINCT name, descriptor, first_line FROM bytecode_methods_v1 ORDER BY name"))
                    .containsExactly(List.of("<init>", "(Ljava/lang/String;)V", 4), List.of("run", "()V", 8));
            assertThat(x.rows("SELECT DISTINCT name, line_numbers FROM bytecode_methods_v1 ORDER BY name")).allMatch(
                    row -> ((String) row.get(1)).matches("\\[\\d+(,\\d+)*]"), "a line table like [4,5]");
            assertThat(x.rows("SELECT DISTINCT name, descriptor FROM bytecode_fields_v1"))
                    .containsExactly(List.of("name", "Ljava/lang/String;"));
            assertThat(x.rows("SELECT DISTINCT method_name, owner, name, opcode, line FROM bytecode_invokes_v1 ORDER BY line, name"))
                    .containsExactly(List.of("<init>", "java/lang/Object", "<init>", 183, 4),
                            List.of("run", "java/io/PrintStream", "println", 182, 8),
                            List.of("run", "java/lang/String", "trim", 182, 8));
            assertThat(x.count("SELECT count(*) FROM extract_errors_v1")).isZero();
            return null;
        });
    }
}
