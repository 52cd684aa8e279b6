package io.codeanatomy.relspec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The manifest of one build, written as {@code manifest.json} next to the tables and decoded back into the same
 * records.
 *
 * @param inputs    what was read
 * @param views     per view: cache policy, rows, time, plan identity
 * @param cache     the cache decisions with their rationale
 * @param joinHints the join hints applied to view and output plans, with their rationale (empty with hints off)
 * @param errors    a summary of {@code extract_errors}
 * @param delta     the Delta tables written and their versions
 * @param timingsMs wall time per stage (extract, compile, views, write)
 * @param tools     versions of CodeAnatomy and the libraries that shape the output
 * @since 0.1
 */
public record BuildResult(Inputs inputs, List<ViewRun> views, List<CacheDecision> cache, List<JoinHintDecision> joinHints,
                          ErrorSummary errors, FinalizeDeltaReport delta, Map<String, Long> timingsMs,
                          Map<String, String> tools) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public BuildResult {
        joinHints = joinHints == null ? List.of() : List.copyOf(joinHints);    // null: a manifest from before join hints
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BuildResult fromJson(String json) {
        try {
            return JSON.readValue(json, BuildResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Not a build manifest: " + e.getOriginalMessage(), e);
        }
    }

    /** The number of rows written to {@code table}, or -1. */
    public long rows(String table) {
        return delta.tables().stream().filter(t -> t.table().equals(table)).mapToLong(TableWrite::rows).findFirst().orElse(-1);
    }

    /**
     * @param repo            the repository root
     * @param gitCommit       HEAD's commit when the repository is a git checkout, else empty
     * @param filesByLanguage extracted files per language
     * @param filesExtracted  files parsed in this build (an incremental build takes the extracted rows of files whose
     *                        content is unchanged from what it kept of the previous one)
     * @param filesReused     files whose rows were kept from the previous build (incremental)
     */
    public record Inputs(String repo, String gitCommit, Map<String, Long> filesByLanguage, long filesExtracted,
                         long filesReused) {}

    /**
     * @param total   rows in extract_errors
     * @param byStage counts per stage (scan, parse, timeout, ...)
     * @param sample  the first few, as "path: message"
     */
    public record ErrorSummary(long total, Map<String, Long> byStage, List<String> sample) {}

    /** The Delta tables a build finalized. */
    public record FinalizeDeltaReport(List<TableWrite> tables) {}

    /** One table written: its location, the version committed and its row count. */
    public record TableWrite(String table, String location, long version, long rows, int filesAdded, int filesRemoved) {}
}
