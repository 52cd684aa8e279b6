package io.codeanatomy.delta;

import static io.codeanatomy.delta.DeltaTableTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table written by Spark 4.0.1 + delta-spark 4.0.0 (src/test/resources/spark-written/cdf; the spark-interop profile
 * tests against a live Spark): partitioned by grp, change data feed and deletion vectors enabled.
 * v1 INSERT (1,a,x) (2,b,x) (3,c,y) (4,d,y) (6,f,y); v2 UPDATE name='B' WHERE id=2 (cdc file + deletion vector);
 * v3 DELETE WHERE id=3 (deletion vector only, no cdc file); v4 MERGE: update id 1 to 'A', insert (5,e,z) (cdc files).
 */
@ExtendWith(ArrowLeakCheck.class)
class SparkWrittenTableTest {
    @TempDir
    Path dir;

    private static Session session(EngineRuntime runtime) {
        return Sessions.builder(RuntimeProfile.batch().withName("spark-written")).runtime(runtime).install(new DeltaExtension()).build();
    }

    private String copyOfFixture() throws IOException, URISyntaxException {
        Path source = Path.of(SparkWrittenTableTest.class.getResource("/spark-written/cdf").toURI());
        Path target = dir.resolve("cdf");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return target.toUri().toString();
    }

    @Test
    void readsRowsThroughDeletionVectorsAtEachVersion(EngineRuntime runtime) throws Exception {
        String uri = copyOfFixture();
        try (Session session = session(runtime)) {
            assertThat(rows(session, "SELECT id, name, grp FROM delta_scan('" + uri + "') ORDER BY id")).containsExactly(
                    List.of(1, "A", "x"), List.of(2, "B", "x"), List.of(4, "d", "y"), List.of(5, "e", "z"), List.of(6, "f", "y"));
            assertThat(rows(session, "SELECT id, name FROM delta_scan('" + uri + "', 2) ORDER BY id")).containsExactly(
                    List.of(1, "a"), List.of(2, "B"), List.of(3, "c"), List.of(4, "d"), List.of(6, "f"));
            assertThat(rows(session, "SELECT id FROM delta_scan('" + uri + "', 3) WHERE grp = 'y' ORDER BY id"))
                    .containsExactly(List.of(4), List.of(6));
        }
    }

    @Test
    void changeFeedTakesCdcFilesWhereACommitHasThem(EngineRuntime runtime) throws Exception {
        String uri = copyOfFixture();
        try (Session session = session(runtime)) {
            // the same rows as Spark's table_changes on this table (v3 has no cdc file: its deletion vector is diffed)
            assertThat(rows(session, "SELECT _commit_version, _change_type, id, name, grp FROM table_changes('" + uri + "', 1, 4) "
                    + "ORDER BY _commit_version, _change_type, id")).containsExactly(
                    List.of(1L, "insert", 1, "a", "x"), List.of(1L, "insert", 2, "b", "x"), List.of(1L, "insert", 3, "c", "y"),
                    List.of(1L, "insert", 4, "d", "y"), List.of(1L, "insert", 6, "f", "y"),
                    List.of(2L, "update_postimage", 2, "B", "x"), List.of(2L, "update_preimage", 2, "b", "x"),
                    List.of(3L, "delete", 3, "c", "y"),
                    List.of(4L, "insert", 5, "e", "z"), List.of(4L, "update_postimage", 1, "A", "x"),
                    List.of(4L, "update_preimage", 1, "a", "x"));
        }
    }

    @Test
    void rewritesOnAChangeFeedTableAreRefusedBeforeWriting(EngineRuntime runtime) throws Exception {
        String uri = copyOfFixture();
        DeltaTable table = DeltaTable.forPath(uri);
        try (Session session = session(runtime)) {
            DeltaExtension.register(session, "t", uri);
            assertThatThrownBy(() -> session.execute("UPDATE t SET name = 'z' WHERE id = 4")).isInstanceOf(DeltaException.class)
                    .hasMessageContaining("delta.enableChangeDataFeed=true").hasMessageContaining("unsupported");
            assertThatThrownBy(() -> session.execute("DELETE FROM t WHERE id = 4")).isInstanceOf(DeltaException.class)
                    .hasMessageContaining("DELETE of ");
            assertThat(table.version()).isEqualTo(4);
            // a delete that drops whole files needs no change data files
            assertThat(session.execute("DELETE FROM t WHERE grp = 'z'")).isEqualTo(1);
            assertThat(rows(session, "SELECT _change_type, id FROM table_changes('" + uri + "', 5, 5)"))
                    .containsExactly(List.of("delete", 5));
            try (Stream<Path> files = Files.walk(Path.of(java.net.URI.create(uri)))) {
                assertThat(files.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_change_data"))).hasSize(5);
            }
        }
    }
}
