package io.codeanatomy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness end to end at a tiny scale: every engine answers and the answers agree. Times are not checked. */
class TpchBenchSmokeTest {
    @TempDir
    Path out;

    @Test
    void threeQueriesOnAllEnginesAgreeAndAreWrittenAsMarkdownAndCsv() throws Exception {
        TpchOptions options = new TpchOptions(0.001, 1, 0, 60, 10, List.of("ours", "duckdb", "h2"), List.of(1, 3, 15), out, 2, true, true);

        TpchReport report = TpchBench.run(options);

        assertThat(report.summary()).contains("all engines finished and agree on 3");
        assertThat(Files.readString(out.resolve("tpch-sf0.001.md"))).contains("| q15 |").doesNotContain("timeout (>", "Errors:");
        assertThat(Files.readAllLines(out.resolve("tpch-sf0.001.csv"))).hasSize(4);
    }
}
