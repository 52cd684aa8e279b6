package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlPolicyTest {
    @Test
    void readOnlyProfilesRefuseDdlAndDmlNamingKindAndRule() {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).build()) {
            assertThatThrownBy(() -> session.sql("CREATE VIEW v AS SELECT 1"))
                    .isInstanceOfSatisfying(SqlPolicyViolation.class, e -> {
                        assertThat(e.kind()).isEqualTo(StatementKind.CREATE_VIEW);
                        assertThat(e.rule()).isEqualTo("sql.allowDdl");
                    })
                    .hasMessageContaining("CREATE_VIEW").hasMessageContaining("default");
            assertThatThrownBy(() -> session.sql("DELETE FROM t WHERE x = 1"))
                    .isInstanceOfSatisfying(SqlPolicyViolation.class, e -> assertThat(e.rule()).isEqualTo("sql.allowDml"));
            assertThatThrownBy(() -> session.sql("DROP TABLE t"))
                    .isInstanceOfSatisfying(SqlPolicyViolation.class, e -> assertThat(e.kind()).isEqualTo(StatementKind.DROP_TABLE));
        }
    }

    @Test
    void allowedStatementKindsNarrowWhatRuns() {
        SqlPolicy onlyViews = SqlPolicy.readWrite().withAllowedStatementKinds(EnumSet.of(StatementKind.SELECT, StatementKind.CREATE_VIEW));
        try (Session session = Sessions.builder(RuntimeProfile.defaults().withSql(onlyViews)).build()) {
            session.execute("CREATE VIEW answer AS SELECT 42 AS x");
            try (QueryResult result = session.sql("SELECT x FROM answer").collect()) {
                assertThat(result.rows()).containsExactly(List.of(42));
            }
            assertThatThrownBy(() -> session.sql("DROP VIEW answer"))
                    .isInstanceOfSatisfying(SqlPolicyViolation.class, e -> assertThat(e.rule()).isEqualTo("sql.allowedStatementKinds"));
            assertThatThrownBy(() -> session.sql("EXPLAIN SELECT 1"))
                    .isInstanceOf(SqlPolicyViolation.class);
        }
    }

    @Test
    void explainAnalyzeIsCheckedForTheStatementItRuns() {
        SqlPolicy noDml = SqlPolicy.readOnly();
        try (Session session = Sessions.builder(RuntimeProfile.defaults().withSql(noDml)).build()) {
            assertThatThrownBy(() -> session.sql("EXPLAIN ANALYZE DELETE FROM t WHERE x = 1"))
                    .isInstanceOfSatisfying(SqlPolicyViolation.class, e -> assertThat(e.kind()).isEqualTo(StatementKind.DELETE));
        }
    }

    @Test
    void everyDecisionIsASpanEvent() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            OpenTelemetry telemetry = OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
            try (EngineRuntime runtime = EngineRuntime.builder().telemetry(telemetry).build();
                 Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build()) {
                session.execute("SELECT 1");
                assertThatThrownBy(() -> session.sql("CREATE SCHEMA s")).isInstanceOf(SqlPolicyViolation.class);
            }
            List<EventData> decisions = exporter.getFinishedSpanItems().stream()
                    .flatMap(s -> s.getEvents().stream()).filter(e -> e.getName().equals("sql.policy")).toList();
            assertThat(decisions).extracting(e -> e.getAttributes().get(AttributeKey.stringKey("codeanatomy.policy.decision")))
                    .containsExactly("allowed", "refused");
            assertThat(decisions.get(1).getAttributes().get(AttributeKey.stringKey("codeanatomy.policy.rule")))
                    .isEqualTo("sql.allowDdl");
        }
    }
}
