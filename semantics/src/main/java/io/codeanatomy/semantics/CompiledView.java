package io.codeanatomy.semantics;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A view after compilation: its output schema, the tables and views it reads (from its plan's lineage), and its
 * plan identity.
 *
 * @param definition   the view as written
 * @param schema       its output columns
 * @param dependencies tables and views it reads, by name, sorted
 * @param planIdentity the plan identity of the view against the input schemas
 * @since 0.1
 */
public record CompiledView(ViewDef definition, Schema schema, List<String> dependencies, String planIdentity) {
    public CompiledView {
        dependencies = List.copyOf(dependencies);
    }

    public String name() {
        return definition.name();
    }
}
