package io.codeanatomy.relspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.delta.DeltaMaintenance;
import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.delta.TableDetail;
import io.codeanatomy.delta.DeltaTableProvider;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowLeakCheck.class)
class CpgBuilderTest {
    @TempDir
    Path dir;

    static void file(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    static List<List<Object>> query(EngineRuntime runtime, Path out, String sql) {
        try (Session session = Sessions.builder(RuntimeProfile.batch().withName("cpg-query")).runtime(runtime).build()) {
            for (String table : List.of("cpg_nodes", "cpg_edges", "cpg_props")) {
                session.register(table, DeltaTableProvider.latest(DeltaTable.forPath(out.resolve(table))));
            }
            try (QueryResult result = session.sql(sql).collect()) {
                return result.rows();
            }
        }
    }

    static final String CALLS = """
            SELECT c.qualname, t.qualname, e.strategy
            FROM cpg_edges e JOIN cpg_nodes c ON c.id = e.src JOIN cpg_nodes t ON t.id = e.dst
            WHERE e.kind = 'CALLS' ORDER BY 1, 2
            """;

    static final String HIERARCHY = """
            SELECT e.kind, s.qualname, d.qualname FROM cpg_edges e
            JOIN cpg_nodes s ON s.id = e.src JOIN cpg_nodes d ON d.id = e.dst
            WHERE e.kind IN ('INHERITS', 'OVERRIDES') ORDER BY 1
            """;

    /** Chained calls of one name start at the same byte (`a.f().f()`); the end byte keeps their nodes apart. */
    @Test
    void chainedCallsOfOneNameAreTwoCallNodes(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("chained");
        file(repo, "chain.py", """
                def tidy(s):
                    return s.strip().strip()
                """);
        Path out = dir.resolve("out-chained");
        CpgBuilder.build(BuildRequest.of(repo).withOut(out));
        assertThat(query(runtime, out, "SELECT count(*), count(DISTINCT id) FROM cpg_nodes WHERE kind = 'CALL' AND name = 'strip'"))
                .containsExactly(List.of(2L, 2L));
    }

    @Test
    void pythonCallsAcrossModulesAliasesNestedFunctionsAndSelf(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("py");
        file(repo, "pkg/__init__.py", "from .util import helper as exported\n");
        file(repo, "pkg/sub/__init__.py", "");
        file(repo, "pkg/sub/deep.py", "from ..util import Base\nfrom .. import util\n\n\ndef use():\n    return util.helper(1)\n");
        file(repo, "pkg/util.py", """
                def helper(x):
                    return x + 1


                class Base:
                    def run(self):
                        return self.step()

                    def step(self):
                        return 1


                class Child(Base):
                    def step(self):
                        return helper(2)
                """);
        file(repo, "app.py", """
                from pkg.util import helper as h
                import pkg.util as u


                def main():
                    h(1)
                    u.helper(2)

                    def inner():
                        return 3
                    inner()
                    return local_only()


                def local_only():
                    return 0
                """);
        Path out = dir.resolve("out");
        BuildResult result = CpgBuilder.build(BuildRequest.of(repo).withOut(out));
        assertThat(result.inputs().filesByLanguage()).containsEntry("python", 5L);
        assertThat(result.rows("cpg_nodes")).isPositive();
        // a materialized view reports the rows it holds (CREATE TABLE AS counts them); a streamed one has no count
        assertThat(result.views()).filteredOn(v -> v.policy() == CachePolicy.MEMORY).extracting(ViewRun::rows)
                .isNotEmpty().allMatch(rows -> rows >= 0).anyMatch(rows -> rows > 0);
        assertThat(BuildResult.fromJson(Files.readString(out.resolve("manifest.json")))).isEqualTo(result);
        // the tools are this build's: read from its pom and the native build, not written down by hand
        assertThat(result.tools()).containsKeys("codeanatomy", "calcite", "delta-kernel", "jtreesitter", "tree-sitter",
                "tree-sitter-python", "tree-sitter-java", "java").allSatisfy((tool, version) ->
                assertThat(version).as(tool).matches("[0-9][0-9A-Za-z.+-]*"));

        assertThat(query(runtime, out, CALLS)).containsExactlyInAnyOrder(
                List.of("h", "pkg.util.helper", "import-resolved"),
                List.of("u.helper", "pkg.util.helper", "import-resolved"),
                List.of("inner", "app.main.<locals>.inner", "exact"),
                List.of("local_only", "app.local_only", "exact"),
                List.of("self.step", "pkg.util.Base.step", "type-inferred"),
                List.of("helper", "pkg.util.helper", "exact"),
                List.of("util.helper", "pkg.util.helper", "import-resolved"));      // relative: from .. import util
        assertThat(query(runtime, out, "SELECT s.qualname, d.qualname FROM cpg_edges e JOIN cpg_nodes s ON s.id = e.src "
                + "JOIN cpg_nodes d ON d.id = e.dst WHERE e.kind = 'IMPORTS' ORDER BY 1")).contains(
                List.of("pkg.util.Base", "pkg.util.Base"), List.of("pkg.util", "pkg.util"),
                List.of("pkg.util.helper", "pkg.util.helper"));
        assertThat(query(runtime, out, HIERARCHY)).containsExactly(
                List.of("INHERITS", "pkg.util.Child", "pkg.util.Base"),
                List.of("OVERRIDES", "pkg.util.Child.step", "pkg.util.Base.step"));
        assertThat(query(runtime, out, """
                SELECT s.name, d.kind, d.qualname, e.strategy FROM cpg_edges e
                JOIN cpg_nodes s ON s.id = e.src JOIN cpg_nodes d ON d.id = e.dst WHERE e.kind = 'REF'
                """)).containsExactlyInAnyOrder(
                List.of("h", "IMPORT", "pkg.util.helper", "import-resolved"),
                List.of("u", "IMPORT", "pkg.util", "import-resolved"),
                List.of("inner", "METHOD", "app.main.<locals>.inner", "exact"),
                List.of("local_only", "METHOD", "app.local_only", "exact"),
                List.of("x", "PARAMETER", "pkg.util.helper.x", "exact"),
                List.of("self", "PARAMETER", "pkg.util.Base.run.self", "exact"),
                List.of("Base", "CLASS", "pkg.util.Base", "exact"),
                List.of("helper", "METHOD", "pkg.util.helper", "exact"),
                List.of("util", "IMPORT", "pkg.util", "import-resolved"));
        assertThat(query(runtime, out, "SELECT start_line, start_col, end_line FROM cpg_nodes WHERE qualname = 'pkg.util.Base.step' AND kind = 'METHOD'"))
                .containsExactly(List.of(9, 5, 10));      // 1-based, in code points: "    def step(self):" on line 9
        assertThat(query(runtime, out, "SELECT count(*) FROM cpg_nodes WHERE kind IN ('CLASS', 'METHOD') AND start_line <> line"))
                .containsExactly(List.of(0L));
        assertThat(query(runtime, out, "SELECT kind, count(*) FROM cpg_nodes GROUP BY kind ORDER BY kind")).containsExactly(
                List.of("CALL", 7L), List.of("CLASS", 2L), List.of("FILE", 5L), List.of("IDENTIFIER", 9L),
                List.of("IMPORT", 5L), List.of("LITERAL", 8L), List.of("METHOD", 8L),
                List.of("MODULE", 5L), List.of("PARAMETER", 4L));
    }

    @Test
    void pythonReceiversTypedByConstructorAssignmentsAndAnnotations(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("typed");
        file(repo, "parsing.py", "class Parser:\n    def parse(self, text):\n        return text\n\n\nclass Other:\n"
                + "    def parse(self, text):\n        return None\n");
        file(repo, "app.py", """
                from parsing import Parser


                class App:
                    def __init__(self):
                        self.parser = Parser()

                    def run(self, text):
                        local = Parser()
                        local.parse(text)
                        return self.parser.parse(text)


                def annotated(p: Parser, q: "Parser", r: Optional[Parser] = None, n: int = 0, *rest):
                    t: Parser = p
                    return p.parse(1), q.parse(2), r.parse(3), t.parse(4)
                """);
        Path out = dir.resolve("out-typed");
        CpgBuilder.build(BuildRequest.of(repo).withOut(out));
        // Other.parse has the same name and arity but is never a target: the receivers' types are known
        // (Parser() itself gets no CALLS edge: Parser declares no __init__)
        assertThat(query(runtime, out, CALLS)).containsExactlyInAnyOrder(
                List.of("local.parse", "parsing.Parser.parse", "type-inferred"),
                List.of("self.parser.parse", "parsing.Parser.parse", "type-inferred"),
                List.of("p.parse", "parsing.Parser.parse", "type-inferred"),
                List.of("q.parse", "parsing.Parser.parse", "type-inferred"),
                List.of("r.parse", "parsing.Parser.parse", "type-inferred"),
                List.of("t.parse", "parsing.Parser.parse", "type-inferred"));
    }

    @Test
    void javaCallsThroughImportsConstructorsStaticsAndThis(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("java");
        file(repo, "src/a/util/Strings.java", """
                package a.util;

                public final class Strings {
                    public static String twice(String s) { return s + s; }
                    public static String twice(String s, int n) { return s.repeat(n); }
                }
                """);
        file(repo, "src/a/app/Greeter.java", """
                package a.app;

                import a.util.Strings;
                import static a.util.Strings.twice;

                public class Greeter {
                    private final String name;

                    public Greeter(String name) { this.name = name; }

                    String greet() { return decorate(Strings.twice(name)); }

                    String decorate(String s) { return "<" + s + ">"; }

                    static String shout(String s) { return twice(s); }

                    public static void main(String[] args) {
                        Greeter g = new Greeter("x");
                        Helper.help(g.greet());
                    }
                }
                """);
        file(repo, "src/a/app/Helper.java", """
                package a.app;

                class Helper {
                    static void help(String s) { new Greeter(s); }
                }
                """);
        Path out = dir.resolve("out-java");
        CpgBuilder.build(BuildRequest.of(repo).withOut(out).withLanguages(Set.of("java")));
        assertThat(query(runtime, out, CALLS)).containsExactlyInAnyOrder(
                List.of("Strings.twice", "a.util.Strings.twice", "import-resolved"),
                List.of("decorate", "a.app.Greeter.decorate", "type-inferred"),
                List.of("twice", "a.util.Strings.twice", "import-resolved"),
                List.of("new Greeter", "a.app.Greeter.<init>", "import-resolved"),
                List.of("new Greeter", "a.app.Greeter.<init>", "import-resolved"),
                List.of("Helper.help", "a.app.Helper.help", "import-resolved"),
                List.of("g.greet", "a.app.Greeter.greet", "type-inferred"),    // g is declared a Greeter
                List.of("s.repeat", "java.lang.String.repeat", "type-inferred"));   // s is a String: an external node
    }

    @Test
    void javaVarargsConstructorChainsNestedClassesAndStaticFields(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("java2");
        file(repo, "src/b/Text.java", """
                package b;

                public class Text {
                    public static final Text CS = new Text(true);
                    private final Matcher matcher = new Matcher();

                    public Text() { this(false); }

                    Text(boolean strict) { }

                    public static String join(String sep, String... parts) { return sep; }

                    public static boolean isPublic(Class<?> cls) { return cls != null; }

                    public boolean contains(String s) { return this.matcher.matches(s); }

                    static class Matcher {
                        Matcher() { }

                        boolean matches(String s) { return s.isEmpty(); }
                    }
                }
                """);
        file(repo, "src/b/Shout.java", """
                package b;

                class Shout extends Text {
                    Shout() { super(true); }

                    String all(Class<?> type) {
                        boolean ok = isPublic(type) && Text.CS.contains("x");
                        return join(",") + join(",", "a", "b") + Text.join(",", "a");
                    }
                }
                """);
        Path out = dir.resolve("out-java2");
        CpgBuilder.build(BuildRequest.of(repo).withOut(out).withLanguages(Set.of("java")));
        assertThat(query(runtime, out, CALLS)).containsExactlyInAnyOrder(
                List.of("new Text", "b.Text.<init>", "import-resolved"),
                List.of("new Matcher", "b.Text.Matcher.<init>", "exact"),        // nested class, same file
                List.of("this", "b.Text.<init>", "exact"),                       // this(false)
                List.of("super", "b.Text.<init>", "exact"),                      // super(true)
                List.of("this.matcher.matches", "b.Text.Matcher.matches", "type-inferred"),
                List.of("isPublic", "b.Text.isPublic", "type-inferred"),         // a Java parameter named cls counts
                List.of("Text.CS.contains", "b.Text.contains", "type-inferred"), // static field of type Text
                List.of("join", "b.Text.join", "type-inferred"),                 // varargs: one argument
                List.of("join", "b.Text.join", "type-inferred"),                 // varargs: three arguments
                List.of("Text.join", "b.Text.join", "import-resolved"),
                List.of("s.isEmpty", "java.lang.String.isEmpty", "type-inferred"));
        assertThat(query(runtime, out, "SELECT sub_kind, count(*) FROM cpg_nodes WHERE kind = 'LITERAL' GROUP BY sub_kind "
                + "ORDER BY 1")).containsExactly(List.of("boolean", 3L), List.of("null", 1L), List.of("string", 7L));
        assertThat(query(runtime, out, """
                SELECT m.qualname, l.name, l.start_line, l.start_col FROM cpg_edges e
                JOIN cpg_nodes m ON m.id = e.src JOIN cpg_nodes l ON l.id = e.dst
                WHERE e.kind = 'CONTAINS' AND l.kind = 'LITERAL' AND l.file LIKE '%Shout.java' AND l.sub_kind = 'string'
                ORDER BY 3, 4""")).containsExactly(
                List.of("b.Shout.all", "\"x\"", 7, 57),    // 1-based columns of the opening quote
                List.of("b.Shout.all", "\",\"", 8, 21),
                List.of("b.Shout.all", "\",\"", 8, 33),
                List.of("b.Shout.all", "\"a\"", 8, 38),
                List.of("b.Shout.all", "\"b\"", 8, 43),
                List.of("b.Shout.all", "\",\"", 8, 60),
                List.of("b.Shout.all", "\"a\"", 8, 65));
    }

    /**
     * Python's scope rules decide what a plain call's name means: a parameter or local shadows every function of that
     * name (the call invokes a value: no edge), a builtin's name that nothing binds calls the builtin (an external
     * node), and a module-level def, assignment or wildcard import takes the builtin's name over.
     */
    @Test
    void pythonShadowingBuiltinsLambdasAndNestedScopes(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("scopes");
        file(repo, "lib.py", """
                def handler(event):
                    return event


                def apply(handler, event):
                    return handler(event)


                def first(items):
                    handler = items[0]
                    return handler(items)


                def outer(callback):
                    def middle():
                        def inner():
                            return helper(2)
                        return inner() + sibling() + callback(1)
                    def sibling():
                        return 0
                    return middle()


                def callback(x):
                    return x


                def helper(x):
                    return len(str(x))


                def mapped(items):
                    twice = lambda v: helper(v) * 2
                    return sorted(twice(i) for i in items)


                def names(items):
                    try:
                        return items.sort(key=len)
                    except ValueError:
                        return isinstance
                """);
        file(repo, "own.py", """
                def len(x):
                    return 0


                max = None


                def use(x):
                    return len(x), max(x), repr(x)
                """);
        file(repo, "star.py", "from lib import *\n\n\ndef use(x):\n    return open(x)\n");
        Path out = dir.resolve("out-scopes");
        CpgBuilder.build(BuildRequest.of(repo).withOut(out).withLanguages(Set.of("python")));
        assertThat(query(runtime, out, """
                SELECT m.qualname, c.qualname, t.qualname, e.strategy, t.file
                FROM cpg_edges e JOIN cpg_nodes c ON c.id = e.src JOIN cpg_nodes t ON t.id = e.dst
                JOIN cpg_edges x ON x.dst = c.id AND x.kind = 'CONTAINS' JOIN cpg_nodes m ON m.id = x.src
                WHERE e.kind = 'CALLS'""")).containsExactlyInAnyOrder(
                // handler(event) and handler(items) call a parameter and a local: no edge to lib.handler
                List.of("lib.outer.<locals>.middle.<locals>.inner", "helper", "lib.helper", "exact", "lib.py"),
                List.of("lib.outer.<locals>.middle", "inner", "lib.outer.<locals>.middle.<locals>.inner", "exact", "lib.py"),
                List.of("lib.outer", "middle", "lib.outer.<locals>.middle", "exact", "lib.py"),
                List.of("lib.outer.<locals>.middle", "sibling", "lib.outer.<locals>.sibling", "exact", "lib.py"),
                List.of("lib.helper", "len", "builtins.len", "exact", "<external>"),
                List.of("lib.helper", "str", "builtins.str", "exact", "<external>"),
                List.of("lib.mapped.<locals>.<lambda>", "helper", "lib.helper", "exact", "lib.py"),
                List.of("lib.mapped", "sorted", "builtins.sorted", "exact", "<external>"),
                // own.len is the module's own len; max is a module-level variable (no edge); repr is the builtin
                List.of("own.use", "len", "own.len", "exact", "own.py"),
                List.of("own.use", "repr", "builtins.repr", "exact", "<external>"));
        // callback(1) calls the parameter of the function around, not the module's callback; twice(i) calls a local
        // lambda; open() in a file with a wildcard import may be the imported module's: no guesses for either
        assertThat(query(runtime, out, "SELECT count(*) FROM cpg_edges e JOIN cpg_nodes c ON c.id = e.src "
                + "WHERE e.kind = 'CALLS' AND c.name IN ('callback', 'twice', 'open', 'handler', 'max')"))
                .containsExactly(List.of(0L));
        // assignments define the locals they write (handler shadows the module's function in first())
        assertThat(query(runtime, out, """
                SELECT s.name, d.kind, s.start_line, s.file FROM cpg_edges e JOIN cpg_nodes s ON s.id = e.src
                JOIN cpg_nodes d ON d.id = e.dst WHERE e.kind = 'DEFINES' ORDER BY 1""")).containsExactly(
                List.of("handler", "LOCAL", 10, "lib.py"),
                List.of("i", "LOCAL", 34, "lib.py"),            // a generator's loop variable
                List.of("max", "LOCAL", 5, "own.py"),           // a module's global
                List.of("twice", "LOCAL", 33, "lib.py"));
        assertThat(query(runtime, out, """
                SELECT s.start_line, d.kind, d.name FROM cpg_edges e JOIN cpg_nodes s ON s.id = e.src
                JOIN cpg_nodes d ON d.id = e.dst WHERE e.kind = 'REF' AND s.file = 'own.py' AND s.name = 'max'
                ORDER BY 1""")).containsExactly(List.of(5, "LOCAL", "max"), List.of(9, "LOCAL", "max"));
        assertThat(query(runtime, out, """
                SELECT s.name, d.kind, d.qualname FROM cpg_edges e JOIN cpg_nodes s ON s.id = e.src
                JOIN cpg_nodes d ON d.id = e.dst WHERE e.kind = 'REF' AND s.name IN ('callback', 'sibling')""")).containsExactly(
                List.of("callback", "PARAMETER", "lib.outer.callback"),
                List.of("sibling", "METHOD", "lib.outer.<locals>.sibling"));
        assertThat(query(runtime, out, """
                SELECT s.name, s.start_line, s.file, d.qualname FROM cpg_edges e JOIN cpg_nodes s ON s.id = e.src
                JOIN cpg_nodes d ON d.id = e.dst WHERE e.kind = 'REF' AND d.file = '<external>' ORDER BY 3, 2, 1""")).containsExactly(
                // identifiers naming builtins refer to them, called (len, str) or not (key=len, ValueError, isinstance)
                List.of("len", 29, "lib.py", "builtins.len"), List.of("str", 29, "lib.py", "builtins.str"),
                List.of("sorted", 34, "lib.py", "builtins.sorted"), List.of("len", 39, "lib.py", "builtins.len"),
                List.of("ValueError", 40, "lib.py", "builtins.ValueError"),
                List.of("isinstance", 41, "lib.py", "builtins.isinstance"),
                // own.py's len and max are its own (a function, a module-level variable); star.py's open may be lib's
                List.of("repr", 9, "own.py", "builtins.repr"));
        assertThat(query(runtime, out, "SELECT qualname, name, lang, sub_kind FROM cpg_nodes WHERE file = '<external>' "
                + "ORDER BY 1")).containsExactly(
                List.of("builtins.ValueError", "ValueError", "python", "external"),
                List.of("builtins.isinstance", "isinstance", "python", "external"),
                List.of("builtins.len", "len", "python", "external"), List.of("builtins.repr", "repr", "python", "external"),
                List.of("builtins.sorted", "sorted", "python", "external"), List.of("builtins.str", "str", "python", "external"));
    }

    /**
     * Every statement that binds a Python name makes a local of the function (or a global of the module): loops and
     * comprehensions, tuple unpacking, {@code except .. as}, {@code with .. as}, the walrus; the identifier written
     * is defined by it.
     */
    @Test
    void pythonBindingStatementsDefineLocals(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("bindings");
        file(repo, "m.py", """
                import os

                for path in os.listdir('.'):
                    print(path)


                def f(items, fp):
                    total = 0
                    for i, (k, *rest) in enumerate(items):
                        total += i
                    try:
                        pass
                    except OSError as err:
                        print(err)
                    with open(fp) as handle:
                        handle.read()
                    squares = [x * x for x in items if (n := len(x)) > 1]
                    a, b = 1, 2
                    return squares, a, b, k, rest, n


                class P:
                    __slots__ = ('a',)
                    kinds = __slots__ + ('b',)

                    def same(self, other):
                        return NotImplemented if other is None else self is other


                def counter():
                    global path
                    path = None
                    seen = 0

                    def bump():
                        nonlocal seen
                        seen += 1
                    return bump
                """);
        file(repo, "n.py", "import xml.dom\nfrom m import *\n\n\ndef g():\n    return xml.dom, f\n");
        Path out = dir.resolve("out-bindings");
        CpgBuilder.build(BuildRequest.of(repo).withOut(out));
        assertThat(query(runtime, out, """
                SELECT s.start_line, s.name, d.qualname FROM cpg_edges e JOIN cpg_nodes s ON s.id = e.src
                JOIN cpg_nodes d ON d.id = e.dst WHERE e.kind = 'DEFINES' ORDER BY 1, 2""")).containsExactly(
                List.of(3, "path", "path"), List.of(8, "total", "total"), List.of(9, "i", "i"), List.of(9, "k", "k"),
                List.of(10, "total", "total"), List.of(13, "err", "err"), List.of(15, "handle", "handle"),
                List.of(17, "n", "n"), List.of(17, "squares", "squares"), List.of(17, "x", "x"),
                List.of(18, "a", "a"), List.of(18, "b", "b"),
                // a class body's assignments define its attributes, which the class body sees (not its methods)
                List.of(23, "__slots__", "m.P.__slots__"), List.of(24, "kinds", "m.P.kinds"),
                // global path: the module's path (line 3's); nonlocal seen: counter's seen, bump has none
                List.of(32, "path", "path"), List.of(33, "seen", "seen"), List.of(37, "seen", "seen"));
        // every identifier refers to something (xml: import xml.dom binds it; NotImplemented: a builtin); *rest is a
        // local too (the star pattern's name is no identifier)
        assertThat(query(runtime, out, """
                SELECT n.name FROM cpg_nodes n LEFT JOIN (SELECT DISTINCT src FROM cpg_edges WHERE kind = 'REF') e
                  ON e.src = n.id WHERE n.kind = 'IDENTIFIER' AND e.src IS NULL""")).isEmpty();
        assertThat(query(runtime, out, """
                SELECT s.file, s.name, d.kind, d.qualname FROM cpg_edges e JOIN cpg_nodes s ON s.id = e.src
                JOIN cpg_nodes d ON d.id = e.dst WHERE e.kind = 'REF' AND s.name IN ('__slots__', 'xml', 'NotImplemented')
                ORDER BY 1, 2, 3""")).containsExactly(
                List.of("m.py", "NotImplemented", "METHOD", "builtins.NotImplemented"),
                List.of("m.py", "__slots__", "FIELD", "m.P.__slots__"), List.of("m.py", "__slots__", "FIELD", "m.P.__slots__"),
                List.of("n.py", "xml", "IMPORT", "xml.dom"));
        assertThat(query(runtime, out, "SELECT name FROM cpg_nodes WHERE kind = 'LOCAL' ORDER BY 1")).containsExactly(
                List.of("a"), List.of("b"), List.of("err"), List.of("handle"), List.of("i"), List.of("k"), List.of("n"),
                List.of("path"), List.of("rest"), List.of("seen"), List.of("squares"), List.of("total"), List.of("x"));
    }

    /**
     * Java: the type parameters of classes and methods are nodes their code refers to; locals are declared by
     * declarations only (catch, enhanced for, try-with-resources and instanceof patterns included; {@code var} too),
     * so an assignment to a field defines the field.
     */
    @Test
    void javaTypeParametersAndEveryLocalDeclarationResolve(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("javadecl");
        file(repo, "src/q/Box.java", """
                package q;

                import java.io.IOException;
                import java.io.StringReader;
                import java.util.List;
                import java.util.function.Function;

                class Box<T> {
                    private T value;
                    int count;

                    <R> R map(Function<T, R> f) {
                        return f.apply(value);
                    }

                    void reset(List<T> items) {
                        count = 0;
                        for (T item : items) {
                            value = item;
                        }
                        try (var in = new StringReader("")) {
                            in.read();
                        } catch (IOException | RuntimeException e) {
                            throw new IllegalStateException(e);
                        }
                        Object o = value;
                        if (o instanceof String s) {
                            count = s.length();
                        }
                    }

                    static class Base {
                        int size;
                    }

                    static class Sized extends Base {
                        int twice() {
                            return size * 2;
                        }
                    }
                }
                """);
        Path out = dir.resolve("out-javadecl");
        CpgBuilder.build(BuildRequest.of(repo).withOut(out));
        assertThat(query(runtime, out, """
                SELECT n.start_line, n.name FROM cpg_nodes n LEFT JOIN (SELECT DISTINCT src FROM cpg_edges
                  WHERE kind = 'REF') e ON e.src = n.id WHERE n.kind = 'IDENTIFIER' AND e.src IS NULL""")).isEmpty();
        assertThat(query(runtime, out, """
                SELECT DISTINCT s.name, d.kind, d.qualname FROM cpg_edges e JOIN cpg_nodes s ON s.id = e.src
                JOIN cpg_nodes d ON d.id = e.dst WHERE e.kind = 'REF' AND d.kind IN ('TYPE_PARAMETER', 'LOCAL')
                ORDER BY 1, 2""")).containsExactly(
                List.of("R", "TYPE_PARAMETER", "q.Box.map.R"), List.of("T", "TYPE_PARAMETER", "q.Box.T"),
                List.of("e", "LOCAL", "e"), List.of("in", "LOCAL", "in"), List.of("item", "LOCAL", "item"),
                List.of("o", "LOCAL", "o"), List.of("s", "LOCAL", "s"));
        assertThat(query(runtime, out, """
                SELECT s.start_line, s.name, d.kind FROM cpg_edges e JOIN cpg_nodes s ON s.id = e.src
                JOIN cpg_nodes d ON d.id = e.dst WHERE e.kind = 'DEFINES' ORDER BY 1""")).containsExactly(
                List.of(17, "count", "FIELD"), List.of(19, "value", "FIELD"), List.of(28, "count", "FIELD"));
        assertThat(query(runtime, out, "SELECT kind, qualname FROM cpg_nodes WHERE kind = 'TYPE_PARAMETER' ORDER BY 2"))
                .containsExactly(List.of("TYPE_PARAMETER", "q.Box.T"), List.of("TYPE_PARAMETER", "q.Box.map.R"));
        // a base nested in the same class; its members are in scope in the subclass (size, after Sized's own)
        assertThat(query(runtime, out, HIERARCHY)).containsExactly(List.of("INHERITS", "q.Box.Sized", "q.Box.Base"));
        assertThat(query(runtime, out, """
                SELECT d.kind, d.qualname FROM cpg_edges e JOIN cpg_nodes s ON s.id = e.src
                JOIN cpg_nodes d ON d.id = e.dst WHERE e.kind = 'REF' AND s.name = 'size'""")).containsExactly(
                List.of("FIELD", "q.Box.Base.size"));
    }

    /**
     * Names resolve through every function around the code (a decorator factory's parameter, three functions deep; a
     * Python class body around a method is skipped) and, in Java, through every class around it; the member names of
     * {@code x.f} and {@code x.m()} are looked up in x's type, so they refer to nothing in scope.
     */
    @Test
    void namesResolveThroughEveryEnclosingScopeAndMemberNamesAreNoReferences(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("deep");
        file(repo, "deco.py", """
                def deco(prefix):
                    def wrap(f):
                        def inner(*args):
                            return prefix + f(*args)
                        return inner
                    return wrap


                def cmp_to_key(mycmp):
                    class K:
                        def __lt__(self, other):
                            return mycmp(self, other)
                    return K
                """);
        file(repo, "p/Outer.java", """
                package p;

                public class Outer {
                    private int count;

                    int next() { return count + 1; }

                    class Inner {
                        int twice() {
                            Runnable task = () -> { int n = count; };
                            return next() * 2;
                        }
                    }

                    int viaOther(Outer other) { return other.count + other.next() + this.count; }
                }
                """);
        Path out = dir.resolve("out-deep");
        CpgBuilder.build(BuildRequest.of(repo).withOut(out));
        assertThat(query(runtime, out, """
                SELECT s.file, s.start_line, s.name, d.kind, d.qualname FROM cpg_edges e JOIN cpg_nodes s ON s.id = e.src
                JOIN cpg_nodes d ON d.id = e.dst WHERE e.kind = 'REF' AND s.name <> 'K' ORDER BY 1, 2, 3""")).containsExactly(
                List.of("deco.py", 4, "args", "PARAMETER", "deco.deco.<locals>.wrap.<locals>.inner.args"),
                List.of("deco.py", 4, "f", "PARAMETER", "deco.deco.<locals>.wrap.f"),
                List.of("deco.py", 4, "prefix", "PARAMETER", "deco.deco.prefix"),       // three functions out
                List.of("deco.py", 5, "inner", "METHOD", "deco.deco.<locals>.wrap.<locals>.inner"),
                List.of("deco.py", 6, "wrap", "METHOD", "deco.deco.<locals>.wrap"),
                List.of("deco.py", 12, "mycmp", "PARAMETER", "deco.cmp_to_key.mycmp"),      // past the class body
                List.of("deco.py", 12, "other", "PARAMETER", "deco.cmp_to_key.<locals>.K.__lt__.other"),
                List.of("deco.py", 12, "self", "PARAMETER", "deco.cmp_to_key.<locals>.K.__lt__.self"),
                List.of("p/Outer.java", 6, "count", "FIELD", "p.Outer.count"),
                List.of("p/Outer.java", 10, "Runnable", "CLASS", "java.lang.Runnable"),   // external
                List.of("p/Outer.java", 10, "count", "FIELD", "p.Outer.count"),    // lambda, method, Inner, Outer
                List.of("p/Outer.java", 11, "next", "METHOD", "p.Outer.next"),
                // other.count, other.next() and this.count: member names, looked up in the receiver's type
                List.of("p/Outer.java", 15, "Outer", "CLASS", "p.Outer"),
                List.of("p/Outer.java", 15, "other", "PARAMETER", "p.Outer.viaOther.other"),
                List.of("p/Outer.java", 15, "other", "PARAMETER", "p.Outer.viaOther.other"));
        // f(*args) and mycmp(self, other) call parameters: values, no edges
        assertThat(query(runtime, out, "SELECT count(*) FROM cpg_edges WHERE kind = 'CALLS' AND file = 'deco.py'"))
                .containsExactly(List.of(0L));
    }

    /**
     * java.lang is imported implicitly: static calls and constructors of its classes, and calls on receivers declared
     * with its types, reach external nodes, unless a class of the package or an import takes the name. Calls in
     * lambdas belong to the enclosing method; inheritance and overriding are edges.
     */
    @Test
    void javaLangExternalsLambdasInheritanceAndOverrides(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("javalang");
        file(repo, "src/c/Shape.java", """
                package c;

                public abstract class Shape implements Comparable<Shape> {
                    public abstract double area();

                    public int compareTo(Shape other) { return Double.compare(area(), other.area()); }
                }
                """);
        file(repo, "src/c/Square.java", """
                package c;

                import java.util.List;

                public class Square extends Shape {
                    private final double side;

                    public Square(double side) {
                        if (side < 0) { throw new IllegalArgumentException("side " + side); }
                        this.side = side;
                    }

                    @Override
                    public double area() { return Math.pow(side, 2); }

                    static double total(List<Shape> shapes) {
                        return shapes.stream().mapToDouble((Shape s) -> s.area() + Math.abs(0)).sum();
                    }

                    static String label(String name) { return name.trim() + Math.max(1, 2); }
                }
                """);
        file(repo, "src/c/Math.java", "package c;\n\nclass Math {\n    static int max(int a, int b) { return a; }\n}\n");
        Path out = dir.resolve("out-javalang");
        CpgBuilder.build(BuildRequest.of(repo).withOut(out).withLanguages(Set.of("java")));
        assertThat(query(runtime, out, """
                SELECT m.qualname, c.qualname, t.qualname, e.strategy
                FROM cpg_edges e JOIN cpg_nodes c ON c.id = e.src JOIN cpg_nodes t ON t.id = e.dst
                JOIN cpg_edges x ON x.dst = c.id AND x.kind = 'CONTAINS' JOIN cpg_nodes m ON m.id = x.src
                WHERE e.kind = 'CALLS' AND t.file = '<external>'""")).containsExactlyInAnyOrder(
                List.of("c.Shape.compareTo", "Double.compare", "java.lang.Double.compare", "import-resolved"),
                List.of("c.Square.<init>", "new IllegalArgumentException", "java.lang.IllegalArgumentException.<init>",
                        "import-resolved"),
                List.of("c.Square.label", "name.trim", "java.lang.String.trim", "type-inferred"));
        // Math is the package's own class here: c.Math.max, and pow and abs are no guesses at java.lang.Math
        assertThat(query(runtime, out, CALLS)).contains(
                List.of("Math.max", "c.Math.max", "import-resolved"),
                List.of("s.area", "c.Shape.area", "type-inferred"),
                List.of("area", "c.Shape.area", "type-inferred"),
                List.of("other.area", "c.Shape.area", "type-inferred"));
        assertThat(query(runtime, out, HIERARCHY)).containsExactly(
                List.of("INHERITS", "c.Square", "c.Shape"),
                List.of("OVERRIDES", "c.Square.area", "c.Shape.area"));
        assertThat(query(runtime, out, """
                SELECT DISTINCT s.name, d.kind, d.qualname, d.file FROM cpg_edges e JOIN cpg_nodes s ON s.id = e.src
                JOIN cpg_nodes d ON d.id = e.dst WHERE e.kind = 'REF' AND d.kind = 'CLASS' ORDER BY 1""")).containsExactly(
                // java.lang classes are external CLASS nodes; Math is the package's own class (another file's)
                List.of("Comparable", "CLASS", "java.lang.Comparable", "<external>"),
                List.of("Double", "CLASS", "java.lang.Double", "<external>"),
                List.of("IllegalArgumentException", "CLASS", "java.lang.IllegalArgumentException", "<external>"),
                List.of("Math", "CLASS", "c.Math", "src/c/Math.java"),
                List.of("Override", "CLASS", "java.lang.Override", "<external>"),     // an annotation's type
                List.of("Shape", "CLASS", "c.Shape", "src/c/Shape.java"),
                List.of("String", "CLASS", "java.lang.String", "<external>"));
    }

    /** Wildcard imports bind the names they bring: Java {@code import a.*} and {@code import static a.U.*}, Python {@code from m import *}. */
    @Test
    void wildcardImportsBindTheNamesTheyBring(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("wildcards");
        file(repo, "src/d/util/Text.java", """
                package d.util;

                public class Text {
                    public Text() { }

                    public static String up(String s) { return s; }

                    public String low(String s) { return s; }
                }
                """);
        file(repo, "src/d/util/Nums.java", "package d.util;\n\npublic final class Nums {\n"
                + "    public static int twice(int x) { return 2 * x; }\n}\n");
        file(repo, "src/d/app/App.java", """
                package d.app;

                import d.util.*;
                import static d.util.Nums.*;

                public class App {
                    String run(String s) {
                        Text t = new Text();
                        return Text.up(s) + t.low(s) + twice(2);
                    }
                }
                """);
        file(repo, "shapes.py", "def area(r):\n    return r\n\n\nclass Circle:\n    pass\n\n\ndef _private():\n    return 0\n");
        file(repo, "use.py", "from shapes import *\n\n\ndef go():\n    return area(1), _private()\n");
        Path out = dir.resolve("out-wildcards");
        CpgBuilder.build(BuildRequest.of(repo).withOut(out));
        assertThat(query(runtime, out, CALLS)).containsExactlyInAnyOrder(
                List.of("new Text", "d.util.Text.<init>", "import-resolved"),
                List.of("Text.up", "d.util.Text.up", "import-resolved"),
                List.of("t.low", "d.util.Text.low", "type-inferred"),     // Text t: the type through import d.util.*
                List.of("twice", "d.util.Nums.twice", "import-resolved"),
                List.of("area", "shapes.area", "import-resolved"),
                List.of("_private", "shapes._private", "name-arity"));     // import * leaves out _names
        assertThat(query(runtime, out, """
                SELECT s.name, d.qualname FROM cpg_edges e JOIN cpg_nodes s ON s.id = e.src JOIN cpg_nodes d ON d.id = e.dst
                WHERE e.kind = 'REF' AND d.kind = 'IMPORT' ORDER BY 1""")).containsExactly(
                // identifiers refer to the wildcard import that binds them
                List.of("Text", "d.util"), List.of("Text", "d.util"), List.of("Text", "d.util"),
                List.of("area", "shapes"), List.of("twice", "d.util.Nums"));
    }

    @Test
    void incrementalBuildRewritesOnlyTheChangedFileAndEqualsAFullRebuild(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("inc");
        file(repo, "lib.py", "def shared(a, b):\n    return a + b\n\n\ndef unused():\n    return shared(1, 2)\n");
        file(repo, "app.py", "from lib import shared\n\n\ndef main():\n    return shared(1, 2)\n");
        file(repo, "other.py", "def other():\n    return 1\n");
        Path incremental = dir.resolve("out-inc");
        CpgBuilder.build(BuildRequest.of(repo).withOut(incremental));
        long versionBefore = DeltaTable.forPath(incremental.resolve("cpg_nodes")).version();

        file(repo, "app.py", "from lib import shared as s\n\n\ndef main():\n    s(3, 4)\n    return helper()\n\n\n"
                + "def helper():\n    return len('0')\n");      // a builtin first called here: a new external node
        BuildResult second = CpgBuilder.build(BuildRequest.of(repo).withOut(incremental).withIncremental(true));
        assertThat(second.inputs().filesReused()).isEqualTo(2);    // lib.py and other.py: their rows are unchanged
        assertThat(second.inputs().filesExtracted()).isEqualTo(3); // a full build keeps no extracted rows: all parsed
        Path full = dir.resolve("out-full");
        BuildResult fullBuild = CpgBuilder.build(BuildRequest.of(repo).withOut(full));
        // a full build streams each output (cpg_edges: each of its parts) from its query into Delta and never runs
        // the union of the parts; an incremental one reads the outputs several times
        for (String view : List.of("cpg_nodes", "cpg_props", "cpg_edges_syntax", "cpg_edges_bindings", "cpg_edges_calls")) {
            assertThat(policy(fullBuild, view)).as(view).isEqualTo(CachePolicy.NONE);
        }
        assertThat(fullBuild.cache()).extracting(CacheDecision::view).doesNotContain("cpg_edges");
        for (String table : CpgBuilder.OUTPUTS) {
            assertThat(policy(second, table)).as(table).isEqualTo(CachePolicy.MEMORY);
        }

        for (String table : CpgBuilder.OUTPUTS) {
            String all = "SELECT * FROM " + table + " ORDER BY 1, 2, 3, 4";
            assertThat(query(runtime, incremental, all)).as(table).isEqualTo(query(runtime, full, all));
        }
        // one commit, and only app.py's rows were written
        assertThat(DeltaTable.forPath(incremental.resolve("cpg_nodes")).version()).isEqualTo(versionBefore + 1);
        // (and the external nodes': app.py is the first to call len)
        long appNodes = (Long) query(runtime, full, "SELECT count(*) FROM cpg_nodes WHERE file IN ('app.py', '<external>')")
                .getFirst().getFirst();
        assertThat(second.rows("cpg_nodes")).isEqualTo(appNodes);
        assertThat(query(runtime, incremental, CALLS)).contains(List.of("s", "lib.shared", "import-resolved"),
                List.of("helper", "app.helper", "exact"));

        // each output's row digests are kept for the version written, so the next build compares without reading it
        for (String table : CpgBuilder.OUTPUTS) {
            assertThat(FileDigests.load(incremental.resolve("_incremental").resolve(table + ".digests"),
                    DeltaTable.forPath(incremental.resolve(table)).version())).as(table).isPresent();
        }
        file(repo, "other.py", "def other():\n    return helper_gone()\n");
        Files.delete(repo.resolve("lib.py"));
        BuildResult third = CpgBuilder.build(BuildRequest.of(repo).withOut(incremental).withIncremental(true));
        assertThat(third.inputs().filesReused()).isEqualTo(0);     // app.py's import of lib no longer resolves
        assertThat(third.inputs().filesExtracted()).isEqualTo(1);  // other.py; app.py's extracted rows were kept
        Path fullAgain = dir.resolve("out-full-again");
        CpgBuilder.build(BuildRequest.of(repo).withOut(fullAgain));
        for (String table : CpgBuilder.OUTPUTS) {
            String all = "SELECT * FROM " + table + " ORDER BY 1, 2, 3, 4";
            assertThat(query(runtime, incremental, all)).as(table).isEqualTo(query(runtime, fullAgain, all));
        }
        assertThat(query(runtime, incremental, "SELECT count(*) FROM cpg_nodes WHERE file = 'lib.py'"))
                .containsExactly(List.of(0L));
    }

    @Test
    void incrementalBuildsKeepOutputsInSmallFilesSortedByFileSoAnEditRewritesFewOfThem(EngineRuntime runtime)
            throws IOException {
        Path repo = dir.resolve("layout");
        java.util.Random random = new java.util.Random(42);
        for (int f = 0; f < 5; f++) {          // about 3 MB of string literals that do not compress: large node files
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                text.append('v').append(i).append(" = '").append(java.util.HexFormat.of().formatHex(bytes(random, 128)))
                        .append("'\n");
            }
            file(repo, "m" + f + ".py", text.toString());
        }
        file(repo, "small.py", "def f():\n    return 1\n");
        Path out = dir.resolve("out-layout");
        CpgBuilder.build(BuildRequest.of(repo).withOut(out));
        DeltaTable nodes = DeltaTable.forPath(out.resolve("cpg_nodes"));
        assertThat(DeltaMaintenance.detail(nodes).averageFileSize()).isGreaterThan(2 * CpgBuilder.INCREMENTAL_FILE_BYTES);

        // nothing changed, but a full build's large files would have to be rewritten whole for any change: the first
        // incremental build rewrites them into the incremental layout
        BuildResult first = CpgBuilder.build(BuildRequest.of(repo).withOut(out).withIncremental(true));
        TableDetail laidOut = DeltaMaintenance.detail(nodes);
        assertThat(laidOut.numFiles()).isGreaterThan(3);
        assertThat(laidOut.averageFileSize()).isLessThanOrEqualTo(2 * CpgBuilder.INCREMENTAL_FILE_BYTES);
        assertThat(first.inputs().filesReused()).isZero();

        file(repo, "small.py", "def f():\n    return 2\n");
        BuildResult second = CpgBuilder.build(BuildRequest.of(repo).withOut(out).withIncremental(true));
        assertThat(second.inputs().filesReused()).isEqualTo(5);
        assertThat(second.inputs().filesExtracted()).isEqualTo(1);
        BuildResult.TableWrite nodeWrite = second.delta().tables().stream().filter(w -> w.table().equals("cpg_nodes"))
                .findFirst().orElseThrow();
        assertThat(nodeWrite.filesRemoved()).isBetween(1, 2);   // the file(s) holding small.py's rows, not the others
        assertThat(DeltaMaintenance.detail(nodes).numFiles()).isBetween(laidOut.numFiles(), laidOut.numFiles() + 1);
        Path full = dir.resolve("out-layout-full");
        CpgBuilder.build(BuildRequest.of(repo).withOut(full));
        for (String table : CpgBuilder.OUTPUTS) {
            String all = "SELECT * FROM " + table + " ORDER BY 1, 2, 3, 4";
            assertThat(query(runtime, out, all)).as(table).isEqualTo(query(runtime, full, all));
        }
    }

