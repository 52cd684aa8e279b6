package io.codeanatomy.relspec;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.semantics.ViewDef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiled views come back from the cache exactly as compiled; a change to a view, an input schema or the code
 * compiles again; a damaged file is compiled again and replaced; classes outside jars are never cached.
 */
class CompiledViewCacheTest {
    private static final Map<String, Schema> INPUTS = Map.of("t", new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null))));
    private static final List<ViewDef> VIEWS = List.of(
            new ViewDef("named", "SELECT id, upper(name) AS name FROM t WHERE name IS NOT NULL", "named rows"),
            new ViewDef("counted", "SELECT name, count(*) AS n FROM named GROUP BY name", "per name"));

    @TempDir
    Path dir;

    @Test
    void aSecondCompileOfTheSameViewsComesFromTheCacheUnchanged() {
        var first = CompiledViewCache.compile(dir, INPUTS, VIEWS, List.of(), "code v1");
        var second = CompiledViewCache.compile(dir, INPUTS, VIEWS, List.of(), "code v1");
        assertThat(first.source()).isEqualTo(CompiledViewCache.Source.COMPILED);
        assertThat(second.source()).isEqualTo(CompiledViewCache.Source.CACHE);
        assertThat(second.registry()).isEqualTo(first.registry());
        assertThat(second.registry().view("counted").orElseThrow().dependencies()).containsExactly("named");
    }

    @Test
    void aChangedViewInputOrCodeCompilesAgain() {
        CompiledViewCache.compile(dir, INPUTS, VIEWS, List.of(), "code v1");
        List<ViewDef> changed = List.of(VIEWS.get(0),
                new ViewDef("counted", "SELECT name, count(*) AS n, min(id) AS first FROM named GROUP BY name", "per name"));
        var recompiled = CompiledViewCache.compile(dir, INPUTS, changed, List.of(), "code v1");
        assertThat(recompiled.source()).isEqualTo(CompiledViewCache.Source.COMPILED);
        assertThat(recompiled.registry().view("counted").orElseThrow().schema().getFields()).hasSize(3);

        Map<String, Schema> wider = Map.of("t", new Schema(List.of(INPUTS.get("t").getFields().get(0),
                INPUTS.get("t").getFields().get(1), new Field("extra", FieldType.nullable(ArrowType.Utf8.INSTANCE), null))));
        assertThat(CompiledViewCache.compile(dir, wider, VIEWS, List.of(), "code v1").source())
                .isEqualTo(CompiledViewCache.Source.COMPILED);
        assertThat(CompiledViewCache.compile(dir, INPUTS, VIEWS, List.of(), "code v2").source())
                .isEqualTo(CompiledViewCache.Source.COMPILED);
    }

    @Test
    void aDamagedFileIsCompiledAgainAndReplaced() throws Exception {
        CompiledViewCache.compile(dir, INPUTS, VIEWS, List.of(), "code v1");
        List<Path> files;
        try (var listing = Files.list(dir)) {
            files = listing.toList();
        }
        assertThat(files).hasSize(1);
        Files.writeString(files.getFirst(), "{\"format\": 1, \"views\": [{\"name\": \"named\"");
        var again = CompiledViewCache.compile(dir, INPUTS, VIEWS, List.of(), "code v1");
        assertThat(again.source()).isEqualTo(CompiledViewCache.Source.COMPILED);
        assertThat(CompiledViewCache.compile(dir, INPUTS, VIEWS, List.of(), "code v1").source())
                .isEqualTo(CompiledViewCache.Source.CACHE);
    }

    @Test
    void classesOutsideJarsAreNotCached() {
        // the tests run from target/classes directories: no fingerprint, so nothing is stored
        assertThat(CompiledViewCache.codeFingerprint(List.of())).isEmpty();
        var result = CompiledViewCache.compile(dir, INPUTS, VIEWS, List.of());
        assertThat(result.source()).isEqualTo(CompiledViewCache.Source.COMPILED_NOT_CACHEABLE);
        assertThat(dir).isEmptyDirectory();
    }

    /** A class whose code source has no location is not in a jar: nothing is cached, and nothing fails. */
    @Test
    void codeWithoutALocationIsNotFingerprinted() throws Exception {
        String name = LocationlessExtension.class.getName();
        byte[] bytes;
        try (var in = LocationlessExtension.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        var domain = new java.security.ProtectionDomain(new java.security.CodeSource(null,
                (java.security.cert.Certificate[]) null), null);
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
                return className.equals(name) ? defineClass(name, bytes, 0, bytes.length, domain)
                        : super.loadClass(className, resolve);
            }
        };
        var extension = (io.codeanatomy.engine.core.SessionExtension) loader.loadClass(name).getDeclaredConstructor().newInstance();
        assertThat(extension.getClass().getProtectionDomain().getCodeSource().getLocation()).isNull();
        assertThat(CompiledViewCache.jarOf(extension.getClass())).isEmpty();
        assertThat(CompiledViewCache.codeFingerprint(List.of(extension))).isEmpty();
    }

    public static final class LocationlessExtension implements io.codeanatomy.engine.core.SessionExtension {
        @Override
        public String id() {
            return "test.locationless";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public void install(io.codeanatomy.engine.core.ExtensionContext context) {
        }
    }
}
