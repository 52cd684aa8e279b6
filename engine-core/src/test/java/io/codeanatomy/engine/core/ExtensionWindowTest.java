package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.spi.function.FunctionDoc;
import io.codeanatomy.engine.core.spi.function.FunctionRegistrar;
import io.codeanatomy.engine.core.spi.function.FunctionSignature;
import io.codeanatomy.engine.core.spi.function.Volatility;
import io.codeanatomy.engine.core.spi.function.WindowFunctionDef;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class ExtensionWindowTest {
    private static final ArrowType BIGINT = new ArrowType.Int(64, true);
    private static final String ROWS = "(VALUES ('a', 1, 10), ('a', 2, 20), ('a', 2, 30), ('a', 5, CAST(NULL AS INTEGER)), "
            + "('a', CAST(NULL AS INTEGER), 50), ('b', 7, 70), ('b', 9, 90)) AS t(g, k, x)";

    /**
     * frame_total(x): the sum of x over each row's frame, read from the partition's frames (a reference for built-in
     * SUM); peer_size(): the size of each row's peer group. Counts partitions.
     */
    static class FrameFunctions implements SessionExtension {
        final AtomicInteger partitions = new AtomicInteger();

        @Override
        public String id() {
            return "test.frames";
        }

        @Override
        public String version() {
            return "1.0";
        }

        @Override
        public void install(ExtensionContext context) {
            FunctionRegistrar registrar = context.registrar(FunctionRegistrar.class);
            registrar.registerWindow(new WindowFunctionDef("frame_total", List.of("ft"), List.of(FunctionSignature.of(BIGINT)),
                    "BIGINT", Volatility.IMMUTABLE, new FunctionDoc("Sum of x over the frame", "frame_total(x) OVER (...)", ""),
                    id(), version(), (partition, out) -> {
                        partitions.incrementAndGet();
                        BigIntVector x = (BigIntVector) partition.arguments().getFirst();
                        BigIntVector result = (BigIntVector) out;
                        result.allocateNew(partition.rowCount());
                        for (int i = 0; i < partition.rowCount(); i++) {
                            long sum = 0;
                            boolean any = false;
                            for (int j = partition.frameStart(i); j < partition.frameEnd(i); j++) {
                                if (!x.isNull(j)) {
                                    sum += x.get(j);
                                    any = true;
                                }
                            }
                            if (any) {
                                result.set(i, sum);
                            } else {
                                result.setNull(i);
                            }
                        }
                        result.setValueCount(partition.rowCount());
                    }));
            registrar.registerWindow(new WindowFunctionDef("peer_size", List.of(), List.of(FunctionSignature.of()), "BIGINT",
                    Volatility.IMMUTABLE, new FunctionDoc("Rows in the peer group", "peer_size() OVER (...)", ""), id(), version(),
                    (partition, out) -> {
                        BigIntVector result = (BigIntVector) out;
                        result.allocateNew(partition.rowCount());
                        for (int i = 0; i < partition.rowCount(); i++) {
                            result.set(i, partition.peerEnd(i) - partition.peerStart(i));
                        }
                        result.setValueCount(partition.rowCount());
                    }));
            registrar.registerWindow(new WindowFunctionDef("short_write", List.of(), List.of(FunctionSignature.of()), "BIGINT",
                    Volatility.IMMUTABLE, new FunctionDoc("Forgets the value count", "short_write() OVER (...)", ""), id(),
                    version(), (partition, out) -> out.setValueCount(0)));
        }
    }

    private static Session session(EngineRuntime runtime, SessionExtension... extensions) {
        var builder = Sessions.builder(RuntimeProfile.defaults().withBatchSize(3)).runtime(runtime);
        for (SessionExtension e : extensions) {
            builder.install(e);
        }
        return builder.build();
    }

    @Test
    void framesMatchTheBuiltInSum(EngineRuntime runtime) {
        FrameFunctions functions = new FrameFunctions();
        List<String> frames = List.of("", "ORDER BY k", "ORDER BY k DESC NULLS LAST",
                "ORDER BY k ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING",
                "ORDER BY k RANGE BETWEEN 1 PRECEDING AND CURRENT ROW",
                "ORDER BY k RANGE BETWEEN CURRENT ROW AND 3 FOLLOWING",
                "ORDER BY k DESC RANGE BETWEEN 2 PRECEDING AND 1 PRECEDING",
                "ORDER BY k RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING");
        try (Session session = session(runtime, functions)) {
            for (String frame : frames) {
                String window = "(PARTITION BY g " + frame + ")";
                try (QueryResult result = session.sql("SELECT frame_total(x) OVER " + window + ", sum(x) OVER " + window
                        + ", FT(x) OVER " + window + " FROM " + ROWS).collect()) {
                    assertThat(result.rows()).hasSize(7);
                    for (List<Object> row : result.rows()) {
                        assertThat(row.get(0)).as(frame).isEqualTo(row.get(1) == null ? null : ((Number) row.get(1)).longValue());
                        assertThat(row.get(2)).isEqualTo(row.get(0));
                    }
                }
            }
        }
        assertThat(functions.partitions.get()).isEqualTo(frames.size() * 2 * 2);   // two partitions, two calls per query
    }

    @Test
    void peerGroupsFollowTheOrderKeys(EngineRuntime runtime) {
        try (Session session = session(runtime, new FrameFunctions());
             QueryResult result = session.sql("SELECT g, k, peer_size() OVER (PARTITION BY g ORDER BY k), "
                     + "peer_size() OVER (PARTITION BY g) FROM " + ROWS + " ORDER BY g, k NULLS FIRST, x").collect()) {
            List<List<Object>> rows = new ArrayList<>(result.rows());
            assertThat(rows.stream().map(r -> r.get(2)).toList()).containsExactly(1L, 1L, 2L, 2L, 1L, 1L, 1L);
            assertThat(rows.stream().map(r -> r.get(3)).toList()).containsExactly(5L, 5L, 5L, 5L, 5L, 2L, 2L);
        }
    }

    @Test
    void planLineageNamesTheWindowFunction(EngineRuntime runtime) {
        try (Session session = session(runtime, new FrameFunctions())) {
            var lineage = session.sql("SELECT ft(x) OVER (PARTITION BY g) FROM " + ROWS).planBundle().lineage();
            assertThat(lineage.requiredFunctions()).containsExactly("ft");
            assertThat(lineage.referencedFunctions()).contains("ft");
        }
    }

    @Test
    void listedAsWindowRoutines(EngineRuntime runtime) {
        try (Session session = session(runtime, new FrameFunctions());
             QueryResult result = session.sql("SELECT routine_name, routine_type, signatures, alias_of FROM information_schema.routines "
                     + "WHERE routine_name IN ('frame_total', 'ft', 'peer_size') ORDER BY routine_name").collect()) {
            assertThat(result.rows()).containsExactly(
                    List.of("frame_total", "WINDOW FUNCTION", "frame_total(BIGINT)", ""),
                    List.of("ft", "WINDOW FUNCTION", "frame_total(BIGINT)", "frame_total"),
                    List.of("peer_size", "WINDOW FUNCTION", "peer_size()", ""));
        }
    }

    @Test
    void misuseIsReported(EngineRuntime runtime) {
        try (Session session = session(runtime, new FrameFunctions())) {
            assertThatThrownBy(() -> session.sql("SELECT frame_total(x) FROM " + ROWS).collect().close())
                    .hasMessageContaining("OVER");
            assertThatThrownBy(() -> session.sql("SELECT frame_total('a') OVER () FROM " + ROWS).collect().close())
                    .isInstanceOf(SqlException.class).hasMessageContaining("frame_total(BIGINT)");
            assertThatThrownBy(() -> session.sql("SELECT short_write() OVER (PARTITION BY g) FROM " + ROWS).collect().close())
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("short_write (test.frames 1.0) wrote 0 values");
        }
        assertThatThrownBy(() -> session(runtime, new FrameFunctions(), new FrameFunctions() {
            @Override
            public String id() {
                return "test.frames.again";
            }
        })).isInstanceOf(CatalogException.class).hasMessageContaining("'frame_total' is already registered by test.frames");
    }
}
