package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.spi.function.AggregateFunctionDef;
import io.codeanatomy.engine.core.spi.function.FunctionDoc;
import io.codeanatomy.engine.core.spi.function.FunctionRegistrar;
import io.codeanatomy.engine.core.spi.function.FunctionSignature;
import io.codeanatomy.engine.core.spi.function.GroupedAccumulator;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.core.spi.function.Volatility;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class ExtensionAggregateTest {
    private static final ArrowType BIGINT = new ArrowType.Int(64, true);
    private static final FunctionDoc DOC = new FunctionDoc("Product of the non-NULL values; NULL when there are none",
            "product(x)", "product(x) over 2, 3, NULL = 6");
    private static final String ROWS = "(VALUES ('a', 2), ('b', 5), ('a', 3), ('c', CAST(NULL AS BIGINT)), ('a', NULL), "
            + "('b', 7), ('a', 4)) AS t(g, x)";

    /** product(x): multiplies the non-NULL BIGINT values of a group; a group without any is NULL. Counts its calls. */
    static final class Products implements SessionExtension {
        final AtomicInteger updates = new AtomicInteger();
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public String id() {
            return "test.products";
        }

        @Override
        public String version() {
            return "1.0";
        }

        @Override
        public void install(ExtensionContext context) {
            context.registrar(FunctionRegistrar.class).registerAggregate(new AggregateFunctionDef("product", List.of("prod"),
                    List.of(FunctionSignature.of(BIGINT)), "BIGINT", Volatility.IMMUTABLE, DOC, id(), version(),
                    (arguments, result, allocator) -> {
                        assertThat(arguments).containsExactly(BIGINT);
                        opened.incrementAndGet();
                        return new GroupedAccumulator() {
                            long[] products = new long[0];
                            boolean[] seen = new boolean[0];

                            @Override
                            public void update(int[] groupIds, List<FieldVector> args, int rowCount) {
                                updates.incrementAndGet();
                                BigIntVector x = (BigIntVector) args.getFirst();
                                for (int i = 0; i < rowCount; i++) {
                                    int g = groupIds[i];
                                    if (g >= products.length) {
                                        int size = Math.max(g + 1, products.length * 2);
                                        products = Arrays.copyOf(products, size);
                                        seen = Arrays.copyOf(seen, size);
                                    }
                                    if (!x.isNull(i)) {
                                        products[g] = seen[g] ? products[g] * x.get(i) : x.get(i);
                                        seen[g] = true;
                                    }
                                }
                            }

                            @Override
                            public void write(int groupCount, FieldVector out) {
                                BigIntVector v = (BigIntVector) out;
                                v.allocateNew(groupCount);
                                for (int g = 0; g < groupCount; g++) {
                                    if (g < seen.length && seen[g]) {
                                        v.set(g, products[g]);
                                    } else {
                                        v.setNull(g);
                                    }
                                }
                                v.setValueCount(groupCount);
                            }

                            @Override
                            public void close() {
                                closed.incrementAndGet();
                            }
                        };
                    }));
        }
    }

    private static Session session(EngineRuntime runtime, SessionExtension... extensions) {
        var builder = Sessions.builder(RuntimeProfile.defaults().withBatchSize(2)).runtime(runtime);
        for (SessionExtension e : extensions) {
            builder.install(e);
        }
        return builder.build();
    }

    @Test
    void groupsAcrossSeveralBatches(EngineRuntime runtime) {
        Products products = new Products();
        try (Session session = session(runtime, products);
             QueryResult result = session.sql("SELECT g, product(x), PROD(x) FILTER (WHERE x > 2), product(DISTINCT x), count(*) "
                     + "FROM " + ROWS + " GROUP BY g ORDER BY g").collect()) {
            List<List<Object>> rows = new ArrayList<>(result.rows());
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0)).containsExactly("a", 24L, 12L, 24L, 4L);
            assertThat(rows.get(1)).containsExactly("b", 35L, 35L, 35L, 2L);
            assertThat(rows.get(2)).containsExactly("c", null, null, null, 1L);     // only NULLs: NULL
        }
        assertThat(products.updates.get()).isGreaterThan(3);                          // several batches per call
        assertThat(products.closed.get()).isEqualTo(products.opened.get()).isEqualTo(3);
    }

    @Test
    void emptyInput(EngineRuntime runtime) {
        Products products = new Products();
        try (Session session = session(runtime, products)) {
            try (QueryResult global = session.sql("SELECT product(x) FROM " + ROWS + " WHERE x > 100").collect()) {
                assertThat(global.rows()).hasSize(1);
                assertThat(global.rows().getFirst().getFirst()).isNull();           // one group, no rows: NULL
            }
            try (QueryResult grouped = session.sql("SELECT g, product(x) FROM " + ROWS + " WHERE x > 100 GROUP BY g").collect()) {
                assertThat(grouped.rows()).isEmpty();
            }
            try (QueryResult mixed = session.sql("SELECT product(x) * 2, sum(x) FROM " + ROWS).collect()) {
                assertThat(mixed.rows().getFirst()).containsExactly(2L * 2 * 5 * 3 * 7 * 4, 21L);
            }
        }
        assertThat(products.closed.get()).isEqualTo(products.opened.get());
    }

    @Test
    void listedAsAggregateRoutines(EngineRuntime runtime) {
        try (Session session = session(runtime, new Products());
             QueryResult result = session.sql("SELECT routine_name, routine_type, data_type, signatures, provider, alias_of "
                     + "FROM information_schema.routines ORDER BY routine_name").collect()) {
            assertThat(result.rows()).containsExactly(
                    List.of("prod", "AGGREGATE FUNCTION", "BIGINT", "product(BIGINT)", "test.products", "product"),
                    List.of("product", "AGGREGATE FUNCTION", "BIGINT", "product(BIGINT)", "test.products", ""));
        }
    }

    @Test
    void wrongArgumentsAndGrowingWindowFramesAreRejected(EngineRuntime runtime) {
        try (Session session = session(runtime, new Products())) {
            assertThatThrownBy(() -> session.sql("SELECT product('a')")).isInstanceOf(SqlException.class)
                    .hasMessageContaining("product(BIGINT)");
            // a running product would need an accumulator that can remove rows or be read before it ends
            assertThatThrownBy(() -> session.sql("SELECT product(x) OVER (PARTITION BY g ORDER BY x) FROM " + ROWS).collect().close())
                    .isInstanceOf(PlanningException.class).hasMessageContaining("cannot remove rows")
                    .hasMessageContaining("ROWS BETWEEN n PRECEDING AND m FOLLOWING");
        }
    }

    @Test
    void windowAggregateOverWholePartitions(EngineRuntime runtime) {
        Products products = new Products();
        try (Session session = session(runtime, products);
             QueryResult result = session.sql("SELECT g, x, product(x) OVER (PARTITION BY g), "
                     + "prod(x) OVER (PARTITION BY g ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), "
                     + "product(x) OVER () FROM " + ROWS + " ORDER BY g, x NULLS FIRST").collect()) {
            assertThat(result.rows()).containsExactly(
                    Arrays.asList("a", null, 24L, 24L, 2L * 5 * 3 * 7 * 4),
                    List.of("a", 2L, 24L, 24L, 2L * 5 * 3 * 7 * 4),
                    List.of("a", 3L, 24L, 24L, 2L * 5 * 3 * 7 * 4),
                    List.of("a", 4L, 24L, 24L, 2L * 5 * 3 * 7 * 4),
                    List.of("b", 5L, 35L, 35L, 2L * 5 * 3 * 7 * 4),
                    List.of("b", 7L, 35L, 35L, 2L * 5 * 3 * 7 * 4),
                    Arrays.asList("c", null, null, null, 2L * 5 * 3 * 7 * 4));
        }
        assertThat(products.closed.get()).isEqualTo(products.opened.get()).isPositive();
    }

    @Test
    void windowAggregateOverBoundedRowsFrames(EngineRuntime runtime) {
        try (Session session = session(runtime, new Products());
             QueryResult result = session.sql("SELECT x, product(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), "
                     + "product(x) OVER (ORDER BY x ROWS BETWEEN 3 FOLLOWING AND 4 FOLLOWING) FROM " + ROWS
                     + " WHERE x IS NOT NULL ORDER BY x").collect()) {
            assertThat(result.rows()).containsExactly(
                    List.of(2L, 2L, 5L * 7),
                    List.of(3L, 6L, 7L),
                    Arrays.asList(4L, 12L, null),      // an empty frame is NULL
                    Arrays.asList(5L, 20L, null),
                    Arrays.asList(7L, 35L, null));
        }
    }

    @Test
    void namesAreUniqueAndCannotShadowBuiltIns(EngineRuntime runtime) {
        SessionExtension sum = extension("test.sum", r -> r.registerAggregate(aggregate("sum")));
        assertThatThrownBy(() -> session(runtime, sum)).isInstanceOf(CatalogException.class).hasMessageContaining("built-in");
        SessionExtension twice = extension("test.twice", r -> {
            r.registerScalar(new ScalarFunctionDef("spans", List.of(), List.of(FunctionSignature.of(BIGINT)), "BIGINT",
                    Volatility.IMMUTABLE, DOC, "p", "1", (a, n, f, al) -> null));
            r.registerAggregate(aggregate("spans"));
        });
        assertThatThrownBy(() -> session(runtime, twice)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("'spans' is already registered");
        assertThatThrownBy(() -> session(runtime, new Products(), new SessionExtension() {
            @Override
            public String id() {
                return "test.other";
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public void install(ExtensionContext context) {
                context.registrar(FunctionRegistrar.class).registerAggregate(aggregate("prod"));
            }
        })).isInstanceOf(CatalogException.class).hasMessageContaining("'prod' is already registered by test.products");
        assertThatThrownBy(() -> aggregate("Bad-Name")).hasMessageContaining("Bad-Name");
    }

    private static AggregateFunctionDef aggregate(String name) {
        return new AggregateFunctionDef(name, List.of(), List.of(FunctionSignature.of(BIGINT)), "BIGINT", Volatility.IMMUTABLE,
                DOC, "p", "1", (arguments, result, allocator) -> {
                    throw new AssertionError("never called");
                });
    }

    private static SessionExtension extension(String id, java.util.function.Consumer<FunctionRegistrar> body) {
        return TestExtensions.extension(id, context -> body.accept(context.registrar(FunctionRegistrar.class)));
    }
}
