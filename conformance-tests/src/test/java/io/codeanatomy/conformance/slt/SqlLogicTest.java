package io.codeanatomy.conformance.slt;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQLite's sqllogictest select1..select5 on our engine. Every file prints "N passed, N failed, N skipped" and the
 * failure categories. The pass counts may only go up: each file must pass at least the count recorded in
 * {@code slt-baseline.properties} (raise the baseline when the engine improves).
 *
 * <p>select5.test joins up to 64 tables with comma joins; it runs in the default run since the planner orders inner
 * joins greedily (GreedyJoinOrderRule) and qualifies the column names of wide comma joins before validation
 * (WideJoinQualifier).
 */
@ExtendWith(ArrowLeakCheck.class)
class SqlLogicTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"select1.test", "select2.test", "select3.test", "select4.test", "select5.test"})
    void runsTheSqliteSuite(String file, EngineRuntime runtime) throws Exception {
        SltRunner.Result result;
        try (InputStream stream = getClass().getClassLoader().getResourceAsStream("test/" + file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
             Session session = Sessions.builder(RuntimeProfile.batch().withName("sqllogictest")).runtime(runtime).build()) {
            result = new SltRunner(session).run(reader);
        }
        System.out.printf("sqllogictest %s: %d passed, %d failed, %d skipped%n", file, result.passed(), result.failed(),
                result.skipped());
        result.failureKinds().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf("  %5d  %s%n", e.getValue(), e.getKey()));
        Stream.of(result.examples().toArray()).limit(5).forEach(e -> System.out.println("  e.g. " + e));
        Properties baseline = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("slt-baseline.properties")) {
            baseline.load(in);
        }
        int minimum = Integer.parseInt(baseline.getProperty(file, "0"));
        assertThat(result.passed()).as(file + " passes no fewer records than the baseline").isGreaterThanOrEqualTo(minimum);
    }
}
