package io.codeanatomy.delta;

import static io.codeanatomy.delta.DeltaTableTest.rows;
import static io.codeanatomy.delta.DeltaTableTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two JVM processes append to and delete from one local table at the same time; nothing is lost or doubled. */
@ExtendWith(ArrowLeakCheck.class)
class TwoProcessAppendTest {
    private static final int COMMITS = 8;

    @TempDir
    Path dir;

    /** The other process: appends ids base..base+COMMITS-1, one commit each, then deletes id base+1. */
    public static void main(String[] args) {
        DeltaTable table = DeltaTable.forPath(args[0], DeltaOptions.DEFAULT.withRetryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(100)));
        long base = Long.parseLong(args[1]);
        try (EngineRuntime runtime = EngineRuntime.builder().threads(1).build()) {
            appendAndDelete(runtime, table, base);
        }
    }

    static void appendAndDelete(EngineRuntime runtime, DeltaTable table, long base) {
        try (Session session = Sessions.builder(RuntimeProfile.batch().withName("writer")).runtime(runtime).build()) {
            for (int i = 0; i < COMMITS; i++) {
                write(session, table, "SELECT CAST(" + (base + i) + " AS BIGINT) AS id", WriteMode.APPEND, WriteOptions.DEFAULT);
            }
        }
        DeltaDml.delete(table, new io.codeanatomy.engine.core.spi.Expression.Comparison(
                io.codeanatomy.engine.core.spi.Expression.ComparisonOperator.EQ,
                new io.codeanatomy.engine.core.spi.Expression.Column("id"), DeltaConcurrencyTest.literal(base + 1)));
    }

    @Test
    void twoProcessesWriteOneTable(EngineRuntime runtime) throws Exception {
        Path path = dir.resolve("shared");
        DeltaTable table = DeltaTable.forPath(path.toString(), DeltaOptions.DEFAULT.withRetryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(100)));
        try (Session session = DeltaTableTest.session(runtime)) {
            write(session, table, "SELECT CAST(-1 AS BIGINT) AS id", WriteMode.CREATE, WriteOptions.DEFAULT);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                TwoProcessAppendTest.class.getName(), path.toString(), "1000"));
        Process other = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        appendAndDelete(runtime, table, 0);
        assertThat(other.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(other.exitValue()).as(java.nio.file.Files.readString(dir.resolve("child.log"))).isZero();

        List<Long> expected = new ArrayList<>(List.of(-1L));
        for (long base : new long[] {0, 1000}) {
            for (int i = 0; i < COMMITS; i++) {
                if (i != 1) {
                    expected.add(base + i);
                }
            }
        }
        assertThat(table.version()).isEqualTo(2 * (COMMITS + 1));   // v0 is the CREATE
        try (Session session = DeltaTableTest.session(runtime)) {
            session.register("t", DeltaTableProvider.latest(table));
            assertThat(rows(session, "SELECT id FROM t").stream().map(r -> (Long) r.getFirst()).toList())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
