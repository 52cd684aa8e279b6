package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One probe batch whose matches exceed what one output batch may hold (a key shared by 700,000 build rows) is
 * joined in slices: every join type still returns exactly the right rows.
 */
@ExtendWith(ArrowLeakCheck.class)
class LargeFanOutJoinTest {
    @Test
    void hugeFanOutIsEmittedInSlices(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build()) {
            Schema schema = new Schema(List.of(TestTables.field("k", new ArrowType.Int(64, true), true),
                    TestTables.field("v", new ArrowType.Int(64, true), true)));
            List<List<Object>> build = new ArrayList<>();
            for (long i = 0; i < 700_000; i++) {
                build.add(List.of(1L, i));
            }
            build.add(List.of(3L, -1L));
            try (MemoryTable big = MemoryTable.fromRows(session.allocator(), schema, build);
                 MemoryTable small = MemoryTable.fromRows(session.allocator(), schema,
                         List.of(List.of(1L, 10L), List.of(1L, 20L), List.of(2L, 30L)))) {
                session.register("big", big);
                session.register("small", small);
                assertThat(rows(session, "SELECT count(*), sum(b.v), sum(s.v) FROM small s JOIN big b ON s.k = b.k"))
                        .containsExactly(List.of(1_400_000L, 2 * (699_999L * 700_000L / 2), 700_000L * 30));
                assertThat(rows(session, "SELECT count(*), count(b.v) FROM small s LEFT JOIN big b ON s.k = b.k"))
                        .containsExactly(List.of(1_400_001L, 1_400_000L));
                assertThat(rows(session, "SELECT s.v FROM small s WHERE EXISTS (SELECT 1 FROM big b WHERE b.k = s.k) ORDER BY 1"))
                        .containsExactly(List.of(10L), List.of(20L));
                assertThat(rows(session, "SELECT s.v FROM small s WHERE NOT EXISTS (SELECT 1 FROM big b WHERE b.k = s.k)"))
                        .containsExactly(List.of(30L));
            }
        }
    }

    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.sql(sql).collect()) {
            return result.rows();
        }
    }
}
