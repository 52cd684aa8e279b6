package io.codeanatomy.engine.ext;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every scalar function's documented example ({@code call = result}) runs in SQL and gives the documented result. */
@ExtendWith(ArrowLeakCheck.class)
class FunctionExamplesTest {
    @Test
    void documentedExamplesHold(EngineRuntime runtime) {
        FunctionRegistrySnapshot snapshot = FunctionRegistrySnapshot.capture(RuntimeProfile.defaults(), runtime.rootAllocator(),
                List.of(new CodeAnalysisExtension()));
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).install(new CodeAnalysisExtension()).build()) {
            int checked = 0;
            for (FunctionEntry f : snapshot.functions()) {
                if (f.kind() != FunctionKind.SCALAR) {
                    continue;
                }
                int eq = f.example().lastIndexOf(" = ");
                assertThat(eq).as("example of %s has the form 'call = result'", f.name()).isPositive();
                try (QueryResult r = session.sql("SELECT " + f.example().substring(0, eq)).collect()) {
                    assertThat(r.rows().getFirst().getFirst()).as(f.example()).isEqualTo(parse(f.example().substring(eq + 3)));
                }
                checked++;
            }
            assertThat(checked).isEqualTo(9);
        }
    }

    private static Object parse(String text) {
        if (text.startsWith("'")) {
            return text.substring(1, text.length() - 1);
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        if (text.startsWith("{")) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String part : text.substring(1, text.length() - 1).split(", ")) {
                String[] kv = part.split("=");
                map.put(kv[0], Long.parseLong(kv[1]));
            }
            return map;
        }
        return Long.parseLong(text);
    }
}