    private static byte[] bytes(java.util.Random random, int count) {
        byte[] out = new byte[count];
        random.nextBytes(out);
        return out;
    }

    @Test
    void joinHintsFromActualCountsAreInTheManifestAndLeaveTheGraphUnchanged(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("hints");
        file(repo, "pkg/__init__.py", "");
        file(repo, "pkg/util.py", "def helper(x):\n    return x + 1\n\n\nclass Base:\n    def run(self):\n"
                + "        return self.step()\n\n    def step(self):\n        return helper(1)\n");
        file(repo, "app.py", "from pkg.util import helper as h, Base\n\n\nclass Child(Base):\n    def step(self):\n"
                + "        return h(2)\n\n\ndef main():\n    return Child().run()\n");
        Path on = dir.resolve("out-hints");
        Path off = dir.resolve("out-no-hints");
        BuildResult hinted = CpgBuilder.build(BuildRequest.of(repo).withOut(on));
        BuildResult plain = CpgBuilder.build(BuildRequest.of(repo).withOut(off).withJoinHints(false));

        assertThat(plain.joinHints()).isEmpty();
        assertThat(hinted.joinHints()).isNotEmpty().allSatisfy(hint -> {
            assertThat(hint.rationale()).startsWith("build " + hint.build() + " (").contains(") not " + hint.probe() + " (")
                    .containsPattern("rows?\\): actual counts; ");
            assertThat(hint.buildRows()).isLessThan(hint.probeRows());
        });
        assertThat(hinted.joinHints()).doesNotHaveDuplicates()
                .anySatisfy(hint -> assertThat(hint.changesPlan()).isTrue());      // counts that overrule an estimate
        BuildResult decoded = BuildResult.fromJson(Files.readString(on.resolve("manifest.json")));
        assertThat(decoded).isEqualTo(hinted);
        assertThat(decoded.joinHints()).isEqualTo(hinted.joinHints());
        assertThat(Files.readString(on.resolve("manifest.json"))).contains("\"joinHints\"").contains("actual counts");

        for (String table : CpgBuilder.OUTPUTS) {
            assertThat(sorted(query(runtime, on, "SELECT * FROM " + table))).as(table)
                    .isEqualTo(sorted(query(runtime, off, "SELECT * FROM " + table)));
            assertThat(hinted.rows(table)).as(table).isEqualTo(plain.rows(table)).isPositive();
        }
    }

