package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ORDER BY ... LIMIT runs as a bounded top-K and returns exactly what a stable full sort would. */
@ExtendWith(ArrowLeakCheck.class)
class TopKTest {
    @Test
    void topKEqualsAStableFullSortAcrossManyBatches(EngineRuntime runtime) {
        Random random = new Random(42);
        List<List<Object>> rows = new ArrayList<>();
        for (long id = 0; id < 5000; id++) {
            Long v = random.nextInt(10) == 0 ? null : (long) random.nextInt(50);   // many ties, some NULLs
            rows.add(Arrays.asList(id, v, "s" + random.nextInt(7)));
        }
        try (Session session = Sessions.builder(RuntimeProfile.defaults().withBatchSize(97)).runtime(runtime).build();
             MemoryTable t = MemoryTable.fromRows(session.allocator(), new Schema(List.of(
                     TestTables.field("id", new ArrowType.Int(64, true), false),
                     TestTables.field("v", new ArrowType.Int(64, true), true),
                     TestTables.field("s", ArrowType.Utf8.INSTANCE, false))), rows)) {
            session.register("t", t);
            assertThat(session.sql("SELECT id FROM t ORDER BY v LIMIT 5").explain()).contains("top-k");

            Comparator<List<Object>> byVDescNullsLast = Comparator.comparing(
                    (List<Object> r) -> (Long) r.get(1), Comparator.nullsLast(Comparator.<Long>reverseOrder()));
            check(session, "SELECT id FROM t ORDER BY v DESC NULLS LAST LIMIT 25 OFFSET 10", rows, byVDescNullsLast, 10, 25);
            Comparator<List<Object>> bySThenVNullsFirst = Comparator.comparing((List<Object> r) -> (String) r.get(2))
                    .thenComparing(r -> (Long) r.get(1), Comparator.nullsFirst(Comparator.<Long>naturalOrder()));
            check(session, "SELECT id FROM t ORDER BY s, v NULLS FIRST LIMIT 300", rows, bySThenVNullsFirst, 0, 300);
            check(session, "SELECT id FROM t ORDER BY s, v NULLS FIRST LIMIT 3 OFFSET 4998", rows, bySThenVNullsFirst, 4998, 3);
        }
    }

    private static void check(Session session, String sql, List<List<Object>> rows, Comparator<List<Object>> order,
                              int offset, int fetch) {
        List<List<Object>> sorted = new ArrayList<>(rows);
        sorted.sort(order);      // List.sort is stable: ties keep the input order, as the engine's sort does
        List<Object> expected = sorted.stream().skip(offset).limit(fetch).map(r -> r.get(0)).toList();
        try (QueryResult result = session.sql(sql).collect()) {
            assertThat(result.rows().stream().map(r -> r.get(0)).toList()).as(sql).isEqualTo(expected);
        }
    }
}
