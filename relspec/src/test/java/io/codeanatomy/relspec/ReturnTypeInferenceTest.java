package io.codeanatomy.relspec;

import static io.codeanatomy.relspec.CpgBuilderTest.CALLS;
import static io.codeanatomy.relspec.CpgBuilderTest.file;
import static io.codeanatomy.relspec.CpgBuilderTest.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Receivers typed by the declared return type of the call that produced them; edges checked by hand. */
@ExtendWith(ArrowLeakCheck.class)
class ReturnTypeInferenceTest {
    @TempDir
    Path dir;

    @Test
    void pythonLocalsAndChainedReceiversTakeTheReturnAnnotationOfTheCalledFunction(EngineRuntime runtime)
            throws IOException {
        Path repo = dir.resolve("py");
        file(repo, "models.py", """
                from typing import Optional


                class Base:
                    def close(self):
                        return None


                class Conn(Base):
                    def send(self, data):
                        return data

                    @classmethod
                    def open(cls) -> "Conn":
                        return cls()


                class Pool:
                    def get(self) -> Optional["Conn"]:
                        return None


                def connect() -> Conn:
                    return Conn()


                def untyped():
                    return Conn()


                def reopen():
                    conn = Conn.open()
                    conn.send(3)
                """);
        file(repo, "other.py", """
                from models import Conn as C


                def fetch() -> "C":
                    return C()
                """);
        file(repo, "app.py", """
                import models
                import other
                from models import Conn, Pool, connect, untyped


                class Client:
                    def __init__(self):
                        self.conn = other.fetch()

                    def pool(self) -> Pool:
                        return Pool()

                    def run(self, p: Pool):
                        a = connect()
                        a.send(1)
                        b = models.connect()
                        b.close()
                        c = self.pool()
                        g = c.get()
                        g.send(6)
                        d = p.get()
                        d.send(2)
                        e = Conn.open()
                        e.send(3)
                        self.pool().get()
                        Pool().get()
                        f = untyped()
                        f.send(4)
                        untyped().send(5)
                        self.conn.send(7)
                """);
        Path out = dir.resolve("out-py");
        CpgBuilder.build(BuildRequest.of(repo).withOut(out));
        assertThat(query(runtime, out, CALLS)).containsExactlyInAnyOrder(
                // models.py: a classmethod factory on a class of the same module
                List.of("Conn.open", "models.Conn.open", "exact"),
                List.of("conn.send", "models.Conn.send", "type-inferred"),
                // app.py: the calls whose values are assigned, resolved without return types
                List.of("connect", "models.connect", "import-resolved"),
                List.of("models.connect", "models.connect", "import-resolved"),
                List.of("self.pool", "app.Client.pool", "type-inferred"),
                List.of("self.pool", "app.Client.pool", "type-inferred"),
                List.of("p.get", "models.Pool.get", "type-inferred"),
                List.of("Conn.open", "models.Conn.open", "import-resolved"),
                List.of("untyped", "models.untyped", "import-resolved"),
                List.of("untyped", "models.untyped", "import-resolved"),
                List.of("other.fetch", "other.fetch", "import-resolved"),
                // ... and the calls on what they return: "-> Conn" read in models.py, "-> Pool" in app.py
                List.of("a.send", "models.Conn.send", "type-inferred"),
                List.of("b.close", "models.Base.close", "type-inferred"),        // inherited from Conn's base
                List.of("c.get", "models.Pool.get", "type-inferred"),
                List.of("g.send", "models.Conn.send", "type-inferred"),         // two links: self.pool(), c.get()
                List.of("d.send", "models.Conn.send", "type-inferred"),         // Optional["Conn"]
                List.of("e.send", "models.Conn.send", "type-inferred"),         // classmethod -> "Conn"
                List.of("self.pool().get", "models.Pool.get", "type-inferred"), // chained receiver
                List.of("Pool().get", "models.Pool.get", "type-inferred"),      // a constructor call as receiver
                // a field assigned in __init__; "-> 'C'" is read in other.py, where C is models.Conn
                List.of("self.conn.send", "models.Conn.send", "type-inferred"),
                // untyped() declares nothing: f.send stays unresolved (f is known to be assigned a call, so no
                // guess by name), and the chained call falls back to name and arity
                List.of("untyped().send", "models.Conn.send", "name-arity"));
    }

    @Test
    void javaVarLocalsAndChainedCallsTakeTheDeclaredReturnType(EngineRuntime runtime) throws IOException {
        Path repo = dir.resolve("java");
        file(repo, "src/p/Builder.java", """
                package p;

                public class Builder {
                    public Builder add(int x) { return this; }
                    public Product build() { return null; }
                    public static Builder create() { return null; }
                    public java.util.List<Product> all() { return null; }
                    public Product[] array() { return null; }
                }
                """);
        file(repo, "src/p/Product.java", """
                package p;

                public class Product {
                    public void use() {}
                }
                """);
        file(repo, "src/p/Special.java", """
                package p;

                public class Special extends Builder {
                    @Override public Builder add(int x) { return this; }
                    public static Special special() { return null; }
                }
                """);
        file(repo, "src/p/Main.java", """
                package p;

                public class Main {
                    void run() {
                        var b = Builder.create();
                        b.add(1);
                        Builder.create().add(2).build().use();
                        var list = b.all();
                        list.size();
                        b.array().clone();
                        Builder s = Special.special();
                        s.add(3);
                        new Builder().add(4);
                    }
                }
                """);
        Path out = dir.resolve("out-java");
        CpgBuilder.build(BuildRequest.of(repo).withOut(out));
        assertThat(query(runtime, out, CALLS)).containsExactlyInAnyOrder(
                List.of("Builder.create", "p.Builder.create", "import-resolved"),
                List.of("Builder.create", "p.Builder.create", "import-resolved"),
                List.of("b.add", "p.Builder.add", "type-inferred"),                       // var b = Builder.create()
                List.of("Builder.create().add", "p.Builder.add", "type-inferred"),        // chained
                List.of("Builder.create().add(2).build", "p.Builder.build", "type-inferred"),
                List.of("Builder.create().add(2).build().use", "p.Product.use", "type-inferred"),
                List.of("Special.special", "p.Special.special", "import-resolved"),
                List.of("s.add", "p.Builder.add", "type-inferred"),      // the declared type wins over the returned one
                List.of("new Builder().add", "p.Builder.add", "type-inferred"),  // no constructor declared, still a Builder
                List.of("b.all", "p.Builder.all", "type-inferred"),
                List.of("b.array", "p.Builder.array", "type-inferred"));
        // List and arrays are no repository classes: list.size() and b.array().clone() get no edge
        assertThat(query(runtime, out, "SELECT qualname FROM cpg_nodes WHERE kind = 'METHOD' AND name = 'all'"))
                .containsExactly(List.of("p.Builder.all"));
    }
}
