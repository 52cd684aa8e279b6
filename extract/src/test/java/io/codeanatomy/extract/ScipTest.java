package io.codeanatomy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import io.codeanatomy.extract.internal.scip.proto.Scip;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowLeakCheck.class)
class ScipTest {
    private static final String GREET = "scip-python python demo 1.0 `pkg.a`/greet().";
    private static final String BASE = "scip-python python demo 1.0 `pkg.a`/Base#";
    private static final String IMPL = "scip-python python demo 1.0 `pkg.b`/Impl#";
    private static final String EXTERNAL = "scip-python python stdlib 3.11 os/getcwd().";

    @TempDir
    Path repo;

    private static Scip.Occurrence occurrence(String symbol, int roles, List<Integer> range, List<Integer> enclosing) {
        return Scip.Occurrence.newBuilder().setSymbol(symbol).setSymbolRoles(roles).addAllRange(range)
                .addAllEnclosingRange(enclosing).build();
    }

    private static Scip.Index index() {
        int definition = Scip.SymbolRole.Definition_VALUE;
        Scip.Document a = Scip.Document.newBuilder().setRelativePath("src/a.py").setLanguage("python")
                .addSymbols(Scip.SymbolInformation.newBuilder().setSymbol(GREET).setDisplayName("greet")
                        .setKind(Scip.SymbolInformation.Kind.Function).addDocumentation("Says hello.")
                        .addDocumentation("second entry is ignored"))
                .addSymbols(Scip.SymbolInformation.newBuilder().setSymbol(BASE).setDisplayName("Base")
                        .setKind(Scip.SymbolInformation.Kind.Class))
                // 4-int range (multi-line enclosing def), then a 3-int range on one line.
                .addOccurrences(occurrence(GREET, definition, List.of(0, 4, 9), List.of(0, 0, 2, 13)))
                .addOccurrences(occurrence(BASE, definition, List.of(4, 6, 10), List.of()))
                .addOccurrences(occurrence(EXTERNAL, Scip.SymbolRole.ReadAccess_VALUE, List.of(1, 11, 3, 2), List.of()))
                .build();
        Scip.Document b = Scip.Document.newBuilder().setRelativePath("src/b.py").setLanguage("python")
                .addSymbols(Scip.SymbolInformation.newBuilder().setSymbol(IMPL).setDisplayName("Impl")
                        .setKind(Scip.SymbolInformation.Kind.Class)
                        .addRelationships(Scip.Relationship.newBuilder().setSymbol(BASE).setIsImplementation(true))
                        .addRelationships(Scip.Relationship.newBuilder().setSymbol(GREET).setIsReference(true)))
                .addOccurrences(occurrence(IMPL, definition, List.of(2, 6, 10), List.of()))
                .addOccurrences(occurrence(BASE, 0, List.of(2, 11, 15), List.of()))
                .addOccurrences(occurrence(GREET, 0, List.of(7, 1), List.of()))   // malformed: 2 ints
                .build();
        return Scip.Index.newBuilder()
                .setMetadata(Scip.Metadata.newBuilder().setProjectRoot("file:///demo")
                        .setToolInfo(Scip.ToolInfo.newBuilder().setName("test").setVersion("0")))
                .addDocuments(a).addDocuments(b)
                .addExternalSymbols(Scip.SymbolInformation.newBuilder().setSymbol(EXTERNAL).setDisplayName("getcwd"))
                .build();
    }

