package io.codeanatomy.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that must never crash a run or read outside the root: each is extracted or becomes an error row. */
@ExtendWith(ArrowLeakCheck.class)
class HostileInputTest {
    @TempDir
    Path repo;

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void invalidUtf8IsRepairedAndStillExtracted(EngineRuntime runtime) {
        Repos.write(repo, "bad.py", concat("x = '".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3, (byte) 0x28,
                (byte) 0xFF}, "'\ndef after():\n    pass\n".getBytes(StandardCharsets.US_ASCII)));
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT encoding FROM repo_files_v1")).containsExactly(List.of("invalid-utf-8"));
            assertThat(x.rows("SELECT name FROM defs_v1 WHERE kind = 'function'")).containsExactly(List.of("after"));
            return null;
        });
    }

    @Test
    void utf16WithBomIsDecodedNotTreatedAsBinary(EngineRuntime runtime) {
        byte[] text = "def ünïcode():\n    return 'ß'\n".getBytes(StandardCharsets.UTF_16LE);
        Repos.write(repo, "wide.py", concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text));
        Repos.write(repo, "bom8.py", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "def b():\n    pass\n".getBytes(StandardCharsets.UTF_8)));
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT path, encoding FROM repo_files_v1 ORDER BY path"))
                    .containsExactly(List.of("bom8.py", "utf-8-bom"), List.of("wide.py", "utf-16le-bom"));
            assertThat(x.rows("SELECT name, bstart, bend FROM defs_v1 WHERE kind = 'function' ORDER BY name"))
                    .containsExactly(List.of("b", 0, 17), List.of("ünïcode", 0, 32));
            return null;
        });
    }

    /**
     * The walk's native arrays are sized from the file's length and grown when a tree is denser (here about one node
     * per byte, four times the usual); arrays grown past what is kept between files are freed, and later files still
     * get theirs.
     */
    @Test
    void denseTreesGrowTheWalkArrays(EngineRuntime runtime) {
        int elements = 150_000;
        Repos.write(repo, "a.py", "def first():\n    pass\n");
        Repos.write(repo, "dense.py", "x = [" + "1,".repeat(elements) + "]\n");
        Repos.write(repo, "z.py", "def last():\n    pass\n");
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT.withParallelism(1), x -> {
            assertThat(x.rows("SELECT name FROM defs_v1 WHERE kind = 'function' ORDER BY name"))
                    .containsExactly(List.of("first"), List.of("last"));
            assertThat(x.count("SELECT count(*) FROM literals_v1 l JOIN repo_files_v1 f ON f.file_id = l.file_id "
                    + "WHERE f.path = 'dense.py'")).isEqualTo(elements);
            assertThat(x.count("SELECT count(*) FROM extract_errors_v1")).isZero();
            return null;
        });
    }

    @Test
    void formFeedsNulBytesAndEmptyFiles(EngineRuntime runtime) {
        Repos.write(repo, "ff.py", "def a():\n    pass\n\f\ndef b():\n    pass\n");
        Repos.write(repo, "nul.py", "x = 1\u0000\n");
        Repos.write(repo, "empty.py", "");
        Repos.write(repo, "Empty.java", "");
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT name FROM defs_v1 WHERE kind = 'function' ORDER BY name"))
                    .containsExactly(List.of("a"), List.of("b"));
            assertThat(x.rows("SELECT path, error_class FROM extract_errors_v1")).containsExactly(List.of("nul.py", "BinaryFile"));
            assertThat(x.rows("SELECT path, size FROM repo_files_v1 WHERE size = 0 ORDER BY path"))
                    .containsExactly(List.of("Empty.java", 0L), List.of("empty.py", 0L));
            assertThat(x.count("SELECT count(*) FROM ts_files_v1")).isEqualTo(3);
            return null;
        });
    }

    @Test
    void tenThousandDeepNestingParsesWithoutStackOverflow(EngineRuntime runtime) {
        int depth = 10_000;
        Repos.write(repo, "deep.py", "x = " + "(".repeat(depth) + "1" + ")".repeat(depth) + "\ndef tail():\n    pass\n");
        Repos.write(repo, "Deep.java", "class Deep { void m() { " + "{".repeat(depth) + "}".repeat(depth) + " } void tail() {} }");
        Repos.write(repo, "calls.py", "y = " + "f(".repeat(depth) + ")".repeat(depth) + "\n");
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT name FROM defs_v1 WHERE name = 'tail' ORDER BY name")).hasSize(2);
            assertThat(x.count("SELECT count(*) FROM calls_v1")).isEqualTo(depth);
            assertThat(x.count("SELECT count(*) FROM extract_errors_v1")).isZero();
            return null;
        });
    }

    @Test
    void aFileOverTheSizeLimitIsSkippedWithoutBeingRead(EngineRuntime runtime) throws IOException {
        try (RandomAccessFile big = new RandomAccessFile(repo.resolve("huge.py").toFile(), "rw")) {
            big.setLength(50L << 20);   // sparse: 50 MB without writing 50 MB
        }
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT path, error_class FROM extract_errors_v1")).containsExactly(List.of("huge.py", "FileTooLarge"));
            return null;
        });
    }

    @Test
    void namesWithNewlinesAndNonAsciiAreExtractedOrRecorded(EngineRuntime runtime) throws Exception {
        Repos.write(repo, "line\nbreak.py", "a = 1\n");
        // Created by the shell from raw bytes, so the test does not depend on this JVM's file name encoding.
        Process touch = new ProcessBuilder("sh", "-c", "printf 'b = 2\\n' > \"$(printf 'caf\\303\\251.py')\"")
                .directory(repo.toFile()).start();
        assertThat(touch.waitFor()).isZero();
        boolean utf8Names = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            List<Object> paths = x.rows("SELECT path FROM repo_files_v1 ORDER BY path").stream().map(r -> r.get(0)).toList();
            assertThat(paths).contains("line\nbreak.py");
            if (utf8Names) {
                assertThat(paths).contains("café.py");
            } else {
                // A name this JVM cannot decode cannot be opened: recorded, never a crash.
                assertThat(paths.size() + x.count("SELECT count(*) FROM extract_errors_v1")).isEqualTo(2);
            }
            return null;
        });
    }

    @Test
    void anUnreadableDirectoryIsRecorded(EngineRuntime runtime) throws IOException {
        Repos.write(repo, "locked/x.py", "x = 1\n");
        Repos.write(repo, "open.py", "y = 1\n");
        Path locked = repo.resolve("locked");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            // Root reads everything regardless of permissions; then there is nothing to test.
            assumeFalse(Files.isReadable(locked), "running with permission to read a mode-000 directory (root)");
            Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
                assertThat(x.rows("SELECT path, error_class FROM extract_errors_v1"))
                        .containsExactly(List.of("locked", "UnreadableDirectory"));
                assertThat(x.count("SELECT count(*) FROM repo_files_v1")).isEqualTo(1);
                return null;
            });
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
