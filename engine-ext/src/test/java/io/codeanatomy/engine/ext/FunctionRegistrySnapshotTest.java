package io.codeanatomy.engine.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.ExtensionContext;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.SessionExtension;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.spi.function.AggregateFunctionDef;
import io.codeanatomy.engine.core.spi.function.FunctionDoc;
import io.codeanatomy.engine.core.spi.function.FunctionRegistrar;
import io.codeanatomy.engine.core.spi.function.FunctionSignature;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.core.spi.function.Volatility;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

@ExtendWith(ArrowLeakCheck.class)
class FunctionRegistrySnapshotTest {
    /** Registers two functions, out of alphabetical order. */
    static final class Other implements SessionExtension {
        @Override
        public String id() {
            return "test.other";
        }

        @Override
        public String version() {
            return "2.0";
        }

        @Override
        public void install(ExtensionContext context) {
            FunctionRegistrar r = context.registrar(FunctionRegistrar.class);
            for (String name : List.of("zeta", "alpha")) {
                r.registerScalar(new ScalarFunctionDef(name, List.of(name + "_alias"),
                        List.of(FunctionSignature.variadic(ArrowType.Utf8.INSTANCE)), "VARCHAR", Volatility.STABLE,
                        new FunctionDoc("d " + name, name + "(x...)", name + "('a')"), id(), version(),
                        (args, rows, result, allocator) -> null));
            }
        }
    }

    private static FunctionRegistrySnapshot capture(EngineRuntime runtime, SessionExtension... extensions) {
        return FunctionRegistrySnapshot.capture(RuntimeProfile.defaults(), runtime.rootAllocator(), List.of(extensions));
    }

    @Test
    void entriesAreSortedAndCarryEveryField(EngineRuntime runtime) {
        FunctionRegistrySnapshot snapshot = capture(runtime, new CodeAnalysisExtension(), new Other());
        assertThat(snapshot.functions()).extracting(FunctionEntry::name).isSorted()
                .contains("alpha", "canonicalize_byte_span", "stable_id", "zeta");
        FunctionEntry alpha = snapshot.find("alpha_alias").orElseThrow();
        assertThat(alpha).isEqualTo(new FunctionEntry("alpha", FunctionKind.SCALAR, List.of("alpha_alias"),
                List.of(new FunctionEntry.Signature(List.of("VARCHAR"), true)), List.of(), "VARCHAR", Volatility.STABLE,
                "d alpha", "alpha(x...)", "alpha('a')", "test.other", "2.0"));
        FunctionEntry canonicalize = snapshot.find("canonicalize_byte_span").orElseThrow();
        assertThat(canonicalize.signatures()).hasSize(6);
        assertThat(canonicalize.signatures().getLast().display("f")).isEqualTo("f(VARBINARY, BIGINT, BIGINT, VARCHAR, INTEGER)");
        assertThat(canonicalize.provider()).isEqualTo(CodeAnalysisExtension.ID);
        FunctionEntry align = snapshot.find("interval_align").orElseThrow();
        assertThat(align.kind()).isEqualTo(FunctionKind.TABLE);
        assertThat(align.parameterNames()).startsWith("left_table", "right_table", "mode", "partition_by");
        assertThat(align.signatures()).extracting(s -> s.argumentTypes().size()).containsExactly(4, 5, 6);
    }

    @Test
    void aggregatesAreListedWithKindAggregate(EngineRuntime runtime) {
        SessionExtension aggregates = new SessionExtension() {
            @Override
            public String id() {
                return "test.aggregates";
            }

            @Override
            public String version() {
                return "1.0";
            }

            @Override
            public void install(ExtensionContext context) {
                context.registrar(FunctionRegistrar.class).registerAggregate(new AggregateFunctionDef("bit_or_agg",
                        List.of("bor"), List.of(FunctionSignature.of(new ArrowType.Int(64, true))), "BIGINT",
                        Volatility.IMMUTABLE, new FunctionDoc("d", "bit_or_agg(x)", "bit_or_agg(x)"), id(), version(),
                        (arguments, result, allocator) -> null));
            }
        };
        FunctionRegistrySnapshot snapshot = capture(runtime, new Other(), aggregates);
        assertThat(snapshot.find("bor").orElseThrow()).isEqualTo(new FunctionEntry("bit_or_agg", FunctionKind.AGGREGATE,
                List.of("bor"), List.of(new FunctionEntry.Signature(List.of("BIGINT"), false)), List.of(), "BIGINT",
                Volatility.IMMUTABLE, "d", "bit_or_agg(x)", "bit_or_agg(x)", "test.aggregates", "1.0"));
        assertThat(snapshot.toJson()).contains("\"AGGREGATE\"");
        assertThat(capture(runtime, aggregates, new Other()).sha256()).isEqualTo(snapshot.sha256());
        assertThat(capture(runtime, new Other()).sha256()).isNotEqualTo(snapshot.sha256());
    }

