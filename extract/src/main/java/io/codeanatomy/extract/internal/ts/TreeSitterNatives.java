package io.codeanatomy.extract.internal.ts;

import io.codeanatomy.extract.ExtractionException;
import io.github.treesitter.jtreesitter.Language;
import io.github.treesitter.jtreesitter.NativeLibraryLookup;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads the tree-sitter natives that {@code extract/native/build.sh} compiled into the jar
 * ({@code native/linux-x86_64/*.so}). jtreesitter finds the core library through this class as a
 * {@link NativeLibraryLookup} service; the grammars are loaded once per process into the global arena.
 * A shared library cannot be mapped from inside a jar, so each is copied to a private temp directory first.
 */
@SuppressWarnings("restricted")   // loading native code is this class's purpose; the JVM runs with --enable-native-access
public final class TreeSitterNatives implements NativeLibraryLookup {
    private static final String RESOURCE_DIR = "/native/linux-x86_64/";

    /** Public no-arg constructor: instantiated by {@link java.util.ServiceLoader}. */
    public TreeSitterNatives() {}

    @Override
    public SymbolLookup get(Arena arena) {
        return SymbolLookup.libraryLookup(Extracted.INSTANCE.path("libtree-sitter.so"), arena);
    }

    /** The core library's symbols, for the walker's own bindings ({@link TsNative}). */
    static SymbolLookup coreLookup() {
        return SymbolLookup.libraryLookup(Extracted.INSTANCE.path("libtree-sitter.so"), Arena.global());
    }

    public static Language python() {
        return Grammars.PYTHON;
    }

    public static Language java() {
        return Grammars.JAVA;
    }

    /** Lazily initialised holder: the grammars load on first use, once, and never change afterwards. */
    private static final class Grammars {
        static final Language PYTHON = load("libtree-sitter-python.so", "tree_sitter_python");
        static final Language JAVA = load("libtree-sitter-java.so", "tree_sitter_java");

        private static Language load(String file, String symbol) {
            SymbolLookup lookup = SymbolLookup.libraryLookup(Extracted.INSTANCE.path(file), Arena.global());
            return Language.load(lookup, symbol);
        }
    }

    /** The temp directory the libraries were copied to; created on first use, deleted when the JVM exits. */
    private static final class Extracted {
        static final Extracted INSTANCE = new Extracted();
        private final Path dir;

        private Extracted() {
            String platform = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
            if (!platform.startsWith("Linux/") || !(platform.endsWith("amd64") || platform.endsWith("x86_64"))) {
                throw new ExtractionException("tree-sitter natives are bundled for linux-x86_64 only, this JVM runs on "
                        + platform + "; see extract/README.md to build them for another platform");
            }
            try {
                dir = Files.createTempDirectory("codeanatomy-tree-sitter-");
                dir.toFile().deleteOnExit();
                for (String name : new String[] {"libtree-sitter.so", "libtree-sitter-python.so", "libtree-sitter-java.so"}) {
                    try (InputStream in = TreeSitterNatives.class.getResourceAsStream(RESOURCE_DIR + name)) {
                        if (in == null) {
                            throw new ExtractionException("Native library " + RESOURCE_DIR + name + " is not on the class path;"
                                    + " build the extract module with Maven (native/build.sh runs in generate-resources)");
                        }
                        Path target = dir.resolve(name);
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        target.toFile().deleteOnExit();
                    }
                }
            } catch (IOException e) {
                throw new ExtractionException("Could not unpack the tree-sitter natives to a temp directory: " + e.getMessage()
                        + "; check java.io.tmpdir is writable", e);
            }
        }

        Path path(String name) {
            return dir.resolve(name);
        }
    }
}
