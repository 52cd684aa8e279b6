package io.codeanatomy.extract;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** Test helpers: write files into a temp repo, extract into a session, query it. */
final class Repos {
    private Repos() {}

    static Path write(Path root, String path, String content) {
        return write(root, path, content.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path root, String path, byte[] content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Extracts {@code root} into a fresh session, runs {@code body}, then closes sink and session in order. */
    static <T> T extract(EngineRuntime runtime, Path root, ExtractOptions options, Function<Extracted, T> body) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
                SessionSink sink = SessionSink.of(session)) {
            ExtractionSummary summary = ExtractionRuntime.create(runtime.telemetry()).run(root, options, sink);
            return body.apply(new Extracted(session, summary));
        }
    }

    record Extracted(Session session, ExtractionSummary summary) {
        List<List<Object>> rows(String sql) {
            try (QueryResult result = session.sql(sql).collect()) {
                return result.rows();
            }
        }

        long count(String sql) {
            return ((Number) rows(sql).get(0).get(0)).longValue();
        }
    }
}
