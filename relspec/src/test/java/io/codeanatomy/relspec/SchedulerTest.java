package io.codeanatomy.relspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import io.codeanatomy.semantics.SemanticCompiler;
import io.codeanatomy.semantics.ViewDef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowLeakCheck.class)
class SchedulerTest {
    @TempDir
    Path staging;

    @Test
    void aFailedViewFailsTheViewsReadingItWhileTheOthersRunToTheirEnd(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.batch()).runtime(runtime).build()) {
            session.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('1'), ('abc')) AS v(x)");
            TaskGraph graph = TaskGraph.of(SemanticCompiler.compile(
                    Map.of("t", session.sql("SELECT * FROM t").schema()),
                    List.of(new ViewDef("bad", "SELECT CAST(x AS INTEGER) AS n FROM t", "fails on 'abc' when it runs"),
                            new ViewDef("after_bad", "SELECT n + 1 AS m FROM bad", "reads the failing view"),
                            new ViewDef("good", "SELECT x FROM t WHERE x = '1'", "independent"),
                            new ViewDef("good_count", "SELECT count(*) AS c FROM good", "reads the independent view")),
                    List.of()));
            List<CacheDecision> decisions = graph.views().keySet().stream()
                    .map(v -> new CacheDecision(v, CachePolicy.MEMORY, graph.fanOut(v), -1, false, "test")).toList();

            Scheduler.Running running = Scheduler.start(session, graph, decisions, Map.of(), false, staging, 2, view -> { });
            assertThatThrownBy(running::await).isInstanceOf(BuildException.class).hasMessageContaining("View bad failed");

            assertThat(running.ready("good_count").join().rows()).isEqualTo(1);
            try (QueryResult result = session.sql("SELECT c FROM good_count").collect()) {
                assertThat(result.rows()).containsExactly(List.of(1L));
            }
            assertThatThrownBy(() -> running.ready("after_bad").join()).isInstanceOf(CompletionException.class)
                    .hasRootCauseMessage(rootMessage(running, "bad"));
            assertThat(session.catalog().tables()).extracting(TableName::name).doesNotContain("bad", "after_bad");
            assertThatThrownBy(() -> running.ready("nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("good_count");
        }
    }

    @Test
    void aViewPlannedForStagingStaysInMemoryWhenItsInputsTurnOutSmall(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.batch()).runtime(runtime).build()) {
            session.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('1'), ('2')) AS v(x)");
            TaskGraph graph = TaskGraph.of(SemanticCompiler.compile(Map.of("t", session.sql("SELECT * FROM t").schema()),
                    List.of(new ViewDef("picked", "SELECT x FROM t WHERE x <> '3'", "read twice"),
                            new ViewDef("one", "SELECT count(*) AS c FROM picked", "reader"),
                            new ViewDef("two", "SELECT max(x) AS m FROM picked", "reader")),
                    List.of()));
            List<CacheDecision> decisions = List.of(
                    new CacheDecision("picked", CachePolicy.DELTA_STAGING, 2, -1, false, "size unknown"));
            // the input's count is known: two rows, so memory
            assertThat(Scheduler.run(session, graph, decisions, Map.of("t", 2L), false, staging, 2, v -> { }).views())
                    .filteredOn(run -> run.view().equals("picked")).extracting(ViewRun::policy, ViewRun::rows)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(CachePolicy.MEMORY, 2L));
            for (String view : List.of("one", "two", "picked")) {
                session.execute("DROP TABLE " + view);
            }
            // not known: staged as planned
            assertThat(Scheduler.run(session, graph, decisions, Map.of(), false, staging, 2, v -> { }).views())
                    .filteredOn(run -> run.view().equals("picked")).extracting(ViewRun::policy)
                    .containsExactly(CachePolicy.DELTA_STAGING);
            assertThat(staging.resolve("picked").resolve("_delta_log")).isDirectory();
        }
    }

    private static String rootMessage(Scheduler.Running running, String view) {
        Throwable t = running.ready(view).handle((ok, failure) -> failure).join();
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