    @Test
    void indexYieldsSymbolsAndOccurrencesWithBothRangeEncodings(EngineRuntime runtime) {
        Repos.write(repo, "index.scip", index().toByteArray());
        Repos.write(repo, "src/a.py", "def greet():\n    pass\n");
        ExtractOptions options = ExtractOptions.DEFAULT.withExtractors(EnumSet.of(ExtractorKind.SCIP));
        Repos.extract(runtime, repo, options, x -> {
            assertThat(x.rows("SELECT relative_path, symbol, display_name, kind, documentation, relationship_count,"
                    + " is_implementation, is_external FROM scip_symbols_v1 ORDER BY display_name"))
                    .containsExactly(
                            Arrays.asList("src/a.py", BASE, "Base", "Class", null, 0, false, false),
                            Arrays.asList("src/b.py", IMPL, "Impl", "Class", null, 2, true, false),
                            Arrays.asList(null, EXTERNAL, "getcwd", null, null, 0, false, true),
                            Arrays.asList("src/a.py", GREET, "greet", "Function", "Says hello.", 0, false, false));
            assertThat(x.rows("SELECT relative_path, symbol, symbol_roles, is_definition, start_line, start_col, end_line,"
                    + " end_col, enclosing_start_line, enclosing_end_line, enclosing_end_col FROM scip_occurrences_v1"
                    + " ORDER BY relative_path, start_line, start_col"))
                    .containsExactly(
                            Arrays.asList("src/a.py", GREET, 1, true, 0, 4, 0, 9, 0, 2, 13),
                            Arrays.asList("src/a.py", EXTERNAL, 8, false, 1, 11, 3, 2, null, null, null),
                            Arrays.asList("src/a.py", BASE, 1, true, 4, 6, 4, 10, null, null, null),
                            Arrays.asList("src/b.py", IMPL, 1, true, 2, 6, 2, 10, null, null, null),
                            Arrays.asList("src/b.py", BASE, 0, false, 2, 11, 2, 15, null, null, null));
            // doc_file_id is the scanner's file_id of the document, so occurrences join to repo_files and the ts tables.
            assertThat(x.rows("SELECT DISTINCT f.path FROM scip_occurrences_v1 o JOIN repo_files_v1 f"
                    + " ON o.doc_file_id = f.file_id")).containsExactly(List.of("src/a.py"));
            assertThat(x.rows("SELECT lang FROM repo_files_v1 WHERE path = 'index.scip'")).containsExactly(List.of("scip"));
            assertThat(x.rows("SELECT path, stage, error_class FROM extract_errors_v1"))
                    .containsExactly(List.of("index.scip#src/b.py", "scip", "MalformedRange"));
            return null;
        });
    }

    @Test
    void aNestedIndexResolvesDocumentsAgainstItsOwnDirectory(EngineRuntime runtime) {
        Scip.Index index = Scip.Index.newBuilder().addDocuments(Scip.Document.newBuilder().setRelativePath("./x/../a.py")
                .addOccurrences(occurrence(GREET, Scip.SymbolRole.Definition_VALUE, List.of(0, 4, 9), List.of()))).build();
        Repos.write(repo, "svc/index.scip", index.toByteArray());
        Repos.write(repo, "svc/a.py", "def greet():\n    pass\n");
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT f.path, d.name FROM scip_occurrences_v1 o JOIN repo_files_v1 f ON o.doc_file_id = f.file_id"
                    + " JOIN defs_v1 d ON d.file_id = f.file_id AND d.line = o.start_line + 1 AND d.kind = 'function'"))
                    .containsExactly(List.of("svc/a.py", "greet"));
            return null;
        });
    }

    @Test
    void corruptIndexBecomesAnErrorRowAndTheRunGoesOn(EngineRuntime runtime) {
        byte[] good = index().toByteArray();
        Repos.write(repo, "sub/index.scip", good);
        // A truncated index: the last field is cut in half, so protobuf parsing fails.
        Repos.write(repo, "broken/index.scip", Arrays.copyOf(good, good.length - 7));
        Repos.write(repo, "garbage/index.scip", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 1, 2});
        Repos.write(repo, "m.py", "x = 1\n");
        Repos.extract(runtime, repo, ExtractOptions.DEFAULT, x -> {
            assertThat(x.rows("SELECT path, stage, error_class FROM extract_errors_v1 WHERE error_class <> 'MalformedRange'"
                    + " ORDER BY path"))
                    .containsExactly(List.of("broken/index.scip", "scip", "InvalidScipIndex"),
                            List.of("garbage/index.scip", "scip", "InvalidScipIndex"));
            assertThat(x.count("SELECT count(*) FROM scip_occurrences_v1")).isEqualTo(5);
            assertThat(x.count("SELECT count(*) FROM defs_v1 WHERE name = 'x'")).isZero();
            assertThat(x.count("SELECT count(*) FROM assignments_v1 WHERE target = 'x'")).isEqualTo(1);
            assertThat(x.count("SELECT count(*) FROM repo_files_v1")).isEqualTo(4);
            return null;
        });
    }
}
