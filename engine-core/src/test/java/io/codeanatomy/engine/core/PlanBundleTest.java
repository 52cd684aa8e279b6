package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.plan.FilterContract;
import io.codeanatomy.engine.core.plan.PlanBundle;
import io.codeanatomy.engine.core.plan.RuleApplication;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.FilterSupport;
import io.codeanatomy.engine.core.spi.ScanRequest;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class PlanBundleTest {
    private Session session;
    private MemoryTable people;

    /** Answers {@code support} for every filter and stamps a version; the engine still filters (as INEXACT would). */
    record AnsweringTable(MemoryTable table, FilterSupport support, String version) implements TableProvider {
        @Override
        public Schema schema() {
            return table.schema();
        }

        @Override
        public FilterSupport filterSupport(SessionView session, Expression filter) {
            return support;
        }

        @Override
        public Optional<String> versionIdentity(SessionView session) {
            return Optional.of(version);
        }

        @Override
        public BatchStream scan(SessionView session, ScanRequest request) {
            return table.scan(session, request);
        }
    }

    @BeforeEach
    void setUp(EngineRuntime runtime) {
        session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
        people = TestTables.people(session.allocator());
        session.register("people", people);
    }

    @AfterEach
    void tearDown() {
        people.close();
        session.close();
    }

    @Test
    void bundlesRoundTripThroughJson() {
        PlanBundle bundle = session.sql("SELECT name, age + 1 AS older FROM people WHERE age > 30 ORDER BY name").planBundle();
        PlanBundle decoded = PlanBundle.fromJson(bundle.toJson());
        assertThat(decoded).isEqualTo(bundle);
        assertThat(bundle.trace()).isNotEmpty();
        assertThat(bundle.physical().root().operator()).isEqualTo("Sort");
        // the decorrelator runs only when a correlate is left to remove (SubqueryJoinTest)
        assertThat(bundle.manifest().phaseMillis()).containsKeys("logical", "logical.validate", "logical.convert",
                "logical.trim", "optimize.logical", "optimize.scan", "physical").doesNotContainKey("logical.decorrelate");
    }

    /**
     * A join of two inputs is rebuilt as written, without a join-order search (there is nothing to order; the physical
     * planner picks the side to build); inner joins of three inputs are ordered greedily, and Calcite's Lopt keeps the
     * joins that hold an outer join.
     */
    @Test
    void innerJoinsAreOrderedGreedilyAndOuterJoinsByLopt() {
        PlanBundle two = session.sql("SELECT a.name, b.name FROM people a JOIN people b ON a.id = b.age").planBundle();
        assertThat(two.trace()).extracting(RuleApplication::rule)
                .contains("GreedyJoinOrder").noneMatch(rule -> rule.contains("LoptOptimizeJoinRule"));
        PlanBundle three = session.sql("SELECT a.name FROM people a, people b, people c "
                + "WHERE a.id = b.age AND b.id = c.age").planBundle();
        assertThat(three.trace()).extracting(RuleApplication::rule)
                .contains("GreedyJoinOrder").noneMatch(rule -> rule.contains("LoptOptimizeJoinRule"));
        PlanBundle outer = session.sql("SELECT a.name FROM people a JOIN people b ON a.id = b.age "
                + "LEFT JOIN people c ON b.id = c.age").planBundle();
        assertThat(outer.trace()).extracting(RuleApplication::rule)
                .anyMatch(rule -> rule.contains("LoptOptimizeJoinRule"));
    }

    /** Phases whose rules could not match are not run: the join phases need a join, the window phase a window. */
    @Test
    void onlyPhasesThatCanMatchRun() {
        assertThat(session.sql("SELECT name FROM people WHERE age > 30").planBundle().manifest().phaseMillis())
                .containsKeys("optimize.logical", "optimize.scan")
                .doesNotContainKeys("optimize.window", "optimize.join-order", "optimize.join-or-filters");
        assertThat(session.sql("SELECT a.name FROM people a JOIN people b ON a.id = b.age").planBundle().manifest()
                .phaseMillis()).containsKey("optimize.join-order")
                .doesNotContainKeys("optimize.window", "optimize.join-or-filters");
        assertThat(session.sql("SELECT a.name FROM people a JOIN people b ON a.id = b.age AND (a.age > 1 OR b.age > 2)")
                .planBundle().manifest().phaseMillis()).containsKeys("optimize.join-order", "optimize.join-or-filters");
        assertThat(session.sql("SELECT name, row_number() OVER (ORDER BY age) FROM people").planBundle().manifest()
                .phaseMillis()).containsKey("optimize.window").doesNotContainKey("optimize.join-order");
    }

    @Test
    void identityIgnoresWhitespaceCommentsAndKeywordCase() {
        String a = session.sql("SELECT name FROM people WHERE age > 30").planBundle().planIdentity();
        String b = session.sql("select   name\n-- a comment\nFROM people /* another */ where AGE>30").planBundle().planIdentity();
        assertThat(b).isEqualTo(a);
        assertThat(session.sql("SELECT name FROM people WHERE age > 31").planBundle().planIdentity()).isNotEqualTo(a);
        PlanBundle first = session.sql("SELECT name FROM people WHERE age > 30").planBundle();
        PlanBundle second = session.sql("SELECT name FROM people WHERE age > 30").planBundle();
        assertThat(second.trace()).isEqualTo(first.trace());
        assertThat(second.diff(first)).isEmpty();
        assertThat(session.sql("SELECT id FROM people").planBundle().diff(first)).isNotEmpty();
        // the frame's own identity and tables, made without the bundle, are the bundle's
        DataFrame frame = session.sql("SELECT name FROM people WHERE age > 30");
        assertThat(frame.planIdentity()).isEqualTo(a);
        assertThat(frame.referencedTables()).isEqualTo(first.lineage().referencedTables()).isNotEmpty();
    }

    @Test
    void identityChangesWithProfileTableVersionAndFunctions(EngineRuntime runtime) {
        String query = "SELECT name FROM versioned WHERE age > 30";
        try (Session v1 = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime)
                .register("versioned", new AnsweringTable(people, FilterSupport.INEXACT, "1")).build();
             Session v2 = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime)
                     .register("versioned", new AnsweringTable(people, FilterSupport.INEXACT, "2")).build();
             Session otherProfile = Sessions.builder(RuntimeProfile.defaults().withBatchSize(1024)).runtime(runtime)
                     .register("versioned", new AnsweringTable(people, FilterSupport.INEXACT, "1")).build();
             Session withFunctions = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime)
                     .install(new ExtensionFunctionTest.SpanFunctions())
                     .register("versioned", new AnsweringTable(people, FilterSupport.INEXACT, "1")).build();
             Session same = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime)
                     .register("versioned", new AnsweringTable(people, FilterSupport.INEXACT, "1")).build()) {
            String base = v1.sql(query).planBundle().planIdentity();
            assertThat(same.sql(query).planBundle().planIdentity()).isEqualTo(base);
            assertThat(v2.sql(query).planBundle().planIdentity()).isNotEqualTo(base);
            assertThat(otherProfile.sql(query).planBundle().planIdentity()).isNotEqualTo(base);
            assertThat(withFunctions.sql(query).planBundle().planIdentity()).isNotEqualTo(base);
        }
    }

    @Test
    void identityIncludesTheFunctionRegistry(EngineRuntime runtime) {
        String query = "SELECT name FROM people WHERE age > 30";
        SessionExtension newerFrames = new ExtensionWindowTest.FrameFunctions() {
            @Override
            public String version() {
                return "1.1";
            }
        };
        List<List<SessionExtension>> registries = List.of(List.of(), List.of(new ExtensionWindowTest.FrameFunctions()),
                List.of(newerFrames), List.of(new ExtensionAggregateTest.Products()),
                List.of(new ExtensionAggregateTest.Products(), new ExtensionWindowTest.FrameFunctions()));
        List<String> identities = new java.util.ArrayList<>();
        for (List<SessionExtension> extensions : registries) {
            identities.add(identityWith(runtime, query, extensions));
        }
        // every registry its own identity; the same registry the same identity, whatever the install order
        assertThat(identities).doesNotHaveDuplicates();
        assertThat(identityWith(runtime, query, List.of(new ExtensionWindowTest.FrameFunctions(), new ExtensionAggregateTest.Products())))
                .isEqualTo(identities.getLast());
        assertThat(identityWith(runtime, query, List.of(new ExtensionWindowTest.FrameFunctions()))).isEqualTo(identities.get(1));
        assertThat(identityWith(runtime, query, List.of())).isEqualTo(session.sql(query).planBundle().planIdentity())
                .isEqualTo(identities.getFirst());
    }

    private String identityWith(EngineRuntime runtime, String query, List<SessionExtension> extensions) {
        var builder = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime);
        extensions.forEach(builder::install);
        try (Session s = builder.build()) {
            s.register("people", people);
            return s.sql(query).planBundle().planIdentity();
        }
    }

    @Test
    void thePhysicalPlanHonorsThePushdownContract(EngineRuntime runtime) {
        for (FilterSupport support : FilterSupport.values()) {
            // the answering table never filters rows itself, so only INEXACT/UNSUPPORTED keep correct results;
            // for EXACT we check the contract and that the engine did not filter again
            try (Session s = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime)
                    .register("t", new AnsweringTable(people, support, "1")).build()) {
                DataFrame frame = s.sql("SELECT name FROM t WHERE age > 30");
                PlanBundle bundle = frame.planBundle();
                FilterContract contract = bundle.pushdown().getFirst().filters().getFirst();
                assertThat(contract.support()).isEqualTo(support);
                assertThat(contract.evaluatedAt()).isEqualTo(FilterContract.placeOf(support));
                assertThat(bundle.physical().text().contains("Filter")).isEqualTo(support != FilterSupport.EXACT);
                if (support != FilterSupport.EXACT) {
                    try (QueryResult result = frame.collect()) {
                        assertThat(result.rows()).containsExactlyInAnyOrder(List.of("ada"), List.of("alan"));
                    }
                }
            }
        }
    }

    @Test
    void lineageTracesOutputColumnsToTheirSources() {
        PlanBundle bundle = session.sql("SELECT name, age + id AS total FROM people WHERE age > 30").planBundle();
        assertThat(bundle.lineage().columnSources()).containsEntry("name", List.of("main.people.name"))
                .containsEntry("total", List.of("main.people.age", "main.people.id"));
        assertThat(bundle.lineage().referencedTables()).containsExactly("main.people");
        assertThat(bundle.lineage().requiredColumns().get("main.people")).containsExactly("age", "id", "name");
    }

    @Test
    void explainVerboseAndJson() {
        try (QueryResult verbose = session.sql("EXPLAIN VERBOSE SELECT name FROM people WHERE age > 30").collect();
             QueryResult json = session.sql("EXPLAIN (FORMAT JSON) SELECT name FROM people WHERE age > 30").collect()) {
            assertThat((String) verbose.rows().getFirst().getFirst()).contains("Pushdown:").contains("Plan identity:");
            PlanBundle bundle = PlanBundle.fromJson((String) json.rows().getFirst().getFirst());
            assertThat(bundle.planIdentity()).isEqualTo(session.sql("SELECT name FROM people WHERE age > 30").planBundle().planIdentity());
        }
    }

    @Test
    void identityIsTheSameInAnotherJvm(EngineRuntime runtime) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process process = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"), IdentityMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        try (Session withFunctions = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime)
                .install(IdentityMain.FUNCTIONS.get()).build()) {
            withFunctions.register("people", people);
            assertThat(output).isEqualTo(IdentityMain.identity(session) + "\n" + IdentityMain.identity(withFunctions));
        }
    }

    /** Prints the plan identity of a fixed query in a fresh JVM. */
    public static final class IdentityMain {
        static String identity(Session session) {
            return session.sql("SELECT name, count(*) FROM people WHERE age > 30 GROUP BY name ORDER BY name").planBundle().planIdentity();
        }

        /** Extensions whose functions (scalar, aggregate, window) enter the second identity. */
        static final java.util.function.Supplier<SessionExtension[]> FUNCTIONS = () -> new SessionExtension[] {
                new ExtensionFunctionTest.SpanFunctions(), new ExtensionAggregateTest.Products(), new ExtensionWindowTest.FrameFunctions()};

        public static void main(String[] args) {
            try (Session session = Sessions.builder(RuntimeProfile.defaults()).build();
                 Session withFunctions = Sessions.builder(RuntimeProfile.defaults()).install(FUNCTIONS.get()).build();
                 MemoryTable table = TestTables.people(session.allocator())) {
                session.register("people", table);
                withFunctions.register("people", table);
                System.out.println(identity(session));
                System.out.println(identity(withFunctions));
                session.deregister(TableName.of("people"));
                withFunctions.deregister(TableName.of("people"));
            }
        }
    }
}
