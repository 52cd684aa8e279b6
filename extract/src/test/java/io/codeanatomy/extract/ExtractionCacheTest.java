package io.codeanatomy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with a cache parses only the files whose content changed and leaves every table as a run without one would;
 * a cache of other options, or a damaged one, is ignored.
 */
@ExtendWith(ArrowLeakCheck.class)
class ExtractionCacheTest {
    private static final ExtractOptions OPTIONS = ExtractOptions.DEFAULT.withParallelism(2).withBatchRows(3);

    @TempDir
    Path dir;

    @Test
    void onlyChangedFilesAreParsedAndTheTablesEqualAFullRun(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("repo");
        Repos.write(repo, "a.py", "import os\n\n\ndef f(x):\n    return os.path.join(x, 'a')\n");
        Repos.write(repo, "b.py", "class B:\n    def m(self):\n        return 1\n");
        Repos.write(repo, "broken.py", "def g(:\n    pass\n");      // kept with its tree-sitter error row
        Repos.write(repo, "gone.py", "X = 1\n");
        Repos.write(repo, "src/p/C.java", "package p;\nclass C { int k() { return 2; } }\n");
        Path cache = dir.resolve("cache");

        ExtractionSummary first = run(runtime, repo, cache);
        assertThat(first.filesReused()).isZero();
        assertThat(ExtractionCache.open(cache, OPTIONS).files()).isEqualTo(5);

        Repos.write(repo, "b.py", "class B:\n    def m(self):\n        return 2\n");
        Repos.write(repo, "new.py", "def h():\n    return len([])\n");
        Files.delete(repo.resolve("gone.py"));
        ExtractionSummary second = run(runtime, repo, cache);
        assertThat(second.files()).isEqualTo(5);
        assertThat(second.filesReused()).isEqualTo(3);          // a.py, broken.py, C.java
        assertThat(second.rowsByTable()).isEqualTo(rowsWithoutCache(runtime, repo).rowsByTable());
        assertThat(tables(runtime, repo, cache)).isEqualTo(tables(runtime, repo, null));
        assertThat(run(runtime, repo, cache).filesReused()).isEqualTo(5);   // saved again: nothing changed since
    }

    @Test
    void aCacheOfOtherOptionsOrADamagedOneIsIgnored(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("repo");
        Repos.write(repo, "a.py", "def f():\n    return 1\n");
        Path cache = dir.resolve("cache");
        run(runtime, repo, cache);
        assertThat(ExtractionCache.open(cache, OPTIONS).files()).isEqualTo(1);
        assertThat(ExtractionCache.open(cache, OPTIONS.withMaxFileBytes(1024)).files()).isZero();
        assertThat(ExtractionCache.open(cache, OPTIONS.withExtractors(java.util.Set.of(ExtractorKind.TREE_SITTER)))
                .files()).isZero();
        assertThat(ExtractionCache.open(dir.resolve("nowhere"), OPTIONS).files()).isZero();

        Files.write(cache.resolve("files.index"), new byte[] {0, 1, 2});
        assertThat(ExtractionCache.open(cache, OPTIONS).files()).isZero();
        run(runtime, repo, cache);                   // parses everything and replaces the damaged cache
        assertThat(ExtractionCache.open(cache, OPTIONS).files()).isEqualTo(1);
        try (var files = Files.list(dir)) {          // no staging directory left behind
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("repo", "cache");
        }

        Files.delete(cache.resolve("defs_v1.arrow"));       // a table missing: the whole cache is ignored
        assertThat(ExtractionCache.open(cache, OPTIONS).files()).isZero();
    }

    /** One run with the cache in {@code cache}, which it then replaces with its own rows. */
    private static ExtractionSummary run(EngineRuntime runtime, Path repo, Path cache) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
             SessionSink sink = SessionSink.of(session)) {
            ExtractionJob job = ExtractionRuntime.create().start(repo, OPTIONS, sink, ProgressListener.NONE,
                    ExtractionCache.open(cache, OPTIONS));
            ExtractionSummary summary = job.await();
            ExtractionCache.save(cache, OPTIONS, job.tables(), table -> session.sql("SELECT * FROM " + table).stream(),
                    session.allocator());
            return summary;
        }
    }

    private static ExtractionSummary rowsWithoutCache(EngineRuntime runtime, Path repo) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
             SessionSink sink = SessionSink.of(session)) {
            return ExtractionRuntime.create().run(repo, OPTIONS, sink);
        }
    }

    /** Every table's rows, sorted, by table; with {@code cache} (nullable) taken from it where they can be. */
    private static Map<String, List<String>> tables(EngineRuntime runtime, Path repo, Path cache) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
             SessionSink sink = SessionSink.of(session)) {
            ExtractionJob job = ExtractionRuntime.create().start(repo, OPTIONS, sink, ProgressListener.NONE,
                    cache == null ? null : ExtractionCache.open(cache, OPTIONS));
            job.await();
            Map<String, List<String>> out = new TreeMap<>();
            for (String table : job.tables().keySet()) {
                try (QueryResult result = session.sql("SELECT * FROM " + table).collect()) {
                    List<String> rows = new ArrayList<>();
                    result.rows().forEach(row -> rows.add(row.toString()));
                    rows.sort(Comparator.naturalOrder());
                    out.put(table, rows);
                }
            }
            assertThat(out.get("defs_v1")).isNotEmpty();
            return out;
        }
    }
}
