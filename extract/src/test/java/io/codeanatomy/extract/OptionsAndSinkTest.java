package io.codeanatomy.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowLeakCheck.class)
class OptionsAndSinkTest {
    @TempDir
    Path repo;

    @Test
    void optionsRejectValuesThatCannotWork() {
        assertThatThrownBy(() -> ExtractOptions.DEFAULT.withBatchRows(0)).hasMessageContaining("batchRows");
        assertThatThrownBy(() -> ExtractOptions.DEFAULT.withParallelism(0)).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> ExtractOptions.DEFAULT.withMaxFileBytes(0)).hasMessageContaining("maxFileBytes");
        assertThatThrownBy(() -> ExtractOptions.DEFAULT.withPerFileTimeout(Duration.ZERO)).hasMessageContaining("perFileTimeout");
        assertThatThrownBy(() -> ExtractOptions.DEFAULT.withIncludeGlobs(java.util.Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void contentHashesAreTheSha256OfTheBytesOrLeftOut(EngineRuntime runtime) throws Exception {
        String text = "def f():\n    pass\n";
        Repos.write(repo, "a.py", text);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(ExtractOptions.DEFAULT.contentHashes()).isTrue();
        for (boolean hashes : List.of(true, false)) {
            try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
                    SessionSink sink = SessionSink.of(session)) {
                ExtractionRuntime.create().run(repo, ExtractOptions.DEFAULT.withContentHashes(hashes), sink);
                try (QueryResult result = session.sql("SELECT path, sha256 FROM repo_files_v1").collect()) {
                    assertThat(result.rows()).as("hashes " + hashes).containsExactly(List.of("a.py", hashes ? sha256 : ""));
                }
            }
        }
    }

    @Test
    void sessionSinkCanRegisterUnderASchema(EngineRuntime runtime) {
        Repos.write(repo, "a.py", "def f():\n    pass\n");
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
                SessionSink sink = SessionSink.inSchema(session, "raw")) {
            ExtractionRuntime.create().run(repo, ExtractOptions.DEFAULT, sink);
            try (QueryResult result = session.sql("SELECT name FROM raw.defs_v1 WHERE kind = 'function'").collect()) {
                assertThat(result.rows()).containsExactly(List.of("f"));
            }
        }
    }

    @Test
    void aJobNamesItsTablesBeforeItsRowsAreDone(EngineRuntime runtime) {
        Repos.write(repo, "a.py", "def f():\n    pass\n");
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
                SessionSink sink = SessionSink.of(session)) {
            ExtractionJob job = ExtractionRuntime.create().start(repo, ExtractOptions.DEFAULT, sink, p -> { });
            java.util.Map<String, org.apache.arrow.vector.types.pojo.Schema> tables = job.tables();
            assertThat(tables).containsKeys("repo_files_v1", "extract_errors_v1", "defs_v1", "calls_v1");
            job.await();
            // what the sink registered is what the job announced, schemas included
            tables.forEach((name, schema) -> assertThat(session.catalog().table(io.codeanatomy.engine.core.TableName.parse(name))).get()
                    .satisfies(table -> assertThat(table.schema()).isEqualTo(schema)));
        }
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
                SessionSink sink = SessionSink.of(session)) {
            ExtractionJob failed = ExtractionRuntime.create().start(repo.resolve("missing"), ExtractOptions.DEFAULT, sink, p -> { });
            assertThatThrownBy(failed::tables).isInstanceOf(ExtractionException.class).hasMessageContaining("not a directory");
            assertThatThrownBy(failed::await).isInstanceOf(ExtractionException.class);
        }
    }

    @Test
    void aThrowingProgressListenerDoesNotBreakTheRun(EngineRuntime runtime) {
        Repos.write(repo, "a.py", "x = 1\n");
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
                SessionSink sink = SessionSink.of(session)) {
            ExtractionSummary summary = ExtractionRuntime.create().start(repo, ExtractOptions.DEFAULT, sink, p -> {
                throw new IllegalStateException("listener bug");
            }).await();
            assertThat(summary.files()).isEqualTo(1);
            assertThat(summary.cancelled()).isFalse();
        }
    }

    @Test
    void aSinkThatRefusesBatchesFailsTheRunWithExtractionException(EngineRuntime runtime) {
        Repos.write(repo, "a.py", "x = 1\n");
        try (org.apache.arrow.memory.BufferAllocator allocator = runtime.rootAllocator().newChildAllocator("t", 0, Long.MAX_VALUE)) {
            CollectingSink refusing = new CollectingSink(allocator) {
                @Override
                public synchronized void accept(String table, org.apache.arrow.vector.VectorSchemaRoot batch) {
                    batch.close();
                    throw new IllegalStateException("disk full");
                }
            };
            assertThatThrownBy(() -> ExtractionRuntime.create().run(repo, ExtractOptions.DEFAULT.withBatchRows(1), refusing))
                    .isInstanceOf(ExtractionException.class).hasMessageContaining("disk full");
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }
}
