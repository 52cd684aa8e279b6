package io.codeanatomy.relspec;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.delta.DeltaTableProvider;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import io.codeanatomy.extract.ExtractOptions;
import io.codeanatomy.extract.ExtractionRuntime;
import io.codeanatomy.extract.SessionSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Extraction streamed into Delta raw_* tables holds the same rows as extraction into session tables. */
@ExtendWith(ArrowLeakCheck.class)
class DeltaSinkTest {
    @TempDir
    Path dir;

    @Test
    void rawTablesHoldWhatTheSessionSinkHolds(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("repo");
        for (int i = 0; i < 12; i++) {
            CpgBuilderTest.file(repo, "m" + i + ".py", "import os\n\n\ndef f" + i + "(a, b):\n    return os.path.join(a, b)\n");
        }
        ExtractOptions options = ExtractOptions.DEFAULT.withBatchRows(4).withParallelism(2);   // many small batches
        Path lake = dir.resolve("lake");
        try (Session session = Sessions.builder(RuntimeProfile.batch().withName("sink")).runtime(runtime).build()) {
            Long[] versions = new Long[1];
            try (DeltaSink sink = new DeltaSink(lake, session.allocator(), 3)) {
                ExtractionRuntime.create().run(repo, options, sink);
                versions[0] = sink.versions().get("defs_v1");
                session.register("raw_defs", DeltaTableProvider.latest(sink.table("defs_v1")));
                session.register("raw_files", DeltaTableProvider.latest(sink.table("repo_files_v1")));
                session.register("raw_errors", DeltaTableProvider.latest(sink.table("extract_errors_v1")));
            }
            assertThat(versions[0]).isPositive();             // several commits: batches were streamed
            try (SessionSink memory = SessionSink.inSchema(session, "mem")) {
                ExtractionRuntime.create().run(repo, options, memory);
                for (String[] pair : List.of(new String[] {"raw_defs", "mem.defs_v1"}, new String[] {"raw_files", "mem.repo_files_v1"})) {
                    String columns = pair[0].equals("raw_defs") ? "file_id, def_id, kind, qualname, bstart, bend" : "file_id, path, sha256";
                    assertThat(rows(session, "SELECT " + columns + " FROM " + pair[0] + " ORDER BY 1, 2"))
                            .isEqualTo(rows(session, "SELECT " + columns + " FROM " + pair[1] + " ORDER BY 1, 2"));
                }
                assertThat(rows(session, "SELECT count(*) FROM raw_errors")).containsExactly(List.of(0L));   // created though empty
            }
        }
    }

    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.sql(sql).collect()) {
            return result.rows();
        }
    }
}
