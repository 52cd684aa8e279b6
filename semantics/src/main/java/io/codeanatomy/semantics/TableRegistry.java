package io.codeanatomy.semantics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What {@link SemanticCompiler} produces: every view compiled, in an order where each view comes after the views it
 * reads, plus the input tables they were compiled against.
 *
 * @param inputs the extracted tables (name to schema) the views were compiled against
 * @param views  compiled views, dependencies first
 * @since 0.1
 */
public record TableRegistry(Map<String, Schema> inputs, List<CompiledView> views) {
    public TableRegistry {
        inputs = Map.copyOf(inputs);
        views = List.copyOf(views);
    }

    public Optional<CompiledView> view(String name) {
        return views.stream().filter(v -> v.name().equals(name)).findFirst();
    }
}
