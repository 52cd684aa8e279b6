package io.codeanatomy.relspec;

import io.codeanatomy.semantics.CompiledView;
import io.codeanatomy.semantics.TableRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Views as tasks, with an edge from each view to every view its plan reads (from the plan's lineage). Levels group
 * views whose inputs are all in earlier levels, so a level's views can run in parallel.
 *
 * @param views      every view by name, in registry order
 * @param dependents for each view, the views that read it, sorted
 * @param levels     views grouped by depth: level 0 reads only extracted tables
 * @since 0.1
 */
public record TaskGraph(Map<String, CompiledView> views, Map<String, List<String>> dependents, List<List<String>> levels) {
    public TaskGraph {
        views = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(views));
        dependents = Map.copyOf(dependents);
        levels = levels.stream().map(List::copyOf).toList();
    }

    public static TaskGraph of(TableRegistry registry) {
        Map<String, CompiledView> views = new LinkedHashMap<>();
        registry.views().forEach(v -> views.put(v.name(), v));
        Map<String, List<String>> dependents = new HashMap<>();
        views.keySet().forEach(v -> dependents.put(v, new ArrayList<>()));
        Map<String, Integer> depth = new HashMap<>();
        TreeMap<Integer, List<String>> byDepth = new TreeMap<>();
        for (CompiledView view : registry.views()) {      // dependencies come first in a registry
            int level = 0;
            for (String dependency : view.dependencies()) {
                if (views.containsKey(dependency)) {
                    dependents.get(dependency).add(view.name());
                    level = Math.max(level, depth.get(dependency) + 1);
                }
            }
            depth.put(view.name(), level);
            byDepth.computeIfAbsent(level, k -> new ArrayList<>()).add(view.name());
        }
        dependents.replaceAll((k, v) -> v.stream().sorted().toList());
        return new TaskGraph(views, dependents, new ArrayList<>(byDepth.values()));
    }

    /** The views {@code view} reads (not the extracted tables). */
    public List<String> upstream(String view) {
        return views.get(view).dependencies().stream().filter(views::containsKey).toList();
    }

    public int fanOut(String view) {
        return dependents.getOrDefault(view, List.of()).size();
    }

    static Set<String> names(TaskGraph graph) {
        return graph.views().keySet();
    }
}
