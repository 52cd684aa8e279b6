package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class MemoryLimitTest {
    private static MemoryTable numbers(Session session, int rows) {
        Schema schema = new Schema(List.of(TestTables.field("x", new ArrowType.Int(64, true), false),
                TestTables.field("s", ArrowType.Utf8.INSTANCE, false)));
        List<List<Object>> values = new ArrayList<>();
        for (long i = 0; i < rows; i++) {
            values.add(List.of(i, "value-" + i));
        }
        return MemoryTable.fromRows(session.allocator(), schema, values);
    }

    @Test
    void aQueryOverTheLimitFailsNamingOperatorAndLimitAndTheSessionStaysUsable(EngineRuntime runtime) {
        RuntimeProfile small = RuntimeProfile.defaults().withMemoryLimitBytes(1L << 20);
        try (Session session = Sessions.builder(small).runtime(runtime).build();
             MemoryTable table = numbers(session, 200_000)) {
            session.register("numbers", table);
            long tableBytes = session.allocator().getAllocatedMemory();
            assertThatThrownBy(() -> session.execute("SELECT s, x FROM numbers ORDER BY s DESC"))
                    .isInstanceOfSatisfying(ResourceExhaustedException.class, e -> {
                        assertThat(e.limitBytes()).isEqualTo(1L << 20);
                        assertThat(e.operator()).isNotBlank();
                    })
                    .hasMessageContaining(Long.toString(1L << 20));
            // the failed query released its memory: only the table's own buffers remain
            assertThat(session.allocator().getAllocatedMemory()).isEqualTo(tableBytes);
            assertThat(session.execute("SELECT count(*) FROM numbers WHERE x < 10")).isEqualTo(1);
            session.deregister(TableName.of("numbers"));
        }
    }

    @Test
    void closingAStreamEarlyCancelsTheQueryAndReleasesItsMemory(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults().withBatchSize(1000)).runtime(runtime).build();
             MemoryTable table = numbers(session, 50_000)) {
            session.register("numbers", table);
            long before = session.allocator().getAllocatedMemory();
            BatchStream stream = session.sql("SELECT x * 2 AS y FROM numbers WHERE x % 3 = 0").stream();
            assertThat(stream.advance()).isTrue();
            assertThat(stream.current().getRowCount()).isPositive();
            stream.close();
            assertThat(session.allocator().getAllocatedMemory()).isEqualTo(before);
            session.deregister(TableName.of("numbers"));
        }
    }
}
