package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class SessionPipelineTest {
    /** An extension that registers one table and counts its installs. */
    record CountingExtension(String id, String version, AtomicInteger installs) implements SessionExtension {
        @Override
        public void install(ExtensionContext context) {
            installs.incrementAndGet();
            context.createSchema("ext");
            context.registerTable(TableName.parse("ext.people"), TestTables.people(context.allocator()));
        }
    }

    @Test
    void installingTheSameExtensionTwiceInstallsItOnce(EngineRuntime runtime) {
        AtomicInteger installs = new AtomicInteger();
        CountingExtension extension = new CountingExtension("test.people", "1.0", installs);
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime)
                .install(extension, new CountingExtension("test.people", "1.0", installs)).build()) {
            assertThat(installs).hasValue(1);
            assertThat(session.extensions()).containsExactly(new ExtensionInfo("test.people", "1.0"));
            assertThat(session.execute("SELECT * FROM ext.people")).isEqualTo(4);
        }
    }

    @Test
    void twoVersionsOfOneExtensionIsAnErrorNamingBoth(EngineRuntime runtime) {
        AtomicInteger installs = new AtomicInteger();
        Sessions.Builder builder = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime)
                .install(new CountingExtension("test.people", "1.0", installs), new CountingExtension("test.people", "2.0", installs));
        assertThatThrownBy(builder::build)
                .isInstanceOf(ExtensionConflictException.class)
                .hasMessageContaining("test.people").hasMessageContaining("1.0").hasMessageContaining("2.0");
        // the failed build released what the first install allocated (ArrowLeakCheck verifies)
    }

    @Test
    void sessionsDoNotSeeEachOthersTables(EngineRuntime runtime) {
        try (Session a = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
             Session b = Sessions.builder(RuntimeProfile.interactive()).runtime(runtime).build()) {
            var people = TestTables.people(a.allocator());
            a.register("people", people);
            assertThat(a.catalog().tables()).extracting(TableName::name).contains("people");
            assertThat(b.catalog().tables()).extracting(TableName::name).doesNotContain("people");
            assertThatThrownBy(() -> b.sql("SELECT * FROM people")).isInstanceOf(SqlException.class);
            assertThat(a.id()).isNotEqualTo(b.id());
            a.deregister(TableName.of("people"));
            people.close();
        }
    }

    @Test
    void registeringANameTwiceFails(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
             var people = TestTables.people(session.allocator())) {
            session.register("people", people);
            assertThatThrownBy(() -> session.register("PEOPLE", people))
                    .isInstanceOf(CatalogException.class).hasMessageContaining("already exists");
            assertThatThrownBy(() -> session.register("nosuch.people", people))
                    .isInstanceOf(CatalogException.class).hasMessageContaining("CREATE SCHEMA");
            session.deregister(TableName.of("people"));
        }
    }

    @Test
    void unknownRegistrarIsAClearError(EngineRuntime runtime) {
        SessionExtension asks = new SessionExtension() {
            @Override
            public String id() {
                return "test.asks";
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public void install(ExtensionContext context) {
                context.registrar(Runnable.class);
            }
        };
        assertThatThrownBy(() -> Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).install(asks).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Runnable");
    }

    @Test
    void aClosedSessionRefusesWork(EngineRuntime runtime) {
        Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
        session.close();
        session.close(); // idempotent
        assertThatThrownBy(() -> session.sql("SELECT 1")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void buildPhasesAreSpanEvents() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            OpenTelemetry telemetry = OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
            try (EngineRuntime runtime = EngineRuntime.builder().telemetry(telemetry).build();
                 Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build()) {
                assertThat(session.execute("SELECT 1")).isEqualTo(1);
            }
            SpanData build = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("session.build"))
                    .findFirst().orElseThrow();
            List<String> events = new ArrayList<>(build.getEvents().stream().map(EventData::getName).toList());
            assertThat(events).containsExactly("phase.validate", "phase.install", "phase.register", "phase.freeze");
            assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName).contains("sql.plan", "query.execute");
        }
    }
}
