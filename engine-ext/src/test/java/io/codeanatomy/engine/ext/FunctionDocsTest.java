package io.codeanatomy.engine.ext;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FunctionDocsTest {
    /** The project's docs folder; tests run in the module directory. */
    private static final Path DOCS = Path.of("../docs/functions.md");

    @Test
    void checkedInDocsMatchTheRegistry() throws Exception {
        String generated = FunctionDocs.renderCodeAnalysis();
        if (Boolean.getBoolean("codeanatomy.regenerateDocs")) {
            FunctionDocs.main(new String[] {DOCS.toString()});
        }
        assertThat(DOCS).as("docs/functions.md is missing; regenerate it with -Dcodeanatomy.regenerateDocs=true").exists();
        assertThat(Files.readString(DOCS, StandardCharsets.UTF_8))
                .as("docs/functions.md is stale; regenerate it with -Dcodeanatomy.regenerateDocs=true and review the diff")
                .isEqualTo(generated);
    }

    @Test
    void everyFunctionIsDocumented() {
        String docs = FunctionDocs.renderCodeAnalysis();
        for (String name : new String[] {"canonicalize_byte_span", "line_index", "span_contains", "span_overlaps", "span_len",
                "stable_id", "normalize_path", "qualname_join", "interval_align"}) {
            assertThat(docs).contains("\n## " + name + "\n");
        }
    }
}
