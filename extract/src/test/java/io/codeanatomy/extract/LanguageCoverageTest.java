package io.codeanatomy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Constructs beyond the basics: async, nested classes, class decorators, records, interfaces, static on-demand. */
@ExtendWith(ArrowLeakCheck.class)
class LanguageCoverageTest {
    @TempDir
    Path repo;

    @Test
    void pythonNestedAsyncAndDecoratedClasses(EngineRuntime runtime) {
        Repos.write(repo, "m.py", """
                import a.b.c
                from . import sibling as s

                @dataclass(frozen=True)
                class Outer:
                    class Inner:
                        async def run(self, *, key):
                            await go(key)
                    if TYPE_CHECKING:
                        def typed(self) -> int: ...

                def top():
                    class Local:
                        pass
                """);
        Repos.write(repo, "sub/.git", "gitdir: ../.git/modules/sub\n");
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT kind, qualname FROM defs_v1 WHERE kind IN ('class', 'function', 'method') ORDER BY bstart"))
                    .containsExactly(List.of("class", "Outer"), List.of("class", "Outer.Inner"),
                            List.of("method", "Outer.Inner.run"), List.of("method", "Outer.typed"),
                            List.of("function", "top"), List.of("class", "top.<locals>.Local"));
            assertThat(x.rows("SELECT decorators FROM defs_v1 WHERE name = 'Outer'"))
                    .containsExactly(List.of("[\"@dataclass(frozen=True)\"]"));
            assertThat(x.rows("SELECT name FROM defs_v1 WHERE kind = 'parameter' ORDER BY bstart"))
                    .extracting(r -> r.get(0)).containsExactly("self", "key", "self");
            assertThat(x.rows("SELECT module_name, name, alias, relative_level FROM imports_v1 ORDER BY bstart"))
                    .containsExactly(Arrays.asList("a.b.c", null, null, 0), Arrays.asList("", "sibling", "s", 1));
            assertThat(x.rows("SELECT path FROM repo_files_v1")).containsExactly(List.of("m.py"));
            return null;
        });
    }

    @Test
    void javaRecordsInterfacesAndStaticOnDemandImports(EngineRuntime runtime) {
        Repos.write(repo, "Shapes.java", """
                import static java.util.Objects.*;

                interface Shape { double area(); default String label() { return "shape"; } }
                record Circle(double r) implements Shape {
                    Circle { requireNonNull(r); }
                    public double area() { return Math.PI * r * r; }
                    static <T> T same(T t) { return t; }
                }
                @interface Marker { String value() default ""; }
                """);
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT kind, qualname FROM defs_v1 WHERE kind IN ('class', 'method') ORDER BY bstart"))
                    .containsExactly(List.of("class", "Shape"), List.of("method", "Shape.area"),
                            List.of("method", "Shape.label"), List.of("class", "Circle"),
                            List.of("method", "Circle.<init>"), List.of("method", "Circle.area"),
                            List.of("method", "Circle.same"), List.of("class", "Marker"), List.of("method", "Marker.value"));
            assertThat(x.rows("SELECT module_name, name, is_static, is_wildcard FROM imports_v1"))
                    .containsExactly(List.of("java.util.Objects", "*", true, true));
            assertThat(x.rows("SELECT callee, arg_count FROM calls_v1 WHERE callee = 'requireNonNull'"))
                    .containsExactly(List.of("requireNonNull", 1));
            return null;
        });
    }
}
