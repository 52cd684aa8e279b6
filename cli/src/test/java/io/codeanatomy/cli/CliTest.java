package io.codeanatomy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void sqlRunsOverTheSampleData() {
        Run run = run("sql", "SELECT lang, count(*) AS repos FROM repos GROUP BY lang ORDER BY repos DESC, lang");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("lang").contains("C ").contains("(4 rows)");
    }

    @Test
    void badSqlIsAClearErrorAndExitCodeOne() {
        Run run = run("sql", "SELECT * FROM repoz");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("Did you mean 'repos'?");
    }

    @Test
    void explainPrintsTheBundle() {
        Run run = run("explain", "SELECT repo FROM repos WHERE stars_k > 5");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Physical plan:").contains("Pushdown:").contains("repo <- [main.repos.repo]")
                .contains("Plan identity:");
    }

    @Test
    void buildThenQueryAndExplainABuild(@TempDir Path dir) throws IOException {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("app"));
        Files.writeString(repo.resolve("app/Main.java"), """
                package app;

                public class Main {
                    static int twice(int x) { return 2 * x; }

                    public static void main(String[] args) {
                        System.out.println(twice(21));
                    }
                }
                """);
        Path out = dir.resolve("out");
        Run build = run("build", repo.toString(), "--out", out.toString(), "--lang", "java", "--threads", "2");
        assertThat(build.exit()).as(build.err()).isZero();
        assertThat(build.out()).contains("Built the CPG of").contains("java=1");
        assertThat(build.err()).contains("[extract]").contains("[views]");

        Run query = run("query", out.toString(), "SELECT t.qualname, e.strategy FROM cpg_edges e JOIN cpg_nodes t ON t.id = e.dst "
                + "WHERE e.kind = 'CALLS'", "--format", "csv");
        assertThat(query.exit()).as(query.err()).isZero();
        assertThat(query.out()).contains("app.Main.twice,type-inferred");

        String classes = "SELECT kind, count(*) AS n FROM cpg_nodes WHERE kind = 'CLASS' AND file <> '<external>' "
                + "GROUP BY kind";      // the repository's classes, not java.lang's (String, System)
        Run json = run("query", out.toString(), classes, "--format", "json");
        assertThat(json.out()).contains("\"kind\" : \"CLASS\"").contains("\"n\" : 1");
        Run table = run("query", out.toString(), classes, "--format", "table");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern("kind\\s*\\|\\s*n").containsPattern("CLASS\\s*\\|\\s*1").contains("(1 row)");
        Run badSql = run("query", out.toString(), "SELECT kind FROM cpg_nodes WHERE");
        assertThat(badSql.exit()).isEqualTo(1);
        assertThat(badSql.err()).containsIgnoringCase("syntax").contains("line 1");
        Run unknownTable = run("query", out.toString(), "SELECT * FROM cpg_node");
        assertThat(unknownTable.exit()).isEqualTo(1);
        assertThat(unknownTable.err()).contains("cpg_node");

        Run explain = run("explain", out.toString(), "SELECT count(*) FROM cpg_edges WHERE kind = 'CALLS'");
        assertThat(explain.exit()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("cpg_edges").contains("EXACT");

        // join hints come from actual counts by default; --no-join-hints leaves the plans to the estimates
        assertThat(Files.readString(out.resolve("manifest.json"))).containsPattern("\"joinHints\" : \\[ \\{");
        Path plain = dir.resolve("plain");
        Run unhinted = run("build", repo.toString(), "--out", plain.toString(), "--lang", "java", "--no-join-hints");
        assertThat(unhinted.exit()).as(unhinted.err()).isZero();
        assertThat(Files.readString(plain.resolve("manifest.json"))).contains("\"joinHints\" : [ ]");
    }

    @Test
    void missingInputsUnwritableOutputAndBadSqlHaveTheirOwnExitCodes(@TempDir Path dir) throws IOException {
        Run missing = run("build", dir.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).contains("does not exist");

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Run unwritable = run("build", dir.toString(), "--out", file.resolve("sub").toString());
        assertThat(unwritable.exit()).isEqualTo(4);
        assertThat(unwritable.err()).contains("cannot write");

        Run noBuild = run("query", dir.toString(), "SELECT 1");
        assertThat(noBuild.exit()).isEqualTo(3);
        assertThat(noBuild.err()).contains("holds no build");
        assertThat(run("vacuum", dir.toString()).exit()).isEqualTo(3);
    }

    /** Rebuilding into one directory keeps the older versions' files until a vacuum deletes them; the graph stays. */
    @Test
    void vacuumDeletesTheFilesOfOlderBuildsOnly(@TempDir Path dir) throws IOException {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("m.py"), "def f():\n    return g()\n\n\ndef g():\n    return 1\n");
        Path out = dir.resolve("out");
        for (int build = 0; build < 3; build++) {
            assertThat(run("build", repo.toString(), "--out", out.toString(), "--threads", "2").exit()).isZero();
        }
        long before = parquetFiles(out);
        String count = "SELECT (SELECT count(*) FROM cpg_nodes) AS nodes, (SELECT count(*) FROM cpg_edges) AS edges";
        String graph = run("query", out.toString(), count, "--format", "csv").out();

        Run tooShort = run("vacuum", out.toString(), "--retain-hours", "0");
        assertThat(tooShort.exit()).isEqualTo(2);
        assertThat(tooShort.err()).contains("--allow-short-retention");
        Run kept = run("vacuum", out.toString());       // 7 days: every file is younger
        assertThat(kept.exit()).as(kept.err()).isZero();
        assertThat(kept.out()).contains("Deleted 0 files");
        Run dry = run("vacuum", out.toString(), "--retain-hours", "0", "--allow-short-retention", "--dry-run");
        assertThat(dry.out()).contains("cpg_nodes").contains("would delete 2 files");
        assertThat(parquetFiles(out)).isEqualTo(before);

        Run vacuum = run("vacuum", out.toString(), "--retain-hours", "0", "--allow-short-retention");
        assertThat(vacuum.exit()).as(vacuum.err()).isZero();
        assertThat(parquetFiles(out)).isLessThan(before);
        assertThat(run("query", out.toString(), count, "--format", "csv").out()).isEqualTo(graph);
        assertThat(run("vacuum", out.toString(), "--retain-hours", "0", "--allow-short-retention").out())
                .contains("Deleted 0 files");

        // an incremental build says what it parsed and rewrote (its row counts are the changed files' only)
        Files.writeString(repo.resolve("n.py"), "def h():\n    return 2\n");
        Run first = run("build", repo.toString(), "--out", out.toString(), "--incremental");
        assertThat(first.out()).as(first.err()).contains("Updated the CPG of").contains("2 of 2 files parsed");
        Files.writeString(repo.resolve("n.py"), "def h():\n    return 3\n\n\ndef k():\n    return h()\n");
        Run second = run("build", repo.toString(), "--out", out.toString(), "--incremental");
        assertThat(second.out()).as(second.err()).contains("1 of 2 files parsed, 1 with rewritten rows");
    }

    private static long parquetFiles(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).count();
        }
    }
}
