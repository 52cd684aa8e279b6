package io.codeanatomy.cli;

import io.codeanatomy.engine.core.CodeAnatomyException;
import io.codeanatomy.extract.Progress;
import io.codeanatomy.relspec.BuildListener;
import io.codeanatomy.relspec.BuildRequest;
import io.codeanatomy.relspec.BuildResult;
import io.codeanatomy.relspec.CpgBuilder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code codeanatomy build <repo>}: the main job, the code property graph of a repository as Delta tables. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build the code property graph of a repository into Delta tables (cpg_nodes, cpg_edges, cpg_props).")
final class BuildCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<repo>", description = "Root of the source tree")
    Path repo;

    @Option(names = "--out", paramLabel = "<dir>", description = "Output directory (default: <repo>/.codeanatomy)")
    Path out;

    @Option(names = "--lang", split = ",", paramLabel = "<language>", description = "python, java (default: both)")
    Set<String> languages = Set.of();

    @Option(names = "--incremental", description = "Rewrite only the rows of files whose graph changed since the "
            + "last build into <dir>, and parse only the files whose content changed since then")
    boolean incremental;

    @Option(names = "--threads", description = "Worker threads (default: one per core)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--join-hints", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Hash the smaller side of each join by the actual row counts (default: on; --no-join-hints "
                    + "leaves it to the planner's estimates)")
    boolean joinHints = true;

    @Option(names = "--view-cache", paramLabel = "<dir>",
            description = "Where compiled views are kept for later builds (default: ~/.cache/codeanatomy/views)")
    Path viewCache = Path.of(System.getProperty("user.home"), ".cache", "codeanatomy", "views");

    @Option(names = "--no-view-cache", description = "Compile the views on every build")
    boolean noViewCache;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(repo)) {
            err.println("error: repository " + repo.toAbsolutePath() + " does not exist or is not a directory");
            err.flush();
            return ExitCodes.INPUT_NOT_FOUND;
        }
        Path target = out == null ? repo.resolve(".codeanatomy") : out;
        if (!writable(target)) {
            err.println("error: cannot write to " + target.toAbsolutePath() + "; choose another directory with --out");
            err.flush();
            return ExitCodes.OUTPUT_NOT_WRITABLE;
        }
        long start = System.nanoTime();
        try {
            BuildRequest request = new BuildRequest(repo, target, languages, incremental, Math.max(1, threads))
                    .withJoinHints(joinHints).withViewCache(noViewCache ? null : viewCache);
            BuildResult result = CpgBuilder.build(request, new ProgressLine(err));
            err.print("\r\033[K");
            err.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (incremental) {      // the rows written are the changed files' only, not the graph's size
                long files = result.inputs().filesByLanguage().values().stream().mapToLong(Long::longValue).sum();
                stdout.printf("Updated the CPG of %s in %.1f s: %,d of %,d files parsed, %,d with rewritten rows "
                                + "(%,d nodes, %,d edges), %,d extraction errors%n",
                        result.inputs().repo(), seconds, result.inputs().filesExtracted(), files,
                        Math.max(0, files - result.inputs().filesReused()), result.rows("cpg_nodes"),
                        result.rows("cpg_edges"), result.errors().total());
            } else {
                stdout.printf("Built the CPG of %s in %.1f s: %,d nodes, %,d edges, %,d extraction errors%n",
                        result.inputs().repo(), seconds, result.rows("cpg_nodes"), result.rows("cpg_edges"),
                        result.errors().total());
            }
            stdout.printf("Files by language: %s%n", result.inputs().filesByLanguage());
            stdout.printf("Tables in %s; query them with: codeanatomy query %s \"SELECT kind, count(*) FROM cpg_nodes GROUP BY kind\"%n",
                    target.toAbsolutePath().normalize(), target.normalize());
            stdout.flush();
            return ExitCodes.OK;
        } catch (CodeAnatomyException | IllegalArgumentException e) {
            err.println();
            err.println("error: " + e.getMessage());
            if (System.getenv("CODEANATOMY_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.FAILED;
        }
    }

    private static boolean writable(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.isWritable(dir);
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** One status line on stderr, rewritten in place: stage, files, rows, rate. */
    private static final class ProgressLine implements BuildListener {
        private final PrintWriter err;
        private volatile String stage = "";

        ProgressLine(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void stage(String name, String detail) {
            stage = name;
            err.print("\r\033[K[" + name + "] " + detail);
            err.flush();
        }

        @Override
        public synchronized void extraction(Progress p) {
            err.printf("\r\033[K[%s] %,d/%,d files, %,d rows, %.0f files/s, %,d errors", stage, p.filesDone(), p.filesTotal(),
                    p.rows(), p.filesPerSecond(), p.errors());
            err.flush();
        }
    }
}
