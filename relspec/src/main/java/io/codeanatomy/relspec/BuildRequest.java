package io.codeanatomy.relspec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to build.
 *
 * @param repo        the repository root
 * @param out         where the Delta tables and the manifest go
 * @param languages   languages to extract ({@code python}, {@code java}); empty for all
 * @param incremental rewrite only the rows of files whose graph changed since the last build into {@code out}, and
 *                    parse only the files whose content changed since then (the extracted rows of the others are kept
 *                    in {@code out/_incremental})
 * @param parallelism threads for extraction and for independent views
 * @param joinHints   give view plans join hints derived from actual row counts ({@link JoinHintDecision}); on by
 *                    default, off only to compare (the graph built is the same either way)
 * @param viewCache   a directory where compiled views are kept for later builds with the same views, input schemas
 *                    and code (the CLI uses {@code ~/.cache/codeanatomy/views}); null to compile every time
 * @since 0.1
 */
public record BuildRequest(Path repo, Path out, Set<String> languages, boolean incremental, int parallelism,
                           boolean joinHints, Path viewCache) {
    public static final Set<String> LANGUAGES = Set.of("python", "java");

    public BuildRequest {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(out, "out");
        languages = Set.copyOf(languages);
        for (String language : languages) {
            if (!LANGUAGES.contains(language)) {
                throw new IllegalArgumentException("Unknown language '" + language + "'; choose from " + List.copyOf(LANGUAGES));
            }
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
    }

    /** A request with join hints on and no view cache. */
    public BuildRequest(Path repo, Path out, Set<String> languages, boolean incremental, int parallelism) {
        this(repo, out, languages, incremental, parallelism, true, null);
    }

    /** A full build of every language with one thread per core, into {@code <repo>/.codeanatomy}. */
    public static BuildRequest of(Path repo) {
        return new BuildRequest(repo, repo.resolve(".codeanatomy"), Set.of(), false,
                Runtime.getRuntime().availableProcessors());
    }

    public BuildRequest withOut(Path dir) {
        return new BuildRequest(repo, dir, languages, incremental, parallelism, joinHints, viewCache);
    }

    public BuildRequest withLanguages(Set<String> only) {
        return new BuildRequest(repo, out, only, incremental, parallelism, joinHints, viewCache);
    }

    public BuildRequest withIncremental(boolean on) {
        return new BuildRequest(repo, out, languages, on, parallelism, joinHints, viewCache);
    }

    public BuildRequest withJoinHints(boolean on) {
        return new BuildRequest(repo, out, languages, incremental, parallelism, on, viewCache);
    }

    /** Keeps compiled views in {@code dir} (null: none); see {@link #viewCache()}. */
    public BuildRequest withViewCache(Path dir) {
        return new BuildRequest(repo, out, languages, incremental, parallelism, joinHints, dir);
    }
}
