package io.codeanatomy.relspec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.SessionExtension;
import io.codeanatomy.semantics.CompiledView;
import io.codeanatomy.semantics.SemanticCompiler;
import io.codeanatomy.semantics.TableRegistry;
import io.codeanatomy.semantics.ViewDef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Compiled views kept on disk between builds. Compiling the 35 views plans each one with Calcite against the input
 * schemas: about as much CPU as extracting guava, spent while extraction runs on the same two cores. The result
 * depends only on the views' SQL, the input schemas and the code that compiles them, so it is stored under a
 * SHA-256 of all three (the code by the jars it comes from: path, size, modification time) and reused by every
 * later build with the same inputs. Code not loaded from jars (an IDE, a test's class directories) is never cached:
 * it changes without its fingerprint changing. A file that cannot be read or does not match is compiled again and
 * overwritten; writes go through a temporary file, so concurrent builds never read half a file.
 */
final class CompiledViewCache {
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private CompiledViewCache() {}

    /** Where a compilation came from. */
    enum Source { CACHE, COMPILED, COMPILED_NOT_CACHEABLE }

    record Result(TableRegistry registry, Source source) {}

    /** The views compiled against {@code inputs}, from {@code dir} when an earlier build stored them there. */
    static Result compile(Path dir, Map<String, Schema> inputs, List<ViewDef> views, List<SessionExtension> extensions) {
        Optional<String> code = codeFingerprint(extensions);
        if (code.isEmpty()) {
            return new Result(SemanticCompiler.compile(inputs, views, extensions), Source.COMPILED_NOT_CACHEABLE);
        }
        return compile(dir, inputs, views, extensions, code.get());
    }

    /** {@link #compile(Path, Map, List, List)} with the code's fingerprint given (tests, whose classes are not jars). */
    static Result compile(Path dir, Map<String, Schema> inputs, List<ViewDef> views, List<SessionExtension> extensions,
                          String code) {
        Path file = dir.resolve("views-" + key(inputs, views, code) + ".json");
        Optional<TableRegistry> cached = read(file, inputs, views);
        if (cached.isPresent()) {
            return new Result(cached.get(), Source.CACHE);
        }
        TableRegistry registry = SemanticCompiler.compile(inputs, views, extensions);
        write(file, registry);
        return new Result(registry, Source.COMPILED);
    }

    private static String key(Map<String, Schema> inputs, List<ViewDef> views, String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, "format " + FORMAT);
            update(sha, code);
            new TreeMap<>(inputs).forEach((name, schema) -> {
                update(sha, name);
                update(sha, schema.toJson());
            });
            for (ViewDef view : views) {
                update(sha, view.name());
                update(sha, view.sql());
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    /**
     * The jars the compiled views depend on (engine, semantics, extensions), as path, size and modification time;
     * empty when any of them is not a jar file.
     */
    static Optional<String> codeFingerprint(List<SessionExtension> extensions) {
        List<Class<?>> classes = new ArrayList<>(List.of(Session.class, SemanticCompiler.class, CompiledViewCache.class));
        extensions.forEach(e -> classes.add(e.getClass()));
        StringBuilder fingerprint = new StringBuilder();
        for (Class<?> type : classes) {
            Optional<Path> jar = jarOf(type);
            if (jar.isEmpty()) {
                return Optional.empty();
            }
            try {
                fingerprint.append(jar.get()).append(' ').append(Files.size(jar.get())).append(' ')
                        .append(Files.getLastModifiedTime(jar.get()).toMillis()).append('\n');
            } catch (IOException | SecurityException e) {
                return Optional.empty();
            }
        }
        return Optional.of(fingerprint.toString());
    }

    /**
     * The jar file {@code type} was loaded from; empty when it came from elsewhere, or from nowhere known: a class
     * from a class-data archive made with another class path has a code source without a location.
     */
    static Optional<Path> jarOf(Class<?> type) {
        try {
            var source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location) : Optional.empty();
        } catch (java.net.URISyntaxException | SecurityException | IllegalArgumentException
                 | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The stored compilation in {@code file}, if it is there, readable, and of exactly these views and inputs. */
    private static Optional<TableRegistry> read(Path file, Map<String, Schema> inputs, List<ViewDef> views) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Stored stored = JSON.readValue(file.toFile(), Stored.class);
            Map<String, ViewDef> byName = new LinkedHashMap<>();
            views.forEach(v -> byName.put(v.name(), v));
            if (stored.format() != FORMAT || stored.views().size() != views.size()) {
                return Optional.empty();
            }
            List<CompiledView> compiled = new ArrayList<>();
            for (StoredView view : stored.views()) {
                ViewDef definition = byName.get(view.name());
                if (definition == null || !definition.sql().equals(view.sql())) {
                    return Optional.empty();
                }
                compiled.add(new CompiledView(definition, Schema.fromJSON(view.schema()), view.dependencies(),
                        view.planIdentity()));
            }
            return Optional.of(new TableRegistry(inputs, compiled));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();     // unreadable or from another version: compiled again and overwritten
        }
    }

    private static void write(Path file, TableRegistry registry) {
        List<StoredView> views = new ArrayList<>();
        for (CompiledView view : registry.views()) {
            views.add(new StoredView(view.name(), view.definition().sql(), view.schema().toJson(), view.dependencies(),
                    view.planIdentity()));
        }
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                JSON.writeValue(temporary.toFile(), new Stored(FORMAT, views));
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            // a cache that cannot be written costs the next build a compile, nothing else
        }
    }

    record Stored(int format, List<StoredView> views) {}

    record StoredView(String name, String sql, String schema, List<String> dependencies, String planIdentity) {}
}
