package io.codeanatomy.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.ext.CodeAnalysisExtension;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class SemanticCompilerTest {
    private static final Map<String, Schema> INPUTS = Map.of(
            "t", new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true)), Field.nullable("name", ArrowType.Utf8.INSTANCE))),
            "u", new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true)))));

    @Test
    void viewsCompileInAnyOrderAndRecordWhatTheyRead() {
        TableRegistry registry = SemanticCompiler.compile(INPUTS, List.of(
                new ViewDef("joined", "SELECT a.id, b.n FROM base a JOIN counts b ON a.id = b.id", "reads two views"),
                new ViewDef("counts", "SELECT id, count(*) AS n FROM u GROUP BY id", "reads u"),
                new ViewDef("base", "SELECT id, stable_id(name) AS h FROM t", "reads t, uses an extension function")),
                List.of(new CodeAnalysisExtension()));
        assertThat(registry.views()).extracting(CompiledView::name).containsExactly("counts", "base", "joined");
        assertThat(registry.view("joined").orElseThrow().dependencies()).containsExactly("base", "counts");
        assertThat(registry.view("base").orElseThrow().dependencies()).containsExactly("t");
        assertThat(registry.view("joined").orElseThrow().schema().getFields()).extracting(Field::getName).containsExactly("id", "n");
        assertThat(registry.view("base").orElseThrow().planIdentity()).hasSize(64);
    }

    @Test
    void cyclesMissingTablesAndBadSqlAreNamed() {
        assertThatThrownBy(() -> SemanticCompiler.compile(INPUTS, List.of(
                new ViewDef("a", "SELECT * FROM b", ""), new ViewDef("b", "SELECT * FROM a", "")), List.of()))
                .isInstanceOf(SemanticsException.class).hasMessageContaining("a:").hasMessageContaining("b:");
        assertThatThrownBy(() -> SemanticCompiler.compile(INPUTS, List.of(new ViewDef("v", "SELECT * FROM nowhere", "")), List.of()))
                .hasMessageContaining("v: ").hasMessageContaining("nowhere");
        assertThatThrownBy(() -> SemanticCompiler.compile(INPUTS, List.of(new ViewDef("t", "SELECT 1", "")), List.of()))
                .hasMessageContaining("shadows an input table");
    }

    @Test
    void theCpgViewsCompileAgainstTheExtractionSchemas() {
        Map<String, Schema> inputs = new java.util.HashMap<>();
        for (var spec : io.codeanatomy.extract.internal.Tables.ALL) {
            inputs.put(spec.name(), spec.schema());
        }
        TableRegistry registry = SemanticCompiler.compile(inputs, CpgViews.standard(), List.of(new CodeAnalysisExtension()));
        assertThat(registry.views()).hasSize(CpgViews.standard().size());
        assertThat(registry.view("cpg_edges").orElseThrow().dependencies()).contains("cpg_call_edges", "cpg_inherits");
    }
}
