package io.codeanatomy.cli;

import io.codeanatomy.delta.DeltaExtension;
import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.delta.DeltaTableProvider;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.ext.CodeAnalysisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Opens a build directory: a read-only session with its Delta tables registered by name. */
final class CpgTables {
    static final List<String> TABLES = List.of("cpg_nodes", "cpg_edges", "cpg_props", "extract_errors");

    private CpgTables() {}

    /** Whether {@code dir} holds a build (its cpg_nodes table at least). */
    private static boolean isBuild(Path dir) {
        return Files.isDirectory(dir.resolve("cpg_nodes").resolve("_delta_log"));
    }

    /**
     * Whether {@code dir} holds a build; when it does not, says so on {@code err} and how to make one (the commands
     * then exit with {@link ExitCodes#INPUT_NOT_FOUND}).
     */
    static boolean requireBuild(Path dir, java.io.PrintWriter err) {
        if (isBuild(dir)) {
            return true;
        }
        err.println("error: " + dir.toAbsolutePath() + " holds no build; run codeanatomy build <repo> --out " + dir
                + " first");
        err.flush();
        return false;
    }

    static Session open(Path dir) {
        Session session = Sessions.builder(RuntimeProfile.interactive().withName("cpg-query"))
                .install(new CodeAnalysisExtension(), new DeltaExtension()).build();
        try {
            for (String table : TABLES) {
                DeltaTable delta = DeltaTable.forPath(dir.resolve(table));
                if (delta.exists()) {
                    session.register(table, DeltaTableProvider.latest(delta));
                }
            }
            return session;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }
}
