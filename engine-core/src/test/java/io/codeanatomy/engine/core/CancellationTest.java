package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Queries cancelled from another thread, or by closing their session, stop, free their memory, and leave the session usable. */
@ExtendWith(ArrowLeakCheck.class)
class CancellationTest {
    private static final String SLOW = "SELECT count(*) FROM t a, t b, t c WHERE a.v + b.v + c.v >= 0";

    private static MemoryTable table(Session session) {
        return table(session.allocator());
    }

    private static MemoryTable table(org.apache.arrow.memory.BufferAllocator allocator) {
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 400; i++) {
            rows.add(List.of(i));
        }
        return MemoryTable.fromRows(allocator,
                new Schema(List.of(TestTables.field("v", new ArrowType.Int(64, true), false))), rows);
    }

    @Test
    void aRunningQueryIsCancelledAndTheSessionStaysUsable(EngineRuntime runtime) throws Exception {
        try (Session session = Sessions.builder(RuntimeProfile.defaults().withBatchSize(1024)).runtime(runtime).build();
             MemoryTable t = table(session)) {
            session.register("t", t);
            CompletableFuture<Object> query = CompletableFuture.supplyAsync(() -> {
                try (QueryResult result = session.sql(SLOW).collect()) {
                    return result.rows();
                } catch (RuntimeException e) {
                    return e;
                }
            });
            int cancelled = 0;
            while (cancelled == 0 && !query.isDone()) {
                cancelled = session.cancelRunningQueries();
                Thread.sleep(5);
            }
            assertThat(cancelled).isEqualTo(1);
            assertThat(query.get(30, TimeUnit.SECONDS)).isInstanceOf(QueryCancelledException.class);
            assertThat(((Exception) query.get()).getMessage()).contains("cancelled by the caller");
            try (QueryResult again = session.sql("SELECT count(*) FROM t").collect()) {
                assertThat(again.rows()).containsExactly(List.of(400L));
            }
            assertThat(session.cancelRunningQueries()).isZero();
        }
    }

    @Test
    void closingTheSessionCancelsItsQueriesAndReleasesTheirMemory(EngineRuntime runtime) throws Exception {
        Session session = Sessions.builder(RuntimeProfile.defaults().withBatchSize(1024)).runtime(runtime).build();
        // the table lives outside the session's memory, so it outlives the session while the query reads it
        org.apache.arrow.memory.BufferAllocator tables = runtime.rootAllocator().newChildAllocator("tables", 0, Long.MAX_VALUE);
        MemoryTable t = table(tables);
        session.register("t", t);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Object> query = CompletableFuture.supplyAsync(() -> {
            try (var stream = session.sql(SLOW).stream()) {
                started.countDown();
                while (stream.advance()) {
                    // drain
                }
                return "finished";
            } catch (RuntimeException e) {
                return e;
            }
        });
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        session.close();     // cancels the query and waits for it to release its memory, or the close would fail
        assertThat(query.get(30, TimeUnit.SECONDS)).isInstanceOf(QueryCancelledException.class);
        t.close();
        tables.close();
    }
}
