package io.codeanatomy.semantics;

import io.codeanatomy.engine.core.CatalogException;
import io.codeanatomy.engine.core.CodeAnatomyException;
import io.codeanatomy.engine.core.DataFrame;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.SessionExtension;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.SqlException;
import io.codeanatomy.engine.core.tables.MemoryTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Compiles views against input schemas alone (no data): each view is planned in a scratch session where the inputs
 * and the views compiled so far exist as empty tables, so its plan's lineage names exactly the tables and views it
 * reads. Views may be listed in any order; a view that reads one not yet compiled waits for it. Stateless.
 *
 * @since 0.1
 */
public final class SemanticCompiler {
    private SemanticCompiler() {}

    /**
     * @throws SemanticsException naming every view that does not compile (with the engine's message) or that reads
     *                            a table nothing provides, or that takes part in a cycle
     */
    public static TableRegistry compile(Map<String, Schema> inputs, List<ViewDef> views, List<SessionExtension> extensions) {
        Map<String, ViewDef> pending = new LinkedHashMap<>();
        for (ViewDef view : views) {
            if (pending.put(view.name(), view) != null || inputs.containsKey(view.name())) {
                throw new SemanticsException("View " + view.name() + " is defined twice (or shadows an input table)");
            }
        }
        List<CompiledView> compiled = new ArrayList<>();
        List<MemoryTable> placeholders = new ArrayList<>();
        try (Session session = Sessions.builder(RuntimeProfile.batch().withName("semantic-compiler"))
                .install(extensions.toArray(SessionExtension[]::new)).build()) {
            inputs.forEach((name, schema) -> session.register(name, placeholder(schema, placeholders)));
            Map<String, String> failures = new LinkedHashMap<>();
            boolean progress = true;
            while (!pending.isEmpty() && progress) {
                progress = false;
                failures.clear();
                for (ViewDef view : List.copyOf(pending.values())) {
                    try {
                        DataFrame frame = session.sql(view.sql());
                        Set<String> dependencies = new TreeSet<>();
                        for (String table : frame.referencedTables()) {
                            dependencies.add(simpleName(table));
                        }
                        compiled.add(new CompiledView(view, frame.schema(), List.copyOf(dependencies), frame.planIdentity()));
                        session.register(view.name(), placeholder(frame.schema(), placeholders));
                        pending.remove(view.name());
                        progress = true;
                    } catch (CatalogException | SqlException e) {
                        failures.put(view.name(), e.getMessage());
                    } catch (CodeAnatomyException e) {
                        throw new SemanticsException("View " + view.name() + " does not compile: " + e.getMessage(), e);
                    }
                }
            }
            if (!pending.isEmpty()) {
                StringBuilder message = new StringBuilder("Views that do not compile (a missing table, a cycle, or an error):");
                failures.forEach((name, error) -> message.append("\n  ").append(name).append(": ").append(error));
                throw new SemanticsException(message.toString());
            }
        } finally {
            placeholders.forEach(MemoryTable::close);
        }
        return new TableRegistry(inputs, compiled);
    }

    private static MemoryTable placeholder(Schema schema, List<MemoryTable> placeholders) {
        MemoryTable table = MemoryTable.empty(schema);
        placeholders.add(table);
        return table;
    }

    /** {@code default.defs_v1} or {@code "defs_v1"} to {@code defs_v1}. */
    static String simpleName(String qualified) {
        String last = qualified.substring(qualified.lastIndexOf('.') + 1);
        return last.replace("\"", "").toLowerCase(Locale.ROOT);
    }
}
