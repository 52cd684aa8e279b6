package io.codeanatomy.engine.ext;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** span_nest_depth against an O(n^2) reference that applies the documented definition pair by pair. */
@ExtendWith(ArrowLeakCheck.class)
class SpanNestDepthTest {
    private static Session session(EngineRuntime runtime) {
        return Sessions.builder(RuntimeProfile.defaults().withBatchSize(100)).runtime(runtime).install(new CodeAnalysisExtension()).build();
    }

    @Test
    void documentedExampleHolds(EngineRuntime runtime) {
        FunctionEntry entry = FunctionRegistrySnapshot.capture(RuntimeProfile.defaults(), runtime.rootAllocator(),
                List.of(new CodeAnalysisExtension())).find("span_nest_depth").orElseThrow();
        int eq = entry.example().lastIndexOf(" -- rows ");
        try (Session session = session(runtime); QueryResult result = session.sql(entry.example().substring(0, eq)).collect()) {
            assertThat(result.rows().toString().replace("[", "(").replace("]", ")").replace("((", "(").replace("))", ")"))
                    .isEqualTo(entry.example().substring(eq + 9));
        }
    }

    @Test
    void matchesTheDefinitionOnRandomSpans(EngineRuntime runtime) {
        Random random = new Random(7);
        List<List<Object>> rows = new ArrayList<>();
        for (int id = 0; id < 1500; id++) {
            long start = random.nextInt(200);
            long length = random.nextInt(5) == 0 ? 0 : random.nextInt(80);
            Long bstart = random.nextInt(25) == 0 ? null : start;
            Long bend = random.nextInt(25) == 0 ? null : random.nextInt(40) == 0 ? start - 1 : start + length;
            rows.add(Arrays.asList((long) id, "f" + random.nextInt(6), bstart, bend));
        }
        for (int copy = 0; copy < 30; copy++) {            // identical spans: order decides who encloses whom
            List<Object> row = rows.get(random.nextInt(rows.size()));
            rows.add(Arrays.asList((long) rows.size(), row.get(1), row.get(2), row.get(3)));
        }
        Schema schema = new Schema(List.of(new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("file", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                new Field("bstart", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("bend", FieldType.nullable(new ArrowType.Int(64, true)), null)));
        try (Session session = session(runtime);
             MemoryTable table = MemoryTable.fromRows(session.allocator(), schema, rows)) {
            session.register("spans", table);
            Map<Long, Long> expected = reference(rows);
            for (String window : List.of("PARTITION BY file ORDER BY id",
                    "PARTITION BY file ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW")) {   // the frame is ignored
                try (QueryResult result = session.sql("SELECT id, span_nest_depth(bstart, bend) OVER (" + window + ") FROM spans")
                        .collect()) {
                    assertThat(result.rowCount()).isEqualTo(rows.size());
                    for (List<Object> row : result.rows()) {
                        assertThat(row.get(1)).as("span %s", rows.get(((Long) row.get(0)).intValue())).isEqualTo(expected.get((Long) row.get(0)));
                    }
                }
            }
        }
    }

    /** Depth per id: spans of the same file that enclose it, by the documented definition, with window order = id. */
    private static Map<Long, Long> reference(List<List<Object>> rows) {
        Map<Long, Long> depth = new HashMap<>();
        for (List<Object> b : rows) {
            if (!valid(b)) {
                depth.put((Long) b.get(0), null);
                continue;
            }
            long count = 0;
            for (List<Object> a : rows) {
                if (a == b || !valid(a) || !a.get(1).equals(b.get(1))) {
                    continue;
                }
                long as = (Long) a.get(2);
                long ae = (Long) a.get(3);
                long bs = (Long) b.get(2);
                long be = (Long) b.get(3);
                boolean identical = as == bs && ae == be;
                boolean encloses = as <= bs && be <= ae && bs < ae && (!identical || (Long) a.get(0) < (Long) b.get(0));
                count += encloses ? 1 : 0;
            }
            depth.put((Long) b.get(0), count);
        }
        return depth;
    }

    private static boolean valid(List<Object> span) {
        return span.get(2) != null && span.get(3) != null && (Long) span.get(3) >= (Long) span.get(2);
    }
}
