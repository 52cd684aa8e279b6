package io.codeanatomy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The optional full syntax tree: off by default; when on, every node with its parent, type, field and span. */
@ExtendWith(ArrowLeakCheck.class)
class TsNodesTest {
    @TempDir
    Path root;

    @Test
    void fullTreeOnlyWhenAskedFor(EngineRuntime runtime) {
        Repos.write(root, "a.py", "def f(x):\n    return x\n");
        assertThat(ExtractOptions.DEFAULT.extractors()).doesNotContain(ExtractorKind.TS_NODES);
        Repos.extract(runtime, root, ExtractOptions.DEFAULT, extracted -> {
            assertThat(extracted.session().catalog().tables().stream().map(t -> t.name()).toList()).doesNotContain("ts_nodes_v1");
            return null;
        });
        ExtractOptions withNodes = ExtractOptions.DEFAULT.withExtractors(EnumSet.allOf(ExtractorKind.class));
        Repos.extract(runtime, root, withNodes, extracted -> {
            assertThat(extracted.rows("SELECT node_type, parent_index, depth, bstart, bend FROM ts_nodes_v1 WHERE node_index = 0"))
                    .containsExactly(Arrays.asList("module", null, 0, 0, 23));
            assertThat(extracted.rows("SELECT n.node_type, p.node_type FROM ts_nodes_v1 n JOIN ts_nodes_v1 p "
                    + "ON p.node_index = n.parent_index AND p.file_id = n.file_id WHERE n.field_name = 'name'"))
                    .containsExactly(List.of("identifier", "function_definition"));
            assertThat(extracted.count("SELECT count(*) FROM ts_nodes_v1 WHERE is_named")).isPositive();
            assertThat(extracted.count("SELECT count(*) FROM defs_v1 WHERE kind = 'function'")).isEqualTo(1);  // both from one parse
            return null;
        });
    }
}
