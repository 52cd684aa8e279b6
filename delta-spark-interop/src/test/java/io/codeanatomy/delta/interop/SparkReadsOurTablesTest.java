package io.codeanatomy.delta.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codeanatomy.delta.DeltaExtension;
import io.codeanatomy.delta.DeltaMaintenance;
import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.delta.DeltaWriter;
import io.codeanatomy.delta.WriteMode;
import io.codeanatomy.delta.WriteOptions;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Tables we write (create, append, partitions, overwrite, schema evolution, DML, checkpoint, compaction) read by Spark. */
@ExtendWith(ArrowLeakCheck.class)
class SparkReadsOurTablesTest {
    @TempDir
    static Path dir;
    static SparkProcess spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkProcess.shared();
    }

    static Session session(EngineRuntime runtime) {
        return Sessions.builder(RuntimeProfile.batch().withName("interop")).runtime(runtime).install(new DeltaExtension()).build();
    }

    static void write(Session session, DeltaTable table, String sql, WriteMode mode, WriteOptions options) {
        try (BatchStream rows = session.sql(sql).stream()) {
            DeltaWriter.write(table, rows, mode, options);
        }
    }

    /** Spark's rows of the table at {@code path} (optionally as of a version) equal ours, column names included. */
    static void assertSparkReadsSameRows(Session session, Path path, Long version) {
        String uri = path.toUri().toString();
        Rows.Ours ours = Rows.ours(session, "SELECT * FROM delta_scan('" + uri + "'" + (version == null ? "" : ", " + version) + ")");
        List<JsonNode> json = version == null ? spark.run("read " + path)
                : spark.sql("SELECT * FROM delta.`" + path + "` VERSION AS OF " + version);
        assertThat(ours.rows()).isNotEmpty();
        List<String> sparkColumns = new ArrayList<>();
        json.getFirst().fieldNames().forEachRemaining(sparkColumns::add);
        assertThat(sparkColumns).isEqualTo(ours.schema().getFields().stream().map(f -> f.getName()).toList());
        assertThat(Rows.spark(json, ours.schema())).isEqualTo(ours.rows());
    }

    static List<String> sparkHistory(Path path) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : spark.sql("DESCRIBE HISTORY delta.`" + path + "`")) {
            out.add(row.get("version").asLong() + " " + row.get("operation").asText());
        }
        return out.reversed();
    }

    @Test
    void typedRowsWithNullsAndTimeTravel(EngineRuntime runtime) {
        Path path = dir.resolve("typed");
        DeltaTable table = DeltaTable.forPath(path);
        try (Session session = session(runtime)) {
            write(session, table, """
                    SELECT * FROM (VALUES
                      (1, CAST(10000000000 AS BIGINT), 'ascii', CAST(1.5 AS DOUBLE), TRUE, DATE '2024-02-29',
                       CAST(TIMESTAMP '2024-01-02 03:04:05.123456' AS TIMESTAMP), CAST(12.34 AS DECIMAL(10, 2)),
                       CAST(TIMESTAMP '2024-01-02 03:04:05.654321' AS TIMESTAMP WITH LOCAL TIME ZONE)),
                      (2, CAST(-1 AS BIGINT), 'ünïcødé ✓', CAST(-0.25 AS DOUBLE), FALSE, DATE '1969-12-31',
                       CAST(TIMESTAMP '1970-01-01 00:00:00' AS TIMESTAMP), CAST(-0.01 AS DECIMAL(10, 2)),
                       CAST(TIMESTAMP '1969-12-31 23:59:59.5' AS TIMESTAMP WITH LOCAL TIME ZONE)),
                      (3, CAST(NULL AS BIGINT), CAST(NULL AS VARCHAR), CAST(NULL AS DOUBLE), CAST(NULL AS BOOLEAN),
                       CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP), CAST(NULL AS DECIMAL(10, 2)),
                       CAST(NULL AS TIMESTAMP WITH LOCAL TIME ZONE))
                    ) AS v(id, big, name, score, flag, d, ts, amount, tsz)""", WriteMode.CREATE, WriteOptions.DEFAULT);
            write(session, table, "SELECT 4 AS id, CAST(4 AS BIGINT) AS big, 'four' AS name, CAST(4 AS DOUBLE) AS score, "
                    + "TRUE AS flag, DATE '2000-01-01' AS d, CAST(TIMESTAMP '2000-01-01 12:00:00.5' AS TIMESTAMP) AS ts, "
                    + "CAST(4 AS DECIMAL(10, 2)) AS amount, CAST(TIMESTAMP '2000-01-01 00:00:00' AS TIMESTAMP WITH LOCAL TIME ZONE) AS tsz",
                    WriteMode.APPEND, WriteOptions.DEFAULT);

            assertSparkReadsSameRows(session, path, null);
            assertSparkReadsSameRows(session, path, 0L);
            assertThat(sparkHistory(path)).containsExactly("0 CREATE TABLE", "1 WRITE");
            // SQL TIMESTAMP is Delta's timestamp_ntz, TIMESTAMP WITH LOCAL TIME ZONE its (UTC-adjusted) timestamp
            assertThat(spark.sql("DESCRIBE delta.`" + path + "`")).extracting(row -> row.get("col_name").asText() + " "
                    + row.get("data_type").asText()).containsExactly("id int", "big bigint", "name string", "score double",
                    "flag boolean", "d date", "ts timestamp_ntz", "amount decimal(10,2)", "tsz timestamp");
        }
    }

    @Test
    void partitionsOverwriteAndSchemaEvolution(EngineRuntime runtime) {
        Path path = dir.resolve("partitioned");
        DeltaTable table = DeltaTable.forPath(path);
        try (Session session = session(runtime)) {
            write(session, table, "SELECT * FROM (VALUES (1, 'py', 10), (2, 'java', 20), (3, 'py', 30), (4, CAST(NULL AS VARCHAR), 40)) "
                    + "AS v(id, lang, n)", WriteMode.CREATE, WriteOptions.partitionedBy("lang"));
            assertSparkReadsSameRows(session, path, null);
            assertThat(spark.sql("SELECT id FROM delta.`" + path + "` WHERE lang = 'py' ORDER BY id"))
                    .extracting(row -> row.get("id").asInt()).containsExactly(1, 3);

            write(session, table, "SELECT * FROM (VALUES (5, 'go', 50), (6, 'py', 60)) AS v(id, lang, n)",
                    WriteMode.OVERWRITE, WriteOptions.DEFAULT);
            assertSparkReadsSameRows(session, path, null);

            write(session, table, "SELECT 7 AS id, 'rust' AS lang, 70 AS n, 'new column' AS note", WriteMode.APPEND,
                    WriteOptions.DEFAULT.withMergeSchema(true));
            assertSparkReadsSameRows(session, path, null);
            assertSparkReadsSameRows(session, path, 1L);
            assertThat(spark.sql("SELECT note FROM delta.`" + path + "` WHERE id = 7"))
                    .extracting(row -> row.get("note").asText()).containsExactly("new column");
        }
    }

    @Test
    void deleteUpdateCheckpointAndCompactionThenSparkAppends(EngineRuntime runtime) throws IOException {
        Path path = dir.resolve("dml");
        DeltaTable table = DeltaTable.forPath(path);
        String uri = table.location();
        try (Session session = session(runtime)) {
            write(session, table, "SELECT * FROM (VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)) AS v(id, name, n)",
                    WriteMode.CREATE, WriteOptions.DEFAULT);
            write(session, table, "SELECT * FROM (VALUES (4, 'd', 40), (5, 'e', 50)) AS v(id, name, n)",
                    WriteMode.APPEND, WriteOptions.DEFAULT);
            DeltaExtension.register(session, "t", uri);
            assertThat(session.execute("DELETE FROM t WHERE n > 35 AND id <> 5")).isEqualTo(1);
            assertThat(session.execute("UPDATE t SET name = upper(name), n = n + 1 WHERE id IN (2, 5)")).isEqualTo(2);
            long checkpointed = DeltaMaintenance.checkpoint(table);
            assertThat(DeltaMaintenance.compact(table).filesRemoved()).isGreaterThan(1);

            assertThat(Files.exists(path.resolve("_delta_log").resolve(String.format("%020d.checkpoint.parquet", checkpointed)))).isTrue();
            assertSparkReadsSameRows(session, path, null);
            assertThat(spark.run("read " + path)).extracting(row -> row.get("id").asInt() + row.get("name").asText() + row.get("n").asInt())
                    .containsExactlyInAnyOrder("1a10", "2B21", "3c30", "5E51");
            List<String> history = sparkHistory(path);
            assertThat(history).hasSize((int) table.version() + 1).startsWith("0 CREATE TABLE", "1 WRITE");

            // and back: Spark appends to and deletes from our table, we read what it wrote
            spark.sql("INSERT INTO delta.`" + path + "` VALUES (6, 'f', 60)");
            spark.sql("DELETE FROM delta.`" + path + "` WHERE id = 1");
            assertThat(Rows.ours(session, "SELECT id, name, n FROM delta_scan('" + uri + "')").rows())
                    .extracting(row -> row.get("id") + row.get("name") + row.get("n"))
                    .containsExactlyInAnyOrder("2B21", "3c30", "5E51", "6f60");
            assertSparkReadsSameRows(session, path, null);
        }
        try (Stream<Path> files = Files.list(path.resolve("_delta_log"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.endsWith(".checkpoint.parquet"));
        }
    }

    static Map<String, String> row(Object... keyValues) {
        java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put((String) keyValues[i], keyValues[i + 1] == null ? null : keyValues[i + 1].toString());
        }
        return out;
    }
}
