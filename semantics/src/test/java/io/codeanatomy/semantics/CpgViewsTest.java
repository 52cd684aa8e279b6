package io.codeanatomy.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.ext.CodeAnalysisExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class CpgViewsTest {
    private static Map<String, Schema> extractionSchemas() {
        Map<String, Schema> inputs = new HashMap<>();
        for (var spec : io.codeanatomy.extract.internal.Tables.ALL) {
            inputs.put(spec.name(), spec.schema());
        }
        return inputs;
    }

    private static Map<String, String> sqlByName(List<ViewDef> views) {
        Map<String, String> sql = new HashMap<>();
        views.forEach(v -> sql.put(v.name(), v.sql()));
        return sql;
    }

    private static int branches(String sql) {
        return 1 + (int) sql.lines().filter(line -> line.strip().matches("UNION( ALL)?")).count();
    }

    @Test
    void aViewSetForOneLanguageLeavesOutOnlyTheBranchesOfTheOther() {
        Map<String, String> all = sqlByName(CpgViews.standard());
        Map<String, String> python = sqlByName(CpgViews.forLanguages(Set.of("python")));
        Map<String, String> java = sqlByName(CpgViews.forLanguages(Set.of("java")));
        assertThat(python.keySet()).isEqualTo(all.keySet());
        assertThat(java.keySet()).isEqualTo(all.keySet());
        assertThat(sqlByName(CpgViews.forLanguages(Set.of("python", "java")))).isEqualTo(all);
        // branches per view: all, Python only, Java only
        Map<String, List<Integer>> branches = Map.of("cpg_ref_candidates", List.of(6, 5, 6), "cpg_typed_calls", List.of(5, 3, 5), "cpg_type_classes", List.of(4, 3, 4),
                "cpg_first_call_candidates", List.of(17, 11, 13));
        branches.forEach((view, counts) -> assertThat(List.of(branches(all.get(view)), branches(python.get(view)),
                branches(java.get(view)))).as(view).isEqualTo(counts));
        assertThat(python.get("cpg_first_call_candidates")).doesNotContain("WHERE c.lang = 'java'");
        assertThat(java.get("cpg_first_call_candidates")).doesNotContain("c.lang = 'python'");
        // views without branches of one language are the same text for every language set
        assertThat(python.get("cpg_nodes")).isEqualTo(all.get("cpg_nodes"));
        assertThat(java.get("cpg_call_candidates")).isEqualTo(all.get("cpg_call_candidates"));
        // scopes are looked up the same way in every language; only Java has package-level classes
        assertThat(java.get("cpg_ref_candidates")).isEqualTo(all.get("cpg_ref_candidates"));
        assertThat(python.get("cpg_ref_candidates")).doesNotContain("r.lang = 'java'");
    }

    @Test
    void theViewsOfEveryLanguageSetCompileToTheSameColumns() {
        Map<String, Schema> inputs = extractionSchemas();
        List<CodeAnalysisExtension> extensions = List.of(new CodeAnalysisExtension());
        TableRegistry all = SemanticCompiler.compile(inputs, CpgViews.standard(), List.copyOf(extensions));
        for (Set<String> languages : List.of(Set.of("python"), Set.of("java"))) {
            TableRegistry one = SemanticCompiler.compile(inputs, CpgViews.forLanguages(languages), List.copyOf(extensions));
            assertThat(one.views()).extracting(CompiledView::name).containsExactlyInAnyOrderElementsOf(
                    all.views().stream().map(CompiledView::name).toList());
            for (CompiledView view : all.views()) {      // nullability too: the output tables' schemas stay the same
                assertThat(one.view(view.name()).orElseThrow().schema()).as(view.name() + " for " + languages)
                        .isEqualTo(view.schema());
            }
        }
    }
}
