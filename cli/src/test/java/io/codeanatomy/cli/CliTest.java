package io.codeanatomy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
}
