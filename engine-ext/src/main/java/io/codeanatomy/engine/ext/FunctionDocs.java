package io.codeanatomy.engine.ext;

import io.codeanatomy.engine.core.RuntimeProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Renders the function reference ({@code docs/functions.md}) from a {@link FunctionRegistrySnapshot}, so the docs are
 * generated from the same definitions the engine registers and cannot drift from them. A test compares the checked-in
 * file with this rendering.
 *
 * @since 0.1
 */
public final class FunctionDocs {
    private FunctionDocs() {}

    /** The Markdown reference of every function in {@code snapshot}, in snapshot order. */
    public static String render(FunctionRegistrySnapshot snapshot) {
        StringBuilder md = new StringBuilder();
        md.append("# Functions\n\n");
        md.append("<!-- Generated from the function registry snapshot by io.codeanatomy.engine.ext.FunctionDocs; do not edit.\n");
        md.append("     Regenerate: ./mvnw -pl engine-ext test -Dtest=FunctionDocsTest -Dcodeanatomy.regenerateDocs=true -->\n\n");
        md.append("Registry snapshot SHA-256 (msgpack): `").append(snapshot.sha256()).append("`\n\n");
        md.append("Spans are half-open byte ranges `[bstart, bend)` over UTF-8 text.\n\n");
        for (FunctionEntry f : snapshot.functions()) {
            md.append("- [`").append(f.name()).append("`](#").append(f.name()).append(")\n");
        }
        for (FunctionEntry f : snapshot.functions()) {
            md.append("\n## ").append(f.name()).append("\n\n");
            md.append(f.description()).append("\n\n");
            md.append("```sql\n").append(f.syntax()).append("\n```\n\n");
            md.append("| | |\n|---|---|\n");
            md.append("| kind | ").append(f.kind().name().toLowerCase(java.util.Locale.ROOT)).append(" |\n");
            md.append("| signatures | ").append(f.signatures().stream().map(s -> "`" + s.display(f.name()) + "`")
                    .collect(Collectors.joining("<br>"))).append(" |\n");
            if (!f.parameterNames().isEmpty()) {
                md.append("| parameters | ").append(f.parameterNames().stream().map(p -> "`" + p + "`")
                        .collect(Collectors.joining(", "))).append(" |\n");
            }
            md.append("| returns | `").append(escape(f.returnType())).append("` |\n");
            md.append("| volatility | ").append(f.volatility().name()).append(" |\n");
            if (!f.aliases().isEmpty()) {
                md.append("| aliases | ").append(String.join(", ", f.aliases())).append(" |\n");
            }
            md.append("| provider | ").append(f.provider()).append(' ').append(f.providerVersion()).append(" |\n\n");
            md.append("Example:\n\n```sql\n").append(f.example()).append("\n```\n");
        }
        return md.toString();
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }

    /** The reference of the functions {@link CodeAnalysisExtension} registers. */
    public static String renderCodeAnalysis() {
        try (BufferAllocator allocator = new RootAllocator()) {
            return render(FunctionRegistrySnapshot.capture(RuntimeProfile.defaults(), allocator, List.of(new CodeAnalysisExtension())));
        }
    }

    /** Writes the reference to the path given as the only argument (default {@code docs/functions.md}). */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/functions.md");
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.writeString(target, renderCodeAnalysis(), StandardCharsets.UTF_8);
    }
}
