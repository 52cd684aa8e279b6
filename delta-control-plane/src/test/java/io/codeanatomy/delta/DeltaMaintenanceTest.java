package io.codeanatomy.delta;

import static io.codeanatomy.delta.DeltaTableTest.rows;
import static io.codeanatomy.delta.DeltaTableTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.RootBatchStream;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowLeakCheck.class)
class DeltaMaintenanceTest {
    @TempDir
    Path dir;

    private static Session session(EngineRuntime runtime) {
        return Sessions.builder(RuntimeProfile.batch().withName("delta-sql")).runtime(runtime)
                .install(new DeltaExtension()).build();
    }

    private static long parquetBytes(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log"))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long parquetFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("_delta_log")).count();
        }
    }

    @Test
    void historyTimeTravelAndChangeFeedThroughSql(EngineRuntime runtime) throws Exception {
        Path path = dir.resolve("h");
        DeltaTable table = DeltaTable.forPath(path);
        String uri = table.location();
        try (Session session = session(runtime)) {
            write(session, table, "SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) AS v(id, name)", WriteMode.CREATE, WriteOptions.DEFAULT);
            Instant afterCreate = Instant.now();
            Thread.sleep(20);
            write(session, table, "SELECT 4 AS id, 'd' AS name", WriteMode.APPEND, WriteOptions.DEFAULT);
            DeltaDml.delete(table, DeltaTableTest.gt("id", 2));      // v2: file with 1,2,3 rewritten, file with 4 removed
            DeltaExtension.register(session, "t", uri);
            session.execute("UPDATE t SET name = 'B' WHERE id = 2");  // v3

            assertThat(rows(session, "SELECT version, operation, files_added, files_removed FROM delta_history('" + uri + "') ORDER BY version"))
                    .containsExactly(List.of(0L, "CREATE TABLE", 1, 0), List.of(1L, "WRITE", 1, 0),
                            List.of(2L, "WRITE", 1, 2), List.of(3L, "WRITE", 1, 1));
            assertThat(rows(session, "SELECT count(*) FROM delta_scan('" + uri + "', 1)")).containsExactly(List.of(4L));
            assertThat(rows(session, "SELECT count(*) FROM delta_scan(uri => '" + uri + "', \"timestamp\" => '" + afterCreate + "')"))
                    .containsExactly(List.of(3L));
            assertThat(rows(session, "SELECT id, name, _change_type, _commit_version FROM table_changes('" + uri + "', 1, 3) "
                    + "ORDER BY _commit_version, _change_type, id")).containsExactly(
                    List.of(4, "d", "insert", 1L),
                    List.of(3, "c", "delete", 2L), List.of(4, "d", "delete", 2L),
                    List.of(2, "b", "delete", 3L), List.of(2, "B", "insert", 3L));
            assertThatThrownBy(() -> rows(session, "SELECT * FROM delta_scan(uri => '" + uri + "', version => 9)"))
                    .hasMessageContaining("Version 9");
        }
    }

    @Test
    void checkpointCompactAndVacuum(EngineRuntime runtime) throws Exception {
        Path path = dir.resolve("m");
        DeltaTable table = DeltaTable.forPath(path);
        try (Session session = session(runtime)) {
            write(session, table, "SELECT * FROM (VALUES (1, 'x y'), (2, 'x y'), (3, 'z')) AS v(id, part)", WriteMode.CREATE,
                    WriteOptions.partitionedBy("part"));
            for (int i = 4; i <= 8; i++) {
                write(session, table, "SELECT " + i + " AS id, 'x y' AS part", WriteMode.APPEND, WriteOptions.DEFAULT);
            }
            long before = parquetFiles(path);
            long smallInXy = parquetFiles(path.resolve("part=x%20y"));
            assertThat(smallInXy).isGreaterThanOrEqualTo(6);
            TableDetail appended = DeltaMaintenance.detail(table);
            assertThat(appended.numFiles()).isEqualTo(before);
            assertThat(appended.sizeInBytes()).isEqualTo(parquetBytes(path));
            assertThat(appended.averageFileSize()).isEqualTo(parquetBytes(path) / before);
            assertThat(appended.partitionColumns()).containsExactly("part");
            CompactionReport compacted = DeltaMaintenance.compact(table);
            assertThat(compacted.filesRemoved()).isEqualTo(smallInXy);     // the one file of part=z stays
            assertThat(compacted.filesAdded()).isEqualTo(1);
            assertThat(compacted.rows()).isEqualTo(7);
            TableDetail compactedDetail = DeltaMaintenance.detail(table);     // the removed files no longer count
            assertThat(compactedDetail.numFiles()).isEqualTo(2);
            assertThat(compactedDetail.version()).isEqualTo(compacted.version().getAsLong()).isEqualTo(table.version());
            assertThat(compactedDetail.sizeInBytes()).isPositive().isLessThan(appended.sizeInBytes());
            assertThat(table.partitionColumns()).containsExactly("part");
            session.register("t", DeltaTableProvider.latest(table));
            assertThat(rows(session, "SELECT count(*), sum(id) FROM t")).containsExactly(List.of(8L, 36L));

            assertThat(DeltaMaintenance.checkpoint(table)).isEqualTo(table.version());
            assertThat(Files.list(path.resolve("_delta_log")).anyMatch(p -> p.toString().endsWith(".checkpoint.parquet"))).isTrue();

            assertThatThrownBy(() -> DeltaMaintenance.vacuum(table, Duration.ZERO, false, false))
                    .hasMessageContaining("unsafeRetention");
            // the compaction's removes are recent: a zero retention still keeps nothing the latest version needs
            VacuumReport dry = DeltaMaintenance.vacuum(table, Duration.ZERO, true, true);
            assertThat(dry.dryRun()).isTrue();
            assertThat(parquetFiles(path)).isEqualTo(before + 1);
            VacuumReport report = DeltaMaintenance.vacuum(table, Duration.ZERO, false, true);
            assertThat(report.errors()).isEmpty();
            assertThat(report.deleted()).hasSameElementsAs(dry.candidates());
            assertThat(parquetFiles(path)).isEqualTo(2);
            assertThat(rows(session, "SELECT count(*), sum(id) FROM t")).containsExactly(List.of(8L, 36L));
        }
    }

    @Test
    void failedWriteLeavesTheTableAtItsLastVersionAndVacuumRemovesTheOrphans(EngineRuntime runtime) throws Exception {
        Path path = dir.resolve("crash");
        DeltaTable table = DeltaTable.forPath(path);
        try (Session session = session(runtime)) {
            write(session, table, "SELECT 1 AS id", WriteMode.CREATE, WriteOptions.DEFAULT);
            try (BatchStream good = session.sql("SELECT * FROM (VALUES (2), (3)) AS v(id)").stream()) {
                BatchStream failing = new RootBatchStream(good.schema()) {
                    private int batches;

                    @Override
                    protected VectorSchemaRoot nextRoot() {
                        if (batches++ == 0 && good.advance()) {
                            VectorSchemaRoot b = good.current();
                            var t = b.getVector(0).getTransferPair(session.allocator());
                            t.transfer();
                            return new VectorSchemaRoot(List.of(b.getVector(0).getField()),
                                    List.of((org.apache.arrow.vector.FieldVector) t.getTo()), b.getRowCount());
                        }
                        throw new IllegalStateException("source failed");
                    }
                };
                try (failing) {
                    assertThatThrownBy(() -> DeltaWriter.write(table, failing, WriteMode.APPEND)).hasMessageContaining("source failed");
                }
            }
            assertThat(table.version()).isZero();
            assertThat(parquetFiles(path)).isEqualTo(2);
            session.register("t", DeltaTableProvider.latest(table));
            assertThat(rows(session, "SELECT id FROM t")).containsExactly(List.of(1));
            VacuumReport report = DeltaMaintenance.vacuum(table, Duration.ZERO, false, true);
            assertThat(report.deleted()).hasSize(1);
            assertThat(parquetFiles(path)).isEqualTo(1);
            assertThat(rows(session, "SELECT id FROM t")).containsExactly(List.of(1));
        }
    }

    @Test
    void schemaMismatchIsAClearErrorAndMergeSchemaAddsColumns(EngineRuntime runtime) {
        DeltaTable table = DeltaTable.forPath(dir.resolve("s"));
        try (Session session = session(runtime)) {
            write(session, table, "SELECT 1 AS id, 'a' AS name", WriteMode.CREATE, WriteOptions.DEFAULT);
            assertThatThrownBy(() -> write(session, table, "SELECT 2 AS id, 'b' AS name, 3 AS extra", WriteMode.APPEND, WriteOptions.DEFAULT))
                    .isInstanceOf(DeltaSchemaException.class).hasMessageContaining("extra").hasMessageContaining("withMergeSchema");
            assertThatThrownBy(() -> write(session, table, "SELECT 'x' AS id", WriteMode.APPEND, WriteOptions.DEFAULT))
                    .isInstanceOf(DeltaSchemaException.class).hasMessageContaining("column id is integer in the table but string");
            assertThatThrownBy(() -> write(session, table, "SELECT 2 AS id", WriteMode.CREATE, WriteOptions.DEFAULT))
                    .hasMessageContaining("already exists");
            assertThat(table.version()).isZero();

            write(session, table, "SELECT 2 AS id, 'b' AS name, 3 AS extra", WriteMode.APPEND, WriteOptions.DEFAULT.withMergeSchema(true));
            write(session, table, "SELECT 4 AS id", WriteMode.APPEND, WriteOptions.DEFAULT);
            session.register("t", DeltaTableProvider.latest(table));
            assertThat(rows(session, "SELECT id, name, extra FROM t ORDER BY id")).containsExactly(
                    Arrays.asList(1, "a", null), Arrays.asList(2, "b", 3), Arrays.asList(4, null, null));

            DeltaWriteResult overwritten = write(session, table, "SELECT 9 AS id, 'z' AS name, 0 AS extra", WriteMode.OVERWRITE, WriteOptions.DEFAULT);
            assertThat(overwritten.filesRemoved()).isEqualTo(3);
            assertThat(rows(session, "SELECT id FROM t")).containsExactly(List.of(9));
            assertThat(rows(session, "SELECT count(*) FROM t")).containsExactly(List.of(1L));
        }
    }
}