    /**
     * A build of one language's files leaves out the union branches that only match the other language's rows, and
     * its graph is the one every view gives; a full build runs no view its writes do not read.
     */
    @Test
    void aBuildOfOneLanguageGivesTheGraphOfEveryView(EngineRuntime runtime) throws IOException {
        Path py = dir.resolve("only-py");
        file(py, "shapes.py", """
                import os.path as p


                class Shape:
                    @classmethod
                    def create(cls):
                        return cls()

                    def area(self):
                        return self.scale(1)

                    def scale(self, k):
                        return k


                def build():
                    s = Shape.create()

                    def inner():
                        return p.join("a", "b")
                    inner()
                    return helper(s.area())


                def helper(x):
                    return x
                """);
        Path jv = dir.resolve("only-java");
        file(jv, "src/c/Box.java", """
                package c;

                public class Box {
                    public static final Box EMPTY = new Box(0);

                    public Box() { this(1); }

                    Box(int n) { }

                    int size() { return Inner.count(); }

                    static class Inner {
                        static int count() { return new Inner().hashCode(); }
                    }
                }
                """);
        file(jv, "src/c/Crate.java", """
                package c;

                class Crate extends Box {
                    Crate() { super(2); }

                    int all() { return Box.EMPTY.size() + size(); }
                }
                """);
        for (var repo : java.util.Map.of("python", py, "java", jv).entrySet()) {
            Path every = dir.resolve("out-every-" + repo.getKey());
            Path one = dir.resolve("out-one-" + repo.getKey());
            BuildResult full = CpgBuilder.build(BuildRequest.of(repo.getValue()).withOut(every));
            CpgBuilder.build(BuildRequest.of(repo.getValue()).withOut(one).withLanguages(Set.of(repo.getKey())));
            assertThat(query(runtime, one, CALLS)).as(repo.getKey()).hasSizeGreaterThanOrEqualTo(4);
            for (String table : CpgBuilder.OUTPUTS) {
                assertThat(sorted(query(runtime, one, "SELECT * FROM " + table))).as(repo.getKey() + " " + table)
                        .isEqualTo(sorted(query(runtime, every, "SELECT * FROM " + table)));
            }
            assertThat(full.views()).extracting(ViewRun::view).contains("cpg_edges_calls").doesNotContain("cpg_edges");
        }
    }

    private static List<String> sorted(List<List<Object>> rows) {
        return rows.stream().map(Object::toString).sorted().toList();
    }

    private static CachePolicy policy(BuildResult result, String view) {
        return result.cache().stream().filter(d -> d.view().equals(view)).findFirst().orElseThrow().policy();
    }

    @Test
    void badInputIsAClearError() {
        assertThatThrownBy(() -> CpgBuilder.build(BuildRequest.of(dir.resolve("missing"))))
                .isInstanceOf(BuildException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> BuildRequest.of(dir).withLanguages(Set.of("cobol")))
                .hasMessageContaining("Unknown language 'cobol'");
    }
}
