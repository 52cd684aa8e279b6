package io.codeanatomy.relspec;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.delta.DeltaTableProvider;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import io.codeanatomy.extract.ExtractOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** After edits, an incremental run re-extracts only the changed files and leaves raw tables equal to a full run's. */
@ExtendWith(ArrowLeakCheck.class)
class IncrementalExtractionTest {
    @TempDir
    Path dir;

    @Test
    void onlyChangedFilesAreExtractedAndTheRawTablesEqualAFullRun(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("repo");
        for (int i = 0; i < 6; i++) {
            CpgBuilderTest.file(repo, "m" + i + ".py", "def f" + i + "(a):\n    return g(a)\n");
        }
        CpgBuilderTest.file(repo, "weird [name].py", "def w():\n    return 1\n");
        // without content hashes asked for: an incremental run hashes anyway (the edit of "weird [name].py" keeps its size)
        ExtractOptions options = ExtractOptions.DEFAULT.withParallelism(2).withContentHashes(false);
        Path lake = dir.resolve("lake");
        IncrementalExtraction.Result first = IncrementalExtraction.run(repo, options, lake);
        assertThat(first.filesExtracted()).isEqualTo(7);
        assertThat(IncrementalExtraction.run(repo, options, lake).versions()).isEmpty();   // nothing changed: no commits

        CpgBuilderTest.file(repo, "m1.py", "def f1(a, b):\n    return h(a, b)\n\n\ndef extra():\n    pass\n");
        CpgBuilderTest.file(repo, "weird [name].py", "def w():\n    return 2\n");
        Files.delete(repo.resolve("m2.py"));
        CpgBuilderTest.file(repo, "new.py", "import os\n");
        IncrementalExtraction.Result second = IncrementalExtraction.run(repo, options, lake);
        assertThat(second.filesExtracted()).isEqualTo(3);
        assertThat(second.filesDeleted()).isEqualTo(1);

        Path full = dir.resolve("full");
        IncrementalExtraction.run(repo, options, full);
        try (Session session = Sessions.builder(RuntimeProfile.batch().withName("compare")).runtime(runtime).build()) {
            for (String table : List.of("repo_files_v1", "defs_v1", "calls_v1", "imports_v1")) {
                session.register("inc_" + table, DeltaTableProvider.latest(DeltaTable.forPath(lake.resolve("raw_" + table))));
                session.register("full_" + table, DeltaTableProvider.latest(DeltaTable.forPath(full.resolve("raw_" + table))));
                String columns = table.equals("repo_files_v1") ? "file_id, path, sha256, size" : "*";
                assertThat(rows(session, "SELECT " + columns + " FROM inc_" + table + " ORDER BY 1, 2, 3"))
                        .as(table).isEqualTo(rows(session, "SELECT " + columns + " FROM full_" + table + " ORDER BY 1, 2, 3"));
            }
        }
    }

    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.sql(sql).collect()) {
            return result.rows();
        }
    }
}
