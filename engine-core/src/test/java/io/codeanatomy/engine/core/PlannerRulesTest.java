package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.internal.plan.RuleConfig;
import io.codeanatomy.engine.core.spi.planner.PlannerRule;
import io.codeanatomy.engine.core.spi.planner.PlannerRuleRegistrar;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rex.RexNode;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(io.codeanatomy.engine.core.testing.ArrowLeakCheck.class)
class PlannerRulesTest {
    /** A policy that rewrites every filter to also require {@code id <> 2} (e.g. hiding a row from this session). */
    static final class HideRowTwo extends RelRule<RuleConfig> {
        HideRowTwo(RuleConfig config) {
            super(config);
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Filter filter = call.rel(0);
            if (filter.getCondition().toString().contains("<>($0, 2)")) {
                return;
            }
            var b = call.builder().push(filter.getInput());
            RexNode hide = b.notEquals(b.field(0), b.literal(2));
            call.transformTo(b.filter(filter.getCondition(), hide).build());
        }
    }

    /** A rule that always fails, to check failures name the rule. */
    static final class Broken extends RelRule<RuleConfig> {
        Broken(RuleConfig config) {
            super(config);
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            throw new IllegalStateException("boom");
        }
    }

    static SessionExtension rules(PlannerRule... rules) {
        return new SessionExtension() {
            @Override
            public String id() {
                return "test.rules";
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public void install(ExtensionContext context) {
                PlannerRuleRegistrar registrar = context.registrar(PlannerRuleRegistrar.class);
                for (PlannerRule rule : rules) {
                    registrar.register(rule);
                }
            }
        };
    }

    @Test
    void policyRulesRewriteThePlanAndAreTracedAsSpans() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        RelRule<?> hide = (RelRule<?>) RuleConfig.of("HideRowTwo", b -> b.operand(Filter.class).anyInputs(), HideRowTwo::new).toRule();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            OpenTelemetry telemetry = OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
            try (EngineRuntime runtime = EngineRuntime.builder().telemetry(telemetry).build();
                 Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime)
                         .install(rules(new PlannerRule("test.hideRowTwo", PlannerRule.Stage.POLICY, 10, hide))).build();
                 var people = TestTables.people(session.allocator())) {
                session.register("people", people);
                DataFrame frame = session.sql("SELECT id FROM people WHERE id < 4 ORDER BY id");
                try (QueryResult result = frame.collect()) {
                    assertThat(result.rows()).containsExactly(List.of(1L), List.of(3L));
                }
                assertThat(frame.planBundle().trace()).anySatisfy(r -> {
                    assertThat(r.phase()).isEqualTo("policy:test.hideRowTwo");
                    assertThat(r.rule()).isEqualTo("HideRowTwo");
                });
                session.deregister(TableName.of("people"));
            }
            List<SpanData> ruleSpans = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("planner.rule")).toList();
            assertThat(ruleSpans).anySatisfy(s -> {
                assertThat(s.getAttributes().get(AttributeKey.stringKey("codeanatomy.planner.rule"))).isEqualTo("HideRowTwo");
                assertThat(s.getAttributes().get(AttributeKey.stringKey("codeanatomy.plan.digest_before"))).hasSize(64);
            });
        }
    }

    @Test
    void exprPlannersRewriteCallsAndRelationPlannersBuildPlans(EngineRuntime runtime) {
        SessionExtension ports = new SessionExtension() {
            @Override
            public String id() {
                return "test.ports";
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public void install(ExtensionContext context) {
                new ExtensionFunctionTest.SpanFunctions().install(context);
                PlannerRuleRegistrar registrar = context.registrar(PlannerRuleRegistrar.class);
                // span_len(a, b) is planned as b - a, so providers and the optimizer see plain arithmetic
                registrar.registerExprPlanner("span_len", (args, rex) ->
                        rex.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.MINUS, args.get(1), args.get(0)));
                registrar.registerRelationPlanner("older_than",
                        List.of(new io.codeanatomy.engine.core.spi.TableFunction.Parameter("age", Long.class, false)),
                        (args, b) -> b.scan("main", "people")
                                .filter(b.greaterThan(b.field("age"), b.literal(args.getFirst())))
                                .project(b.field("name"))
                                .build());
            }
        };
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).install(ports).build();
             var people = TestTables.people(session.allocator())) {
            session.register("people", people);
            DataFrame lengths = session.sql("SELECT span_len(id, age) FROM people WHERE id = 1");
            assertThat(lengths.explain()).doesNotContain("span_len");
            try (QueryResult result = lengths.collect()) {
                assertThat(result.rows()).containsExactly(List.of(35L));
            }
            try (QueryResult result = session.sql("SELECT name FROM TABLE(older_than(35)) ORDER BY name").collect()) {
                assertThat(result.rows()).containsExactly(List.of("ada"), List.of("alan"));
            }
            session.deregister(TableName.of("people"));
        }
    }

    @Test
    void aFailingRuleIsAPlanningErrorNamingIt() {
        RelRule<?> broken = (RelRule<?>) RuleConfig.of("BrokenRule", b -> b.operand(Filter.class).anyInputs(), Broken::new).toRule();
        try (Session session = Sessions.builder(RuntimeProfile.defaults())
                .install(rules(new PlannerRule("test.broken", PlannerRule.Stage.PHYSICAL, 0, broken))).build()) {
            assertThatThrownBy(() -> session.sql("SELECT * FROM (VALUES (1), (2)) AS t(x) WHERE x > 1"))
                    .isInstanceOf(PlanningException.class).hasMessageContaining("BrokenRule").hasMessageContaining("boom");
        }
    }
}
