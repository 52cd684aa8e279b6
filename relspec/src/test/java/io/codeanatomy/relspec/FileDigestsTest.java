package io.codeanatomy.relspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.delta.DeltaTableProvider;
import io.codeanatomy.delta.DeltaWriter;
import io.codeanatomy.delta.WriteMode;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The per-file row digests an incremental build compares: what makes them equal, what makes them differ. */
@ExtendWith(ArrowLeakCheck.class)
class FileDigestsTest {
    private static final String ROWS = "SELECT * FROM (VALUES ('a.py', 1, 'x', 0.5), ('a.py', 2, NULL, 1.5), "
            + "('b.py', 3, 'y', 2.5), ('c.py', 4, 'z', 3.5)) AS v(file, id, name, confidence)";

    @TempDir
    Path dir;

    @Test
    void sameRowsInAnyOrderAndOfAnyIntegerWidthDigestAlike(EngineRuntime runtime) {
        try (Session session = session(runtime)) {
            FileDigests rows = digests(session, ROWS);
            assertThat(rows.files()).containsExactlyInAnyOrder("a.py", "b.py", "c.py");
            assertThat(digests(session, "SELECT * FROM (" + ROWS + ") ORDER BY id DESC").changedSince(rows)).isEmpty();
            assertThat(digests(session, "SELECT file, CAST(id AS BIGINT) AS id, name, confidence FROM (" + ROWS + ")")
                    .changedSince(rows)).isEmpty();
        }
    }

    @Test
    void aChangedValueAnAddedRowAndFilesComingAndGoingAreChanges(EngineRuntime runtime) {
        try (Session session = session(runtime)) {
            FileDigests before = digests(session, ROWS);
            // b.py: one value changed; a.py: its NULL became a value; c.py: gone; d.py: new
            FileDigests after = digests(session, "SELECT * FROM (VALUES ('a.py', 1, 'x', 0.5), ('a.py', 2, '', 1.5), "
                    + "('b.py', 3, 'y', 2.25), ('d.py', 4, 'z', 3.5)) AS v(file, id, name, confidence)");
            assertThat(after.changedSince(before)).containsExactly("a.py", "b.py", "c.py", "d.py");
            // a duplicated row changes its file's count
            FileDigests duplicated = digests(session, ROWS + " UNION ALL SELECT 'c.py', 4, 'z', 3.5");
            assertThat(duplicated.changedSince(before)).containsExactly("c.py");
            // two rows swapping a value between them: each row's hash changes, and so does the sum
            FileDigests swapped = digests(session, "SELECT * FROM (VALUES ('a.py', 2, 'x', 0.5), ('a.py', 1, NULL, 1.5), "
                    + "('b.py', 3, 'y', 2.5), ('c.py', 4, 'z', 3.5)) AS v(file, id, name, confidence)");
            assertThat(swapped.changedSince(before)).containsExactly("a.py");
        }
    }

    @Test
    void rowsReadBackFromDeltaDigestAsTheyWereWritten(EngineRuntime runtime) {
        try (Session session = session(runtime)) {
            DeltaTable table = DeltaTable.forPath(dir.resolve("t"));
            try (BatchStream rows = session.sql(ROWS).stream()) {
                DeltaWriter.write(table, rows, WriteMode.CREATE);
            }
            session.register("t", DeltaTableProvider.latest(table));
            assertThat(digests(session, "SELECT * FROM t").changedSince(digests(session, ROWS))).isEmpty();
        }
    }

    @Test
    void savedDigestsAreReadBackOnlyForTheVersionTheyDescribe(EngineRuntime runtime) throws IOException {
        try (Session session = session(runtime)) {
            FileDigests rows = digests(session, ROWS);
            Path path = dir.resolve("_incremental").resolve("t.digests");
            rows.save(path, 7);
            assertThat(FileDigests.load(path, 7)).hasValueSatisfying(loaded -> {
                assertThat(loaded.changedSince(rows)).isEmpty();
                assertThat(loaded.files()).isEqualTo(rows.files());
            });
            assertThat(FileDigests.load(path, 8)).isEmpty();        // the table moved on: the digests are stale
            assertThat(FileDigests.load(dir.resolve("missing.digests"), 7)).isEmpty();
            Files.write(path, new byte[] {1, 2, 3});
            assertThat(FileDigests.load(path, 7)).isEmpty();        // damaged: computed from the table instead
            try (var files = Files.list(path.getParent())) {
                assertThat(files).containsExactly(path);            // no temporary file left behind
            }
        }
    }

    @Test
    void rowsWithoutATextFileColumnAreRefused(EngineRuntime runtime) {
        try (Session session = session(runtime)) {
            assertThatThrownBy(() -> digests(session, "SELECT 1 AS id")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs a file column").hasMessageContaining("[id]");
            assertThatThrownBy(() -> digests(session, "SELECT 1 AS file")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be text");
        }
    }

    private static FileDigests digests(Session session, String sql) {
        try (BatchStream rows = session.sql(sql).stream()) {
            return FileDigests.of(rows);
        }
    }

    private static Session session(EngineRuntime runtime) {
        return Sessions.builder(RuntimeProfile.batch()).runtime(runtime).build();
    }
}
