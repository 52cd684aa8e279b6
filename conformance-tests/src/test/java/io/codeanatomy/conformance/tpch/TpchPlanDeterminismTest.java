package io.codeanatomy.conformance.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.trino.tpch.TpchTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The plan identity of every TPC-H query is the same in this JVM and in a freshly started second one. */
class TpchPlanDeterminismTest {
    @Test
    void planIdentitiesAreEqualInTwoJvms() throws Exception {
        List<String> here = identities();
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process process = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(output.lines().toList()).hasSize(22).isEqualTo(here);
        assertThat(here).doesNotHaveDuplicates();
    }

    /** "qN identity" for the 22 queries, planned over SF 0.01 data. */
    static List<String> identities() throws Exception {
        List<MemoryTable> tables = new ArrayList<>();
        List<String> out = new ArrayList<>();
        try (Session session = Sessions.builder(RuntimeProfile.batch().withName("tpch")).build();
             AutoCloseable release = () -> tables.forEach(MemoryTable::close)) {
            for (TpchTable<?> table : TpchTable.getTables()) {
                MemoryTable loaded = TpchConformanceTest.load(session, table);
                tables.add(loaded);
                session.register(table.getTableName(), loaded);
            }
            for (int q = 1; q <= 22; q++) {
                List<String> statements = TpchConformanceTest.statements(q);
                for (int i = 0; i < statements.size() - 1; i++) {
                    session.execute(statements.get(i));
                }
                out.add("q" + q + " " + session.sql(statements.getLast()).planBundle().planIdentity());
                if (q == 15) {
                    session.execute("DROP VIEW revenue");
                }
            }
        }
        return out;
    }

    /** The second JVM: prints the identities, one per line. */
    public static final class Main {
        public static void main(String[] args) throws Exception {
            identities().forEach(System.out::println);
        }
    }
}
