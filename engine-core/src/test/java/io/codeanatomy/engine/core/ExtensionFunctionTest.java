package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.spi.function.FunctionDoc;
import io.codeanatomy.engine.core.spi.function.FunctionRegistrar;
import io.codeanatomy.engine.core.spi.function.FunctionSignature;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.core.spi.function.Volatility;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class ExtensionFunctionTest {
    private static final ArrowType BIGINT = new ArrowType.Int(64, true);

    /** span_len(bstart, bend) = bend - bstart; span(bstart, bend) = struct; NULL in, NULL out. */
    static final class SpanFunctions implements SessionExtension {
        @Override
        public String id() {
            return "test.spans";
        }

        @Override
        public String version() {
            return "1.0";
        }

        @Override
        public void install(ExtensionContext context) {
            FunctionRegistrar registrar = context.registrar(FunctionRegistrar.class);
            registrar.registerScalar(new ScalarFunctionDef("span_len", List.of("span_length"),
                    List.of(FunctionSignature.of(BIGINT, BIGINT)), "BIGINT", Volatility.IMMUTABLE,
                    new FunctionDoc("Length of a byte span", "span_len(bstart, bend)", "span_len(3, 10) = 7"), id(), version(),
                    (args, rows, result, allocator) -> {
                        BigIntVector start = (BigIntVector) args.get(0);
                        BigIntVector end = (BigIntVector) args.get(1);
                        BigIntVector out = (BigIntVector) result.createVector(allocator);
                        out.allocateNew(rows);
                        for (int i = 0; i < rows; i++) {
                            if (start.isNull(i) || end.isNull(i)) {
                                out.setNull(i);
                            } else {
                                out.set(i, end.get(i) - start.get(i));
                            }
                        }
                        out.setValueCount(rows);
                        return out;
                    }));
            registrar.registerScalar(new ScalarFunctionDef("span_of", List.of(),
                    List.of(FunctionSignature.of(BIGINT, BIGINT)), "STRUCT<bstart BIGINT, bend BIGINT>", Volatility.IMMUTABLE,
                    new FunctionDoc("A span as a struct", "span_of(bstart, bend)", "span_of(1, 2)"), id(), version(),
                    (args, rows, result, allocator) -> {
                        StructVector out = (StructVector) result.createVector(allocator);
                        out.allocateNew();
                        BigIntVector s = (BigIntVector) out.getChild("bstart");
                        BigIntVector e = (BigIntVector) out.getChild("bend");
                        for (int i = 0; i < rows; i++) {
                            if (args.get(0).isNull(i) || args.get(1).isNull(i)) {
                                out.setNull(i);
                                continue;
                            }
                            out.setIndexDefined(i);
                            s.setSafe(i, ((BigIntVector) args.get(0)).get(i));
                            e.setSafe(i, ((BigIntVector) args.get(1)).get(i));
                        }
                        s.setValueCount(rows);
                        e.setValueCount(rows);
                        out.setValueCount(rows);
                        return out;
                    }));
        }
    }

    @Test
    void extensionFunctionsRunVectorizedInSql(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).install(new SpanFunctions()).build();
             QueryResult result = session.sql("SELECT span_len(bstart, bend), SPAN_LENGTH(1, 4), span_of(bstart, bend) "
                     + "FROM (VALUES (CAST(3 AS BIGINT), CAST(10 AS BIGINT)), (5, NULL)) AS t(bstart, bend)").collect()) {
            assertThat(result.rows().get(0)).containsExactly(7L, 3L, Map.of("bstart", 3L, "bend", 10L));
            assertThat(result.rows().get(1).get(0)).isNull();
        }
    }

    @Test
    void showFunctionsListsEveryNameWithItsDocumentation(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).install(new SpanFunctions()).build();
             QueryResult result = session.sql("SHOW FUNCTIONS").collect()) {
            assertThat(result.rows()).extracting(r -> r.get(0)).containsExactly("span_len", "span_length", "span_of");
            assertThat(result.rows().getFirst()).containsExactly("span_len", "BIGINT", "span_len(BIGINT, BIGINT)", "test.spans",
                    "Length of a byte span");
        }
    }

    @Test
    void wrongArgumentsAreValidationErrors(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).install(new SpanFunctions()).build()) {
            assertThatThrownBy(() -> session.sql("SELECT span_len('a', 2)"))
                    .isInstanceOf(SqlException.class).hasMessageContaining("span_len(BIGINT, BIGINT)");
            assertThatThrownBy(() -> session.sql("SELECT span_len(1)")).isInstanceOf(SqlException.class);
        }
    }

    @Test
    void functionsCannotShadowBuiltInsOrEachOther(EngineRuntime runtime) {
        SessionExtension upper = new SessionExtension() {
            @Override
            public String id() {
                return "test.upper";
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public void install(ExtensionContext context) {
                context.registrar(FunctionRegistrar.class).registerScalar(new ScalarFunctionDef("upper", List.of(),
                        List.of(FunctionSignature.of(ArrowType.Utf8.INSTANCE)), "VARCHAR", Volatility.IMMUTABLE,
                        new FunctionDoc("x", "x", "x"), id(), version(), (args, rows, result, allocator) -> null));
            }
        };
        assertThatThrownBy(() -> Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).install(upper).build())
                .isInstanceOf(CatalogException.class).hasMessageContaining("built-in");
        assertThatThrownBy(() -> new ScalarFunctionDef("Bad-Name", List.of(), List.of(FunctionSignature.of()), "BIGINT",
                Volatility.IMMUTABLE, new FunctionDoc("x", "x", "x"), "p", "1", (a, r, f, al) -> null))
                .hasMessageContaining("Bad-Name");
    }
}
