package io.codeanatomy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowLeakCheck.class)
class ExtractionRuntimeTest {
    @TempDir
    Path repo;

    @Test
    void pythonDefsImportsCallsAndAssignmentsLandInSessionTables(EngineRuntime runtime) {
        Repos.write(repo, "pkg/mod.py", """
                \"\"\"Module doc.\"\"\"
                import os.path as osp, sys
                from ..base import Thing as T, other
                from . import *

                class A(T):
                    \"\"\"A doc.\"\"\"
                    count: int = 0

                    @staticmethod
                    def make(x, *args, y=1, **kw):
                        def inner():
                            return lambda q: q + 1
                        return osp.join(x, str(y))

                total = A.make(1)
                total += 2
                """);
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT kind, name, qualname, line FROM defs_v1 WHERE kind <> 'parameter' ORDER BY bstart, kind"))
                    .containsExactly(
                            List.of("module", "pkg.mod", "pkg.mod", 1),
                            List.of("class", "A", "A", 6),
                            List.of("field", "count", "A.count", 8),
                            List.of("method", "make", "A.make", 11),
                            List.of("function", "inner", "A.make.<locals>.inner", 12),
                            List.of("lambda", "<lambda>", "A.make.<locals>.inner.<locals>.<lambda>", 13));
            assertThat(x.rows("SELECT name FROM defs_v1 WHERE kind = 'parameter' ORDER BY bstart"))
                    .extracting(r -> r.get(0)).containsExactly("x", "args", "y", "kw", "q");
            assertThat(x.rows("SELECT decorators FROM defs_v1 WHERE name = 'make'")).containsExactly(List.of("[\"@staticmethod\"]"));
            assertThat(x.rows("SELECT docstring FROM defs_v1 WHERE name = 'A'")).containsExactly(List.of("\"\"\"A doc.\"\"\""));
            assertThat(x.rows("SELECT module_name, name, alias, relative_level, is_wildcard FROM imports_v1 ORDER BY bstart, name"))
                    .containsExactly(
                            java.util.Arrays.asList("os.path", null, "osp", 0, false),
                            java.util.Arrays.asList("sys", null, null, 0, false),
                            java.util.Arrays.asList("base", "Thing", "T", 2, false),
                            java.util.Arrays.asList("base", "other", null, 2, false),
                            java.util.Arrays.asList("", "*", null, 1, true));
            assertThat(x.rows("SELECT callee, receiver, arg_count FROM calls_v1 ORDER BY bstart"))
                    .containsExactly(List.of("join", "osp", 2), java.util.Arrays.asList("str", null, 1),
                            List.of("make", "A", 1));
            assertThat(x.rows("SELECT target, operator FROM assignments_v1 ORDER BY bstart"))
                    .containsExactly(List.of("count", "="), List.of("total", "="), List.of("total", "+="));
            assertThat(x.count("SELECT count(*) FROM refs_v1 WHERE name = 'y'")).isEqualTo(1);
            assertThat(x.rows("SELECT path, lang, encoding, is_generated FROM repo_files_v1"))
                    .containsExactly(List.of("pkg/mod.py", "python", "utf-8", false));
            assertThat(x.count("SELECT count(*) FROM extract_errors_v1")).isZero();
            return null;
        });
    }

    @Test
    void javaDefsImportsAndCalls(EngineRuntime runtime) {
        Repos.write(repo, "src/p/Foo.java", """
                package p.q;

                import java.util.List;
                import java.util.*;
                import static java.lang.Math.max;

                /** Foo doc. */
                @Deprecated
                public class Foo<T> extends Bar implements Baz {
                    private int a = 1, b;
                    Foo(int x) { super(x); }
                    /** m doc */
                    @Override public String m(String s, int... rest) {
                        Runnable r = () -> System.out.println(s);
                        a += max(1, 2);
                        return new StringBuilder(s).append("x").toString();
                    }
                    enum E { ONE, TWO }
                }
                """);
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT kind, name, qualname FROM defs_v1 WHERE kind <> 'parameter' ORDER BY bstart, kind"))
                    .containsExactly(
                            List.of("module", "Foo", "p.q"),
                            List.of("class", "Foo", "p.q.Foo"),
                            List.of("type_parameter", "T", "p.q.Foo.T"),
                            List.of("field", "a", "p.q.Foo.a"),
                            List.of("field", "b", "p.q.Foo.b"),
                            List.of("method", "<init>", "p.q.Foo.<init>"),
                            List.of("method", "m", "p.q.Foo.m"),
                            List.of("lambda", "<lambda>", "p.q.Foo.m.<lambda>"),
                            List.of("class", "E", "p.q.Foo.E"),
                            List.of("field", "ONE", "p.q.Foo.E.ONE"),
                            List.of("field", "TWO", "p.q.Foo.E.TWO"));
            assertThat(x.rows("SELECT name FROM defs_v1 WHERE kind = 'parameter' ORDER BY bstart"))
                    .extracting(r -> r.get(0)).containsExactly("x", "s", "rest");
            assertThat(x.rows("SELECT decorators, docstring FROM defs_v1 WHERE name = 'm'"))
                    .containsExactly(List.of("[\"@Override\"]", "/** m doc */"));
            assertThat(x.rows("SELECT decorators, docstring FROM defs_v1 WHERE kind = 'class' AND name = 'Foo'"))
                    .containsExactly(List.of("[\"@Deprecated\"]", "/** Foo doc. */"));
            assertThat(x.rows("SELECT module_name, name, is_static, is_wildcard FROM imports_v1 ORDER BY bstart"))
                    .containsExactly(List.of("java.util", "List", false, false), List.of("java.util", "*", false, true),
                            List.of("java.lang.Math", "max", true, false));
            assertThat(x.rows("SELECT callee, receiver, arg_count FROM calls_v1 ORDER BY bstart"))
                    .containsExactly(java.util.Arrays.asList("super", null, 1), List.of("println", "System.out", 1),
                            java.util.Arrays.asList("max", null, 2), List.of("toString", "new StringBuilder(s).append(\"x\")", 0),
                            List.of("append", "new StringBuilder(s)", 1), java.util.Arrays.asList("new StringBuilder", null, 1));
            assertThat(x.rows("SELECT target, operator FROM assignments_v1 ORDER BY bstart"))
                    .containsExactly(List.of("a", "="), List.of("r", "="), List.of("a", "+="));
            return null;
        });
    }

    @Test
    void returnTypesAreRecordedAsTheSingleClassTheyName(EngineRuntime runtime) {
        Repos.write(repo, "r.py", """
                class Foo:
                    def me(self) -> "Self":
                        return self

                    @classmethod
                    def make(cls) -> 'Foo':
                        return cls()


                def plain() -> Foo: ...
                def optional() -> Optional["Foo"]: ...
                def typing_optional() -> typing.Optional[mod.Foo]: ...
                def union() -> Foo | None: ...
                def nothing() -> None: ...
                def generic() -> list[Foo]: ...
                def either() -> Foo | Bar: ...
                def untyped(): ...
                """);
        Repos.write(repo, "src/p/R.java", """
                package p;

                class R<T> {
                    R() {}
                    java.util.Map<String, R> map() { return null; }
                    @Deprecated R self() { return this; }
                    p.R qualified() { return this; }
                    void nothing() {}
                    int primitive() { return 0; }
                    R[] array() { return null; }
                    T variable() { return null; }
                }
                """);
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT name, return_type FROM defs_v1 WHERE kind IN ('function', 'method') ORDER BY file_id, bstart"))
                    .containsExactlyInAnyOrder(
                            List.of("me", "Foo"), List.of("make", "Foo"), List.of("plain", "Foo"), List.of("optional", "Foo"),
                            List.of("typing_optional", "mod.Foo"), List.of("union", "Foo"),
                            java.util.Arrays.asList("nothing", null), java.util.Arrays.asList("generic", null),
                            java.util.Arrays.asList("either", null), java.util.Arrays.asList("untyped", null),
                            java.util.Arrays.asList("<init>", null), List.of("map", "java.util.Map"), List.of("self", "R"),
                            List.of("qualified", "p.R"), java.util.Arrays.asList("nothing", null),
                            java.util.Arrays.asList("primitive", null), java.util.Arrays.asList("array", null),
                            List.of("variable", "T"));   // a type variable is kept: it names no repository class
            return null;
        });
    }

    @Test
    void syntaxErrorsAreRecordedAndTheRestIsStillExtracted(EngineRuntime runtime) {
        Repos.write(repo, "bad.py", "def ok():\n    pass\n\nx = = 1\n\nclass Fine:\n    pass\n");
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT name FROM defs_v1 WHERE kind IN ('function', 'class') ORDER BY bstart"))
                    .extracting(r -> r.get(0)).contains("ok", "Fine");
            assertThat(x.rows("SELECT error_class FROM extract_errors_v1 WHERE path = 'bad.py'"))
                    .containsExactly(List.of("SyntaxError"));
            assertThat((String) x.rows("SELECT message FROM extract_errors_v1").get(0).get(0)).containsPattern("the first at byte 2[0-4];");
            assertThat(x.count("SELECT error_nodes + missing_nodes FROM ts_files_v1")).isPositive();
            return null;
        });
    }

    @Test
    void optionsFollowARuntimeProfile() {
        ExtractOptions options = ExtractOptions.from(io.codeanatomy.engine.core.RuntimeProfile.defaults()
                .withTargetPartitions(3).withBatchSize(1000));
        assertThat(options.parallelism()).isEqualTo(3);
        assertThat(options.batchRows()).isEqualTo(1000);
    }

    @Test
    void everyColumnOfEveryTableIsUsableInSqlWithoutQuoting(EngineRuntime runtime) {
        Repos.write(repo, "a.py", "x = 1\n");
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT.withExtractors(java.util.EnumSet.allOf(ExtractorKind.class)), x -> {
            for (io.codeanatomy.extract.internal.TableSpec spec : io.codeanatomy.extract.internal.Tables.ALL) {
                String columns = String.join(", ", spec.columns().stream().map(c -> c.name()).toList());
                assertThat(x.rows("SELECT " + columns + " FROM " + spec.name())).as(spec.name()).isNotNull();
            }
            return null;
        });
    }
}
