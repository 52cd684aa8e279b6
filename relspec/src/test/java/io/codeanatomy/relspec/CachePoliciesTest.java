package io.codeanatomy.relspec;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.semantics.SemanticCompiler;
import io.codeanatomy.semantics.ViewDef;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class CachePoliciesTest {
    private static final Schema T = new Schema(List.of(Field.nullable("x", new ArrowType.Int(64, true))));

    /** shared is read by part_a and part_b, the two parts of whole (their union), and by other. */
    private static TaskGraph graph() {
        return TaskGraph.of(SemanticCompiler.compile(Map.of("t", T), List.of(
                new ViewDef("shared", "SELECT x FROM t WHERE x > 0", "read by both parts"),
                new ViewDef("only_a", "SELECT x FROM t WHERE x > 1", "read by part_a and by whole"),
                new ViewDef("part_a", "SELECT x FROM shared UNION ALL SELECT x FROM only_a", "first part"),
                new ViewDef("part_b", "SELECT x + 1 AS x FROM shared", "second part"),
                new ViewDef("whole", "SELECT x FROM shared UNION ALL SELECT x FROM only_a "
                        + "UNION ALL SELECT x + 1 AS x FROM shared", "the union of the parts")), List.of()));
    }

    private static Map<String, CachePolicy> policies(TaskGraph graph, Map<String, Integer> outputReads) {
        Map<String, CachePolicies.Estimate> estimates = graph.views().keySet().stream()
                .collect(Collectors.toMap(v -> v, v -> new CachePolicies.Estimate(10, true)));
        return CachePolicies.derive(graph, estimates, outputReads).stream()
                .collect(Collectors.toMap(CacheDecision::view, CacheDecision::policy));
    }

    @Test
    void readsByAViewNoWriteNeedsDoNotCount() {
        TaskGraph graph = graph();
        // writing the parts: whole is never run, so only_a has one reader that runs (inlined) and shared two
        Map<String, CachePolicy> parts = policies(graph, Map.of("part_a", 1, "part_b", 1));
        assertThat(parts).containsEntry("only_a", CachePolicy.NONE).containsEntry("shared", CachePolicy.MEMORY)
                .containsEntry("whole", CachePolicy.NONE).containsEntry("part_a", CachePolicy.NONE)
                .containsEntry("part_b", CachePolicy.NONE);
        // writing the union instead: the parts are never run, so whole's reads are what count (it names shared twice)
        Map<String, CachePolicy> whole = policies(graph, Map.of("whole", 1));
        assertThat(whole).containsEntry("only_a", CachePolicy.NONE).containsEntry("shared", CachePolicy.MEMORY)
                .containsEntry("whole", CachePolicy.NONE);
        assertThat(CachePolicies.derive(graph, Map.of(), Map.of("whole", 1))).filteredOn(d -> d.view().equals("only_a"))
                .extracting(CacheDecision::fanOut).containsExactly(1);
        // no outputs named: every view counts as run, as before
        Map<String, CachePolicy> none = policies(graph, Map.of());
        assertThat(none).containsEntry("only_a", CachePolicy.MEMORY).containsEntry("shared", CachePolicy.MEMORY);
    }

    /** A shared view goes to memory only on a confident estimate under the limit; else to Delta staging. Why is said. */
    @Test
    void aSharedViewTooLargeOrOfUnknownSizeIsStagedInDelta() {
        TaskGraph graph = graph();
        Map<String, Integer> writes = Map.of("part_a", 1, "part_b", 1);
        java.util.function.Function<CachePolicies.Estimate, CacheDecision> shared = estimate -> CachePolicies.derive(graph,
                Map.of("shared", estimate), writes).stream().filter(d -> d.view().equals("shared")).findFirst().orElseThrow();

        CacheDecision small = shared.apply(new CachePolicies.Estimate(1_000, true));
        assertThat(small.policy()).isEqualTo(CachePolicy.MEMORY);
        assertThat(small.rationale()).contains("read 2 times").contains("1000 rows (confident)").contains("in memory");

        CacheDecision large = shared.apply(new CachePolicies.Estimate(CachePolicies.MEMORY_ROW_LIMIT + 1, true));
        assertThat(large.policy()).isEqualTo(CachePolicy.DELTA_STAGING);
        assertThat(large.rationale()).contains("over the memory limit").contains("Delta staging table");

        CacheDecision unknown = shared.apply(new CachePolicies.Estimate(10, false));
        assertThat(unknown.policy()).isEqualTo(CachePolicy.DELTA_STAGING);
        assertThat(unknown.rationale()).contains("size unknown");
        assertThat(List.of(small, large, unknown)).extracting(CacheDecision::fanOut).containsOnly(2);
    }

    @Test
    void aViewNamedTwiceByItsOneReaderIsComputedOnce() {
        TaskGraph graph = TaskGraph.of(SemanticCompiler.compile(Map.of("t", T), List.of(
                new ViewDef("twice", "SELECT x FROM t WHERE x > 0", "named twice by its reader"),
                new ViewDef("once", "SELECT x FROM t WHERE x > 1", "named once"),
                new ViewDef("reader", "SELECT a.x FROM twice a JOIN twice b ON a.x = b.x + 1 "
                        + "UNION ALL SELECT x FROM once", "reads twice twice")), List.of()));
        Map<String, CachePolicy> policies = policies(graph, Map.of("reader", 1));
        assertThat(policies).containsEntry("twice", CachePolicy.MEMORY).containsEntry("once", CachePolicy.NONE);
        assertThat(CachePolicies.references("SELECT * FROM twice JOIN twice_more ON TRUE JOIN \"TWICE\" ON TRUE", "twice"))
                .isEqualTo(2);
    }
}
