package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A build side large enough to be hashed in partitions whose tables outgrow the caches (where probes read their
 * slots ahead), and the same keys dense enough to be indexed directly by value: every match found and nothing else,
 * against counts computed in Java.
 */
@ExtendWith(ArrowLeakCheck.class)
class LargeHashJoinTest {
    private static final ArrowType BIGINT = new ArrowType.Int(64, true);

    /** Keys times 1 span about twice the build's row count (indexed directly); times 1000, far more (hashed). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 1000})
    void largeBuildSidesFindEveryMatch(long spread, EngineRuntime runtime) {
        int buildRows = 600_000;
        int probeRows = 400_000;
        List<List<Object>> build = new ArrayList<>();
        for (int i = 0; i < buildRows; i++) {
            build.add(List.of((i * 2_654_435_761L) % 1_000_003 * spread, (long) i));   // distinct keys in scattered order
        }
        List<List<Object>> probe = new ArrayList<>();
        long expectedCount = 0;
        long expectedSum = 0;
        java.util.Set<Long> keys = new java.util.HashSet<>();
        build.forEach(row -> keys.add((Long) row.get(0)));
        for (int i = 0; i < probeRows; i++) {
            long key = (i * 7L) % 1_400_000 * spread;
            probe.add(List.of(key));
            if (keys.contains(key)) {
                expectedCount++;
                expectedSum += key;
            }
        }
        RuntimeProfile profile = RuntimeProfile.defaults().withTargetPartitions(2);
        try (Session session = Sessions.builder(profile).runtime(runtime).build();
             MemoryTable b = MemoryTable.fromRows(session.allocator(), new Schema(List.of(
                     TestTables.field("k", BIGINT, false), TestTables.field("v", BIGINT, false))), build);
             MemoryTable p = MemoryTable.fromRows(session.allocator(), new Schema(List.of(
                     TestTables.field("k", BIGINT, false))), probe)) {
            session.register("b", b);
            session.register("p", p);
            try (QueryResult result = session.sql("SELECT count(*), sum(p.k) FROM p JOIN b ON p.k = b.k").collect()) {
                List<Object> row = result.rows().getFirst();
                assertThat(((Number) row.get(0)).longValue()).isEqualTo(expectedCount);
                assertThat(((Number) row.get(1)).longValue()).isEqualTo(expectedSum);
            }
        }
    }
}