    @Test
    void windowFunctionsAreListedWithKindWindow(EngineRuntime runtime) {
        FunctionRegistrySnapshot snapshot = capture(runtime, new CodeAnalysisExtension());
        FunctionEntry depth = snapshot.find("span_nest_depth").orElseThrow();
        assertThat(depth.kind()).isEqualTo(FunctionKind.WINDOW);
        assertThat(depth.signatures()).containsExactly(new FunctionEntry.Signature(List.of("BIGINT", "BIGINT"), false));
        assertThat(depth.provider()).isEqualTo(CodeAnalysisExtension.ID);
        assertThat(snapshot.toJson()).contains("\"WINDOW\"");
        SessionExtension scalarsOnly = new SessionExtension() {
            @Override
            public String id() {
                return CodeAnalysisExtension.ID;
            }

            @Override
            public String version() {
                return CodeAnalysisExtension.VERSION;
            }

            @Override
            public void install(ExtensionContext context) {
                new CodeAnalysisExtension().functions().forEach(context.registrar(FunctionRegistrar.class)::registerScalar);
            }
        };
        assertThat(capture(runtime, scalarsOnly).sha256()).isNotEqualTo(snapshot.sha256());
    }

    @Test
    void encodingsAndHashDoNotDependOnInstallOrder(EngineRuntime runtime) {
        FunctionRegistrySnapshot a = capture(runtime, new CodeAnalysisExtension(), new Other());
        FunctionRegistrySnapshot b = capture(runtime, new Other(), new CodeAnalysisExtension(), new Other());
        assertThat(b).isEqualTo(a);
        assertThat(b.toMsgpack()).isEqualTo(a.toMsgpack());
        assertThat(b.toJson()).isEqualTo(a.toJson());
        assertThat(a.sha256()).hasSize(64).isEqualTo(b.sha256()).isNotEqualTo(capture(runtime, new CodeAnalysisExtension()).sha256());
    }

    @Test
    void msgpackAndJsonHoldTheSameTree(EngineRuntime runtime) throws Exception {
        FunctionRegistrySnapshot snapshot = capture(runtime, new CodeAnalysisExtension(), new Other());
        Value decoded;
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(snapshot.toMsgpack())) {
            decoded = unpacker.unpackValue();
            assertThat(unpacker.hasNext()).isFalse();
        }
        ObjectMapper mapper = new ObjectMapper();
        JsonNode fromMsgpack = mapper.readTree(decoded.toJson());
        JsonNode fromJson = mapper.readTree(snapshot.toJson());
        assertThat(fromMsgpack).isEqualTo(fromJson);
        assertThat(fromJson.get("format").asText()).isEqualTo(FunctionRegistrySnapshot.FORMAT);
        List<String> keys = names(fromJson.get("functions").get(0).fieldNames());
        assertThat(keys).containsExactly("name", "kind", "aliases", "signatures", "parameter_names", "return_type",
                "volatility", "description", "syntax", "example", "provider", "provider_version");
    }

    @Test
    void snapshotAgreesWithInformationSchemaOfASession(EngineRuntime runtime) {
        FunctionRegistrySnapshot snapshot = capture(runtime, new CodeAnalysisExtension());
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).install(new CodeAnalysisExtension()).build();
             QueryResult routines = session.sql("SELECT routine_name, data_type, provider, provider_version, volatility "
                     + "FROM information_schema.routines WHERE routine_type = 'FUNCTION' ORDER BY routine_name").collect();
             QueryResult tableFunctions = session.sql("SELECT routine_name FROM information_schema.routines "
                     + "WHERE routine_type = 'TABLE FUNCTION' ORDER BY routine_name").collect();
             QueryResult windowFunctions = session.sql("SELECT routine_name, data_type, provider FROM information_schema.routines "
                     + "WHERE routine_type = 'WINDOW FUNCTION' ORDER BY routine_name").collect();
             QueryResult shown = session.sql("SHOW FUNCTIONS").collect()) {
            List<List<Object>> expected = snapshot.functions().stream().filter(f -> f.kind() == FunctionKind.SCALAR)
                    .<List<Object>>map(f -> List.of(f.name(), f.returnType(), f.provider(), f.providerVersion(), f.volatility().name()))
                    .toList();
            assertThat(routines.rows()).isEqualTo(expected);
            assertThat(tableFunctions.rows()).isEqualTo(snapshot.functions().stream().filter(f -> f.kind() == FunctionKind.TABLE)
                    .<List<Object>>map(f -> List.of(f.name())).toList());
            assertThat(windowFunctions.rows()).isEqualTo(snapshot.functions().stream().filter(f -> f.kind() == FunctionKind.WINDOW)
                    .<List<Object>>map(f -> List.of(f.name(), f.returnType(), f.provider())).toList()).isNotEmpty();
            assertThat(shown.rowCount()).isEqualTo(expected.size() + tableFunctions.rowCount() + windowFunctions.rowCount());
        }
    }

    @Test
    void duplicateNamesAreRejected(EngineRuntime runtime) {
        assertThatThrownBy(() -> capture(runtime, new Other(), new SessionExtension() {
            @Override
            public String id() {
                return "test.dup";
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public void install(ExtensionContext context) {
                new Other().install(context);
            }
        })).hasMessageContaining("'zeta' is registered twice");
    }

    private static <T> List<T> names(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
