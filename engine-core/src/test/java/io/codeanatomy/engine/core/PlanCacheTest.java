package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.codeanatomy.engine.core.spi.function.FunctionDoc;
import io.codeanatomy.engine.core.spi.function.FunctionRegistrar;
import io.codeanatomy.engine.core.spi.function.FunctionSignature;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.core.spi.function.Volatility;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session's plan cache ({@code CacheSettings.planCacheEntries}): a query run again reuses its plan only while the
 * plan would give what a fresh one gives. Each {@code sql.plan} span says what the cache did. The tests run on their
 * own traced runtime and check it for leaked Arrow memory themselves.
 */
class PlanCacheTest {
    private static final AttributeKey<String> CACHE = AttributeKey.stringKey("codeanatomy.plan.cache");
    private static final String JOIN = "SELECT p.name, q.age FROM people p JOIN people q ON p.id = q.id WHERE q.age > 30"
            + " ORDER BY p.name";
    private static final List<List<Object>> JOINED = List.of(List.of("ada", 36), List.of("alan", 41));

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private SdkTracerProvider tracing;
    private EngineRuntime runtime;
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    @BeforeEach
    void setUp() {
        tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        OpenTelemetry telemetry = OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
        runtime = EngineRuntime.builder().telemetry(telemetry).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeLast.reversed()) {
            c.close();
        }
        long leaked = runtime.rootAllocator().getAllocatedMemory();
        runtime.close();
        assertThat(leaked).as("Arrow bytes still allocated").isZero();
        tracing.close();
    }

    private Session session(RuntimeProfile profile, SessionExtension... extensions) {
        Session session = Sessions.builder(profile).runtime(runtime).install(extensions).build();
        closeLast.add(session);
        MemoryTable people = TestTables.people(session.allocator());
        closeLast.add(people);
        session.register("people", people);
        return session;
    }

    private Session session() {
        return session(RuntimeProfile.defaults().withSql(SqlPolicy.readWrite()));
    }

    private static List<List<Object>> rows(Session session, String sql, Object... params) {
        try (QueryResult result = session.sql(sql, params).collect()) {
            return result.rows();
        }
    }

    /** What the plan cache did for each query planned so far, in order. */
    private List<String> cacheDecisions() {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("sql.plan"))
                .map(SpanData::getAttributes).map(a -> a.get(CACHE)).filter(d -> d != null).toList();
    }

    @Test
    void aQueryRunAgainReusesItsPlan() {
        Session session = session();
        for (int run = 0; run < 3; run++) {
            assertThat(rows(session, JOIN)).isEqualTo(JOINED);
        }
        assertThat(cacheDecisions()).containsExactly("miss", "hit", "hit");
    }

    @Test
    void aReusedPlanReadsTheTablesDataAsItIsNow() {
        Session session = session();
        session.execute("CREATE TABLE t (x BIGINT)");
        session.execute("INSERT INTO t VALUES (1)");
        assertThat(rows(session, "SELECT sum(x) FROM t")).containsExactly(List.of(1L));
        session.execute("INSERT INTO t VALUES (2)");
        assertThat(rows(session, "SELECT sum(x) FROM t")).containsExactly(List.of(3L));
        assertThat(cacheDecisions()).containsExactly("miss", "hit");
    }

    @Test
    void aCatalogChangePlansAgain() {
        Session session = session();
        session.execute("CREATE VIEW v AS SELECT name FROM people WHERE id = 1");
        assertThat(rows(session, "SELECT * FROM v")).containsExactly(List.of("ada"));
        session.execute("CREATE OR REPLACE VIEW v AS SELECT name FROM people WHERE id = 2");
        assertThat(rows(session, "SELECT * FROM v")).containsExactly(List.of("alan"));
        session.deregister(TableName.parse("people"));
        session.register("people", closing(TestTables.of(session.allocator(), List.of(List.of(2L, "bob")), "id", "name")));
        assertThat(rows(session, "SELECT * FROM v")).containsExactly(List.of("bob"));
        assertThat(rows(session, "SELECT * FROM v")).containsExactly(List.of("bob"));
        assertThat(cacheDecisions()).containsExactly("miss", "miss", "miss", "hit");
    }

    @Test
    void aViewCreatedAgainWithTheSameTextFindsItsPlan() {
        Session session = session();
        for (int run = 0; run < 3; run++) {
            session.execute("CREATE VIEW adults AS SELECT id, name FROM people WHERE age >= 30");
            assertThat(rows(session, "SELECT name FROM adults ORDER BY id")).containsExactly(List.of("ada"), List.of("alan"));
            session.execute("DROP VIEW adults");
        }
        session.execute("CREATE VIEW adults AS SELECT id, name FROM people WHERE age >= 40");
        assertThat(rows(session, "SELECT name FROM adults ORDER BY id")).containsExactly(List.of("alan"));
        assertThat(cacheDecisions()).containsExactly("miss", "hit", "hit", "miss");
    }

    @Test
    void parametersArePartOfTheKey() {
        Session session = session();
        String sql = "SELECT name FROM people WHERE id = ?";
        assertThat(rows(session, sql, 1L)).containsExactly(List.of("ada"));
        assertThat(rows(session, sql, 2L)).containsExactly(List.of("alan"));
        assertThat(rows(session, sql, 1L)).containsExactly(List.of("ada"));
        assertThat(rows(session, sql, 1)).containsExactly(List.of("ada"));     // an Integer is another key
        assertThat(cacheDecisions()).containsExactly("miss", "miss", "hit", "miss");
    }

    @Test
    void theClockAndRandomNumbersAreNeverReused() {
        Session session = session();
        for (int run = 0; run < 2; run++) {
            rows(session, "SELECT CURRENT_TIMESTAMP FROM people");
            rows(session, "SELECT name FROM people WHERE rand() < 2");
        }
        assertThat(cacheDecisions()).containsExactly("not_reusable", "not_reusable", "not_reusable", "not_reusable");
    }

    @Test
    void aStableFunctionIsEvaluatedAgainForEveryStatement() {
        AtomicLong statements = new AtomicLong();
        SessionExtension counter = TestExtensions.extension("test.counter", context -> context.registrar(FunctionRegistrar.class)
                .registerScalar(new ScalarFunctionDef("statement_number", List.of(), List.of(FunctionSignature.of()),
                        "BIGINT", Volatility.STABLE, new FunctionDoc("A number per call", "statement_number()", ""),
                        "test.counter", "1", (args, rows, result, allocator) -> {
                            BigIntVector out = (BigIntVector) result.createVector(allocator);
                            out.allocateNew(rows);
                            long number = statements.incrementAndGet();
                            for (int i = 0; i < rows; i++) {
                                out.set(i, number);
                            }
                            out.setValueCount(rows);
                            return out;
                        })));
        Session session = session(RuntimeProfile.defaults(), counter);
        String sql = "SELECT statement_number() FROM people WHERE id = 1";
        long first = (Long) rows(session, sql).getFirst().getFirst();
        long second = (Long) rows(session, sql).getFirst().getFirst();
        assertThat(second).isGreaterThan(first);
        assertThat(cacheDecisions()).containsExactly("not_reusable", "not_reusable");
    }

    @Test
    void aTableFunctionIsBoundAgainAtEveryRun() {
        AtomicInteger binds = new AtomicInteger();
        SessionExtension numbers = TestExtensions.extension("test.numbers", context -> context.registerTableFunction(new TableFunction() {
            @Override
            public String name() {
                return "bound_count";
            }

            @Override
            public List<Parameter> parameters() {
                return List.of();
            }

            @Override
            public TableProvider bind(SessionView view, List<Object> arguments) {
                long bind = binds.incrementAndGet();
                return closing(TestTables.of(context.allocator(), List.of(List.of(bind)), "n"));
            }
        }));
        Session session = session(RuntimeProfile.defaults(), numbers);
        long first = (Long) rows(session, "SELECT n FROM TABLE(bound_count())").getFirst().getFirst();
        long second = (Long) rows(session, "SELECT n FROM TABLE(bound_count())").getFirst().getFirst();
        assertThat(second).as("the second run reads a table bound after the first run's").isGreaterThan(first);
        assertThat(cacheDecisions()).containsExactly("not_reusable", "not_reusable");
    }

    @Test
    void aProfileWithoutPlanCacheEntriesPlansEveryRun() {
        Session session = session(RuntimeProfile.defaults().withCache(CacheSettings.defaults().withPlanCacheEntries(0)));
        rows(session, JOIN);
        rows(session, JOIN);
        assertThat(cacheDecisions()).containsExactly("off", "off");
    }

    @Test
    void theLeastRecentlyUsedPlanLeavesFirst() {
        Session session = session(RuntimeProfile.defaults().withCache(CacheSettings.defaults().withPlanCacheEntries(2)));
        for (String sql : List.of("SELECT 1 FROM people", "SELECT 2 FROM people", "SELECT 1 FROM people",
                "SELECT 3 FROM people", "SELECT 1 FROM people", "SELECT 2 FROM people")) {
            rows(session, sql);
        }
        assertThat(cacheDecisions()).containsExactly("miss", "miss", "hit", "miss", "hit", "miss");
    }

    @Test
    void threadsShareOnePlanSafely() throws Exception {
        Session session = session();
        assertThat(rows(session, JOIN)).isEqualTo(JOINED);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> identities = new ArrayList<>();
            for (int task = 0; task < 32; task++) {
                identities.add(pool.submit(() -> {
                    DataFrame frame = session.sql(JOIN);
                    try (QueryResult result = frame.collect()) {
                        assertThat(result.rows()).isEqualTo(JOINED);
                    }
                    return frame.planBundle().planIdentity();
                }));
            }
            List<String> distinct = new ArrayList<>();
            for (Future<String> identity : identities) {
                String value = identity.get();
                if (!distinct.contains(value)) {
                    distinct.add(value);
                }
            }
            assertThat(distinct).hasSize(1).containsExactly(session.sql(JOIN).planIdentity());
        } finally {
            pool.shutdown();
        }
        assertThat(cacheDecisions()).hasSize(34).containsOnlyOnce("miss");
    }

    private <T extends AutoCloseable> T closing(T resource) {
        closeLast.add(resource);
        return resource;
    }
}
