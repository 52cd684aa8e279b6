package io.codeanatomy.relspec;

import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.delta.DeltaTableProvider;
import io.codeanatomy.delta.DeltaWriter;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.extract.ExtractOptions;
import io.codeanatomy.extract.ExtractionRuntime;
import io.codeanatomy.extract.ExtractionSummary;
import io.codeanatomy.extract.SessionSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Keeps Delta {@code raw_*} extraction tables up to date by re-extracting only files whose content hash changed:
 * a scan (hashes only) is compared with the stored {@code raw_repo_files_v1}; new and modified files are extracted;
 * in every raw table the rows of changed and deleted files are replaced in one commit per table (a predicate delete
 * plus the new rows). The first run extracts everything.
 *
 * @since 0.1
 */
public final class IncrementalExtraction {
    private static final String FILES = "repo_files_v1";
    private static final String ERRORS = "extract_errors_v1";

    private IncrementalExtraction() {}

    /**
     * What a run did.
     *
     * @param filesScanned   files the scan hashed
     * @param filesExtracted files extracted (all on a first run; the new and modified ones after)
     * @param filesDeleted   files whose rows were removed because they are gone
     * @param versions       the Delta version committed per raw table (absent when a table was unchanged)
     */
    public record Result(long filesScanned, long filesExtracted, long filesDeleted, Map<String, Long> versions) {}

    public static Result run(Path repo, ExtractOptions given, Path lake) {
        ExtractOptions options = given.withContentHashes(true);     // what tells a changed file from an unchanged one
        try (EngineRuntime runtime = EngineRuntime.builder().build();
             Session session = Sessions.builder(RuntimeProfile.batch().withName("incremental-extraction")).runtime(runtime).build()) {
            DeltaSink probe = new DeltaSink(lake, session.allocator(), 1);
            if (!probe.table(FILES).exists()) {
                try (DeltaSink sink = new DeltaSink(lake, session.allocator(), 16)) {
                    ExtractionSummary summary = ExtractionRuntime.create().run(repo, options, sink);
                    return new Result(summary.files(), summary.files(), 0, sink.versions());
                }
            }
            try (SessionSink scanned = SessionSink.inSchema(session, "scan");
                 SessionSink changed = SessionSink.inSchema(session, "changed")) {
                ExtractionSummary scan = ExtractionRuntime.create().run(repo, options.withExtractors(Set.of()), scanned);
                session.register("previous_files", DeltaTableProvider.latest(probe.table(FILES)));
                List<List<Object>> changedFiles = rows(session, "SELECT c.path, c.file_id FROM scan." + FILES + " c "
                        + "LEFT JOIN previous_files p ON p.path = c.path AND p.sha256 = c.sha256 WHERE p.path IS NULL ORDER BY 1");
                List<List<Object>> deletedFiles = rows(session, "SELECT p.path, p.file_id FROM previous_files p "
                        + "LEFT JOIN scan." + FILES + " c ON c.path = p.path WHERE c.path IS NULL ORDER BY 1");
                if (changedFiles.isEmpty() && deletedFiles.isEmpty()) {
                    return new Result(scan.files(), 0, 0, Map.of());
                }
                ExtractionSummary extracted = changedFiles.isEmpty() ? null : ExtractionRuntime.create().run(repo,
                        options.withIncludeGlobs(changedFiles.stream().map(r -> literalGlob((String) r.get(0))).toList()),
                        changed);
                List<List<Object>> touched = new ArrayList<>(changedFiles);
                touched.addAll(deletedFiles);
                String paths = sqlList(touched.stream().map(r -> "'" + ((String) r.get(0)).replace("'", "''") + "'").toList());
                String ids = sqlList(touched.stream().map(r -> String.valueOf(r.get(1))).toList());
                Map<String, Long> versions = new LinkedHashMap<>();
                for (String name : rawTables(lake)) {
                    DeltaTable raw = probe.table(name);
                    List<String> columns = raw.schema().getFields().stream().map(f -> f.getName()).toList();
                    boolean byPath = !columns.contains("file_id");
                    if (byPath && !columns.contains("path")) {
                        continue;
                    }
                    boolean fresh = extracted != null && session.catalog().table(
                            io.codeanatomy.engine.core.TableName.parse("changed." + name)).isPresent();
                    String source = fresh ? "changed." + name : "raw_" + name;
                    if (!fresh) {
                        session.register("raw_" + name, DeltaTableProvider.latest(raw));
                    }
                    String sql = "SELECT * FROM " + source + " WHERE " + (fresh ? (byPath ? "path IN " + paths : "file_id IN " + ids)
                            : "1 = 0");
                    List<Expression.Literal> keys = new ArrayList<>();
                    for (List<Object> file : touched) {
                        keys.add(byPath ? new Expression.Literal(file.get(0), ArrowType.Utf8.INSTANCE)
                                : new Expression.Literal(file.get(1), new ArrowType.Int(64, true)));
                    }
                    try (BatchStream rows = session.sql(sql).stream()) {
                        var result = DeltaWriter.replaceWhere(raw,
                                new Expression.InList(new Expression.Column(byPath ? "path" : "file_id"), keys), rows);
                        if (result.commit() != null) {
                            versions.put(name, result.commit().version());
                        }
                    }
                }
                return new Result(scan.files(), extracted == null ? 0 : extracted.files(), deletedFiles.size(), versions);
            }
        }
    }

    /** The raw tables a previous run wrote, by extraction table name ({@code defs_v1} for {@code raw_defs_v1}). */
    private static List<String> rawTables(Path lake) {
        try (var entries = java.nio.file.Files.list(lake)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("raw_")
                            && java.nio.file.Files.isDirectory(p.resolve("_delta_log")))
                    .map(p -> p.getFileName().toString().substring("raw_".length())).sorted().toList();
        } catch (java.io.IOException e) {
            throw new BuildException("Cannot list the raw tables in " + lake + ": " + e.getMessage(), e);
        }
    }

    private static String sqlList(List<String> values) {
        return "(" + String.join(", ", values) + ")";
    }

    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.sql(sql).collect()) {
            return result.rows();
        }
    }

    /** A glob matching exactly {@code path}: glob metacharacters escaped. */
    static String literalGlob(String path) {
        StringBuilder out = new StringBuilder(path.length() + 4);
        for (char c : path.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '{' || c == '}' || c == '!') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
