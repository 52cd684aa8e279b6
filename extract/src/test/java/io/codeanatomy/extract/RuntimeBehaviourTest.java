package io.codeanatomy.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowLeakCheck.class)
class RuntimeBehaviourTest {
    @TempDir
    Path repo;

    private void manyFiles(int n) {
        for (int i = 0; i < n; i++) {
            Repos.write(repo, "d" + (i % 10) + "/m" + i + ".py", "def f" + i + "(a, b):\n    return g(a) + h(b)\n");
        }
    }

    @Test
    void rowsArriveInBatchesOfTheConfiguredSize(EngineRuntime runtime) {
        manyFiles(25);
        try (BufferAllocator allocator = runtime.rootAllocator().newChildAllocator("test", 0, Long.MAX_VALUE)) {
            CollectingSink sink = new CollectingSink(allocator);
            ExtractionSummary summary = ExtractionRuntime.create().run(repo,
                    ExtractOptions.DEFAULT.withBatchRows(10).withParallelism(2), sink);
            assertThat(sink.batchRows.get("repo_files_v1")).containsExactly(10, 10, 5);
            assertThat(sink.batchRows.get("calls_v1")).allMatch(n -> n <= 10).hasSize(5);
            assertThat(summary.files()).isEqualTo(25);
            assertThat(summary.rows("calls_v1")).isEqualTo(50);
            assertThat(sink.finished).containsKeys("repo_files_v1", "extract_errors_v1", "defs_v1", "bytecode_invokes_v1");
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }

    @Test
    void progressEventsCountFilesBytesAndRows(EngineRuntime runtime) {
        manyFiles(20);
        List<Progress> events = new CopyOnWriteArrayList<>();
        try (BufferAllocator allocator = runtime.rootAllocator().newChildAllocator("test", 0, Long.MAX_VALUE)) {
            ExtractionSummary summary = ExtractionRuntime.create()
                    .start(repo, ExtractOptions.DEFAULT, new CollectingSink(allocator), events::add).await();
            Progress last = events.get(events.size() - 1);
            assertThat(last.filesDone()).isEqualTo(20).isEqualTo(last.filesTotal());
            assertThat(last.bytes()).isEqualTo(summary.bytes()).isPositive();
            assertThat(last.rows()).isPositive();
        }
    }

    @org.junit.jupiter.api.RepeatedTest(5)
    void perFileTimeoutsBecomeErrorRows(EngineRuntime runtime) {
        manyFiles(3);
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT.withPerFileTimeout(Duration.ofNanos(1)), x -> {
            assertThat(x.rows("SELECT stage, error_class FROM extract_errors_v1"))
                    .hasSize(3).allMatch(r -> r.equals(List.of("runtime", "Timeout")));
            assertThat(x.count("SELECT count(*) FROM defs_v1")).isZero();
            return null;
        });
    }

    @Test
    void cancellationStopsTheRunWithoutFinishingTheSink(EngineRuntime runtime) {
        manyFiles(400);
        try (BufferAllocator allocator = runtime.rootAllocator().newChildAllocator("test", 0, Long.MAX_VALUE)) {
            CollectingSink sink = new CollectingSink(allocator);
            ExtractionJob[] job = new ExtractionJob[1];
            job[0] = ExtractionRuntime.create().start(repo, ExtractOptions.DEFAULT.withParallelism(1), sink, progress -> {
                if (job[0] != null) {
                    job[0].cancel();
                }
            });
            job[0].cancel();
            ExtractionSummary summary = job[0].await();
            assertThat(job[0].isDone()).isTrue();
            assertThat(summary.cancelled()).isTrue();
            assertThat(summary.files()).isLessThan(400);
            assertThat(sink.finished).isNull();
        }
    }

    @Test
    void aBrokenClassFileIsIsolatedToItsExtractor(EngineRuntime runtime) {
        Repos.write(repo, "Broken.class", new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 65, 0, 9});
        Repos.write(repo, "ok.py", "x = 1\n");
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT path, stage FROM extract_errors_v1")).containsExactly(List.of("Broken.class", "bytecode"));
            assertThat(x.count("SELECT count(*) FROM repo_files_v1")).isEqualTo(2);
            assertThat(x.count("SELECT count(*) FROM assignments_v1")).isEqualTo(1);
            return null;
        });
    }

    @Test
    void aMissingRootFailsTheRunWithExtractionException(EngineRuntime runtime) {
        try (BufferAllocator allocator = runtime.rootAllocator().newChildAllocator("test", 0, Long.MAX_VALUE)) {
            assertThatThrownBy(() -> ExtractionRuntime.create().run(repo.resolve("missing"), ExtractOptions.DEFAULT,
                    new CollectingSink(allocator))).isInstanceOf(ExtractionException.class).hasMessageContaining("not a directory");
        }
    }

    @Test
    void spansCoverTheRunAndItsPhases(EngineRuntime runtime) {
        manyFiles(2);
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
                BufferAllocator allocator = runtime.rootAllocator().newChildAllocator("test", 0, Long.MAX_VALUE)) {
            OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
            ExtractionRuntime.create(otel).run(repo, ExtractOptions.DEFAULT, new CollectingSink(allocator));
            List<String> names = exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList();
            assertThat(names).contains("extract.run", "extract.scan", "extract.setup", "extract.files", "extract.teardown");
            SpanData run = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("extract.run")).findFirst().orElseThrow();
            assertThat(run.getAttributes().asMap().toString()).contains("codeanatomy.extract.files=2");
        }
    }
}
