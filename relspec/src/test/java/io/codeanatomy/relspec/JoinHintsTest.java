package io.codeanatomy.relspec;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Join hints derived from actual row counts: when relspec emits one, what it says, and that rows never change. */
@ExtendWith(ArrowLeakCheck.class)
class JoinHintsTest {
    private Session session;
    private final List<MemoryTable> tables = new ArrayList<>();

    @BeforeEach
    void setUp(EngineRuntime runtime) {
        session = Sessions.builder(RuntimeProfile.batch()).runtime(runtime).build();
        table("calls_v1", 600, 30);
        table("defs_v1", 40, 40);
        table("files_v1", 8, 8);
    }

    @AfterEach
    void tearDown() {
        tables.forEach(MemoryTable::close);
        session.close();
    }

    /** A table of {@code rows} rows with an {@code id} column cycling through {@code keys} values. */
    private void table(String name, int rows, int keys) {
        Schema schema = new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field(name + "_n", FieldType.nullable(new ArrowType.Int(64, true)), null)));
        List<List<Object>> data = new ArrayList<>();
        for (long i = 0; i < rows; i++) {
            data.add(Arrays.asList(i % keys, i));
        }
        MemoryTable table = MemoryTable.fromRows(session.allocator(), schema, data);
        tables.add(table);
        session.register(name, table);
    }

    private static final String JOIN = "SELECT c.id, c.calls_v1_n, d.defs_v1_n FROM calls_v1 c JOIN defs_v1 d ON c.id = d.id";

    private List<List<Object>> rows(io.codeanatomy.engine.core.DataFrame frame) {
        try (QueryResult result = frame.collect()) {
            List<List<Object>> rows = new ArrayList<>(result.rows());
            rows.sort(Comparator.comparing(Object::toString));
            return rows;
        }
    }

    @Test
    void actualCountsThatContradictTheEstimateFlipTheBuildSide() {
        // relspec knows better than the in-memory statistics: calls_v1 is the small one (e.g. after a filter upstream)
        Map<String, Long> known = Map.of("calls_v1", 12_345L, "defs_v1", 98_765L);
        Scheduler.Hinted hinted = Scheduler.hinted(session, "call_edges", JOIN, known);
        assertThat(hinted.hints()).singleElement().satisfies(hint -> {
            assertThat(hint.view()).isEqualTo("call_edges");
            assertThat(hint.build()).isEqualTo("calls_v1");
            assertThat(hint.buildRows()).isEqualTo(12_345L);
            assertThat(hint.probe()).isEqualTo("defs_v1");
            assertThat(hint.changesPlan()).isTrue();
            assertThat(hint.rationale()).isEqualTo("build calls_v1 (12,345 rows) not defs_v1 (98,765 rows): actual counts; "
                    + "the estimate (600 vs 40 rows) would have built defs_v1");
        });
        assertThat(hinted.frame().explain()).contains("build=main.calls_v1 (hint)");
        assertThat(rows(hinted.frame())).isEqualTo(rows(session.sql(JOIN)));
    }

    @Test
    void actualCountsThatAgreeConfirmTheEstimate() {
        Scheduler.Hinted hinted = Scheduler.hinted(session, "v", JOIN, Map.of("calls_v1", 600L, "defs_v1", 40L));
        assertThat(hinted.hints()).singleElement().satisfies(hint -> {
            assertThat(hint.build()).isEqualTo("defs_v1");
            assertThat(hint.changesPlan()).isFalse();
            assertThat(hint.rationale()).endsWith("actual counts; confirms the estimate");
        });
        assertThat(hinted.frame().explain()).contains("build=main.defs_v1 (hint)");
    }

    @Test
    void noHintWithoutBothCountsForOuterJoinsOrWhenHintsAreOff() {
        assertThat(Scheduler.hinted(session, "v", JOIN, Map.of("calls_v1", 600L)).hints()).isEmpty();
        assertThat(Scheduler.hinted(session, "v", JOIN.replace(" JOIN ", " LEFT JOIN "),
                Map.of("calls_v1", 600L, "defs_v1", 40L)).hints()).isEmpty();
        Scheduler.Hinted off = Scheduler.hinted(session, "v", JOIN, null);
        assertThat(off.hints()).isEmpty();
        assertThat(off.frame().explain()).contains("(estimate)");
    }

    @Test
    void aTableThatShouldBeBuiltInOneJoinButProbedInAnotherGetsNoHint() {
        // defs_v1 is smaller than calls_v1 but larger than files_v1: a BUILD(defs_v1) would be wrong for one of the joins
        String sql = "SELECT count(*) FROM calls_v1 c JOIN defs_v1 d ON c.id = d.id JOIN files_v1 f ON d.defs_v1_n = f.id";
        List<JoinHintDecision> hints = Scheduler.hinted(session, "v", sql,
                Map.of("calls_v1", 600L, "defs_v1", 40L, "files_v1", 8L)).hints();
        assertThat(hints).noneMatch(hint -> hint.build().equals("defs_v1"));
        assertThat(hints).allMatch(hint -> hint.rationale().contains("actual counts"));
    }
}
