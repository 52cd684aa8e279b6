package io.codeanatomy.delta.interop;

import static io.codeanatomy.delta.interop.SparkReadsOurTablesTest.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.codeanatomy.delta.DeltaException;
import io.codeanatomy.delta.DeltaExtension;
import io.codeanatomy.delta.DeltaSchemaException;
import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables Spark writes (types, partitions, DELETE/UPDATE/MERGE, deletion vectors, checkpoints, column mapping, change
 * data feed) read by us with the same rows, and our table_changes equal to Spark's change feed.
 */
@ExtendWith(ArrowLeakCheck.class)
class WeReadSparkTablesTest {
    @TempDir
    static Path dir;
    static SparkProcess spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkProcess.shared();
    }

    private static String table(Path path) {
        return "delta.`" + path + "`";
    }

    private static String uri(Path path) {
        return path.toUri().toString();
    }

    /** Our rows of the table (optionally as of a version) equal Spark's, column names included; returns ours. */
    private static List<Map<String, String>> assertWeReadSameRows(Session session, Path path, Long version) {
        Rows.Ours ours = Rows.ours(session, "SELECT * FROM delta_scan('" + uri(path) + "'" + (version == null ? "" : ", " + version) + ")");
        List<JsonNode> json = version == null ? spark.run("read " + path)
                : spark.sql("SELECT * FROM " + table(path) + " VERSION AS OF " + version);
        assertThat(ours.rows()).isNotEmpty();
        List<String> sparkColumns = new ArrayList<>();
        json.getFirst().fieldNames().forEachRemaining(sparkColumns::add);
        assertThat(ours.schema().getFields().stream().map(Field::getName).toList()).isEqualTo(sparkColumns);
        assertThat(ours.rows()).isEqualTo(Rows.spark(json, ours.schema()));
        return ours.rows();
    }

    private static List<String> ids(List<Map<String, String>> rows) {
        return rows.stream().map(row -> row.get("id")).sorted().toList();
    }

    @Test
    void typedRowsWithNulls(EngineRuntime runtime) {
        Path path = dir.resolve("typed");
        spark.sql("CREATE TABLE " + table(path) + " (id INT, big BIGINT, name STRING, score DOUBLE, flag BOOLEAN, d DATE, "
                + "ts TIMESTAMP, amount DECIMAL(12, 3), bytes BINARY, small SMALLINT) USING delta");
        spark.sql("INSERT INTO " + table(path) + " VALUES "
                + "(1, 10000000000, 'ascii', 1.5, true, DATE'2024-02-29', TIMESTAMP'2024-01-02 03:04:05.123456', 12.345, X'00FF', 7), "
                + "(2, -1, 'ünïcødé ✓', -0.25, false, DATE'1969-12-31', TIMESTAMP'1970-01-01 00:00:00', -0.001, X'', -7), "
                + "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        spark.sql("INSERT INTO " + table(path) + " SELECT id, id * 1000, concat('r', id), id / 4, id % 2 = 0, "
                + "date_add(DATE'2020-01-01', CAST(id AS INT)), TIMESTAMP'2020-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id), "
                + "id / 8, CAST(concat('b', id) AS BINARY), id FROM range(4, 40) AS r(id)");
        try (Session session = session(runtime)) {
            List<Map<String, String>> rows = assertWeReadSameRows(session, path, null);
            assertThat(rows).hasSize(39).contains(Map.of("id", "1", "big", "10000000000", "name", "ascii", "score", "1.5",
                    "flag", "true", "d", "2024-02-29", "ts", "2024-01-02T03:04:05.123456Z", "amount", "12.345", "bytes", "AP8=",
                    "small", "7"));
        }
    }

    @Test
    void partitionedTableAndPartitionFilters(EngineRuntime runtime) {
        Path path = dir.resolve("partitioned");
        spark.sql("CREATE TABLE " + table(path) + " (id INT, lang STRING, yr INT, n BIGINT) USING delta PARTITIONED BY (lang, yr)");
        spark.sql("INSERT INTO " + table(path) + " VALUES (1, 'py', 2023, 10), (2, 'java', 2024, 20), (3, 'py', 2024, 30), "
                + "(4, NULL, NULL, 40), (5, 'a b/c=d', 2024, 50)");
        try (Session session = session(runtime)) {
            assertWeReadSameRows(session, path, null);
            assertThat(Rows.ours(session, "SELECT id FROM delta_scan('" + uri(path) + "') WHERE lang = 'py' AND yr = 2024").rows())
                    .containsExactly(Map.of("id", "3"));
            assertThat(Rows.ours(session, "SELECT id FROM delta_scan('" + uri(path) + "') WHERE lang IS NULL").rows())
                    .containsExactly(Map.of("id", "4"));
            assertThat(Rows.ours(session, "SELECT lang FROM delta_scan('" + uri(path) + "') WHERE id = 5").rows())
                    .containsExactly(Map.of("lang", "a b/c=d"));
        }
    }

    @Test
    void deleteUpdateMergeWithoutDeletionVectorsAndTimeTravel(EngineRuntime runtime) {
        Path path = dir.resolve("dml");
        spark.sql("CREATE TABLE " + table(path) + " (id INT, name STRING, n INT) USING delta "
                + "TBLPROPERTIES (delta.enableDeletionVectors = false)");
        spark.sql("INSERT INTO " + table(path) + " SELECT id, concat('n', id), id * 10 FROM range(1, 9) AS r(id)");
        spark.sql("DELETE FROM " + table(path) + " WHERE id IN (2, 3)");
        spark.sql("UPDATE " + table(path) + " SET name = upper(name), n = n + 1 WHERE id > 6");
        spark.sql("MERGE INTO " + table(path) + " t USING (SELECT * FROM VALUES (1, 'one', 0), (4, 'gone', 0), (9, 'nine', 90) "
                + "AS s(id, name, n)) s ON t.id = s.id "
                + "WHEN MATCHED AND s.name = 'gone' THEN DELETE WHEN MATCHED THEN UPDATE SET t.name = s.name "
                + "WHEN NOT MATCHED THEN INSERT *");
        try (Session session = session(runtime)) {
            List<Map<String, String>> rows = assertWeReadSameRows(session, path, null);
            assertThat(rows).extracting(row -> row.get("id") + ":" + row.get("name") + ":" + row.get("n"))
                    .containsExactlyInAnyOrder("1:one:10", "5:n5:50", "6:n6:60", "7:N7:71", "8:N8:81", "9:nine:90");
            for (long version = 1; version <= 3; version++) {
                assertWeReadSameRows(session, path, version);
            }
        }
    }

    @Test
    void deletionVectorsAreApplied(EngineRuntime runtime) throws IOException {
        Path path = dir.resolve("dv");
        spark.sql("CREATE TABLE " + table(path) + " (id INT, name STRING) USING delta "
                + "TBLPROPERTIES (delta.enableDeletionVectors = true)");
        spark.sql("INSERT INTO " + table(path) + " SELECT id, concat('n', id) FROM range(0, 30) AS r(id)");
        spark.sql("DELETE FROM " + table(path) + " WHERE id % 3 = 0");
        assertThat(Files.readString(path.resolve("_delta_log/00000000000000000002.json"))).contains("\"deletionVector\"");
        try (Stream<Path> files = Files.list(path)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("deletion_vector_"));
        }
        try (Session session = session(runtime)) {
            List<Map<String, String>> rows = assertWeReadSameRows(session, path, null);
            assertThat(rows).hasSize(20).noneMatch(row -> Integer.parseInt(row.get("id")) % 3 == 0);
            assertThat(Rows.ours(session, "SELECT count(*) AS c FROM delta_scan('" + uri(path) + "') WHERE id < 10").rows())
                    .containsExactly(Map.of("c", "6"));

            spark.sql("UPDATE " + table(path) + " SET name = 'updated' WHERE id % 3 = 1");  // DV on the old file, new file
            rows = assertWeReadSameRows(session, path, null);
            assertThat(rows).hasSize(20).filteredOn(row -> row.get("name").equals("updated")).hasSize(10);
            assertWeReadSameRows(session, path, 1L);
        }
    }

    @Test
    void checkpointsWrittenBySpark(EngineRuntime runtime) throws IOException {
        Path path = dir.resolve("checkpoints");
        spark.sql("CREATE TABLE " + table(path) + " (id INT, name STRING) USING delta TBLPROPERTIES (delta.checkpointInterval = 2)");
        for (int i = 0; i < 5; i++) {
            spark.sql("INSERT INTO " + table(path) + " VALUES (" + i + ", 'v" + i + "')");
        }
        spark.sql("DELETE FROM " + table(path) + " WHERE id = 1");
        try (Stream<Path> files = Files.list(path.resolve("_delta_log"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.endsWith(".checkpoint.parquet"));
        }
        try (Session session = session(runtime)) {
            assertThat(ids(assertWeReadSameRows(session, path, null))).containsExactly("0", "2", "3", "4");
            assertWeReadSameRows(session, path, 3L);
        }
    }

    @Test
    void columnMappingWithRenamedColumn(EngineRuntime runtime) {
        Path path = dir.resolve("mapping");
        spark.sql("CREATE TABLE " + table(path) + " (id INT, old_name STRING) USING delta "
                + "TBLPROPERTIES (delta.columnMapping.mode = 'name')");
        spark.sql("INSERT INTO " + table(path) + " VALUES (1, 'a'), (2, 'b')");
        spark.sql("ALTER TABLE " + table(path) + " RENAME COLUMN old_name TO new_name");
        spark.sql("INSERT INTO " + table(path) + " VALUES (3, 'c')");
        try (Session session = session(runtime)) {
            assertThat(assertWeReadSameRows(session, path, null)).extracting(row -> row.get("id") + row.get("new_name"))
                    .containsExactlyInAnyOrder("1a", "2b", "3c");
        }
    }

    /** Our table_changes and Spark's change feed on (data columns, _change_type, _commit_version), as multisets. */
    private static List<Map<String, String>> assertSameChanges(Session session, Path path, long from, long to, String dataColumns) {
        Rows.Ours ours = Rows.ours(session, "SELECT " + dataColumns + ", _change_type, _commit_version FROM table_changes('"
                + uri(path) + "', " + from + ", " + to + ")");
        List<Map<String, String>> theirs = Rows.spark(spark.run("changes " + path + " " + from + " " + to), ours.schema());
        assertThat(ours.rows()).isEqualTo(theirs);
        return ours.rows();
    }

    private static List<String> changes(List<Map<String, String>> rows) {
        return rows.stream().map(row -> row.get("_commit_version") + " " + row.get("_change_type") + " " + row.get("id") + " "
                + row.get("name")).sorted().toList();
    }

    @Test
    void changeDataFeedFromCdcFiles(EngineRuntime runtime) throws IOException {
        Path path = dir.resolve("cdf");
        spark.sql("CREATE TABLE " + table(path) + " (id INT, name STRING, grp STRING) USING delta PARTITIONED BY (grp) "
                + "TBLPROPERTIES (delta.enableChangeDataFeed = true, delta.enableDeletionVectors = false)");
        spark.sql("INSERT INTO " + table(path) + " VALUES (1, 'a', 'x'), (2, 'b', 'x'), (3, 'c', 'y'), (4, 'd', 'y')"); // v1
        spark.sql("UPDATE " + table(path) + " SET name = 'B' WHERE id = 2");                                        // v2
        spark.sql("DELETE FROM " + table(path) + " WHERE id = 3");                                                  // v3
        spark.sql("MERGE INTO " + table(path) + " t USING (SELECT * FROM VALUES (1, 'A', 'x'), (5, 'e', 'z') AS s(id, name, grp)) s "
                + "ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.name = s.name WHEN NOT MATCHED THEN INSERT *");    // v4
        spark.sql("DELETE FROM " + table(path) + " WHERE grp = 'y'");                                               // v5: whole partition, no cdc file
        try (Stream<Path> files = Files.walk(path.resolve("_change_data"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).isPositive();
        }
        try (Session session = session(runtime)) {
            List<Map<String, String>> rows = assertSameChanges(session, path, 1, 5, "id, name, grp");
            assertThat(changes(rows)).containsExactly(
                    "1 insert 1 a", "1 insert 2 b", "1 insert 3 c", "1 insert 4 d",
                    "2 update_postimage 2 B", "2 update_preimage 2 b",
                    "3 delete 3 c",
                    "4 insert 5 e", "4 update_postimage 1 A", "4 update_preimage 1 a",
                    "5 delete 4 d");
            assertSameChanges(session, path, 2, 3, "id, name, grp");
            assertWeReadSameRows(session, path, null);
        }
    }

    @Test
    void changeDataFeedWithDeletionVectors(EngineRuntime runtime) {
        Path path = dir.resolve("cdf-dv");
        spark.sql("CREATE TABLE " + table(path) + " (id INT, name STRING) USING delta "
                + "TBLPROPERTIES (delta.enableChangeDataFeed = true, delta.enableDeletionVectors = true)");
        spark.sql("INSERT INTO " + table(path) + " SELECT id, concat('n', id) FROM range(0, 10) AS r(id)");  // v1
        spark.sql("DELETE FROM " + table(path) + " WHERE id IN (1, 2)");                                        // v2
        spark.sql("UPDATE " + table(path) + " SET name = 'x' WHERE id = 5");                                    // v3
        try (Session session = session(runtime)) {
            List<Map<String, String>> rows = assertSameChanges(session, path, 2, 3, "id, name");
            assertThat(changes(rows)).containsExactly("2 delete 1 n1", "2 delete 2 n2",
                    "3 update_postimage 5 x", "3 update_preimage 5 n5");
            assertSameChanges(session, path, 1, 3, "id, name");
        }
    }


    @Test
    void ourDmlOnSparkTablesWithDeletionVectorsAndChangeFeed(EngineRuntime runtime) {
        Path dv = dir.resolve("our-dml-dv");
        spark.sql("CREATE TABLE " + table(dv) + " (id INT, name STRING) USING delta TBLPROPERTIES (delta.enableDeletionVectors = true)");
        spark.sql("INSERT INTO " + table(dv) + " SELECT id, concat('n', id) FROM range(0, 6) AS r(id)");
        spark.sql("DELETE FROM " + table(dv) + " WHERE id = 1");                          // a deletion vector
        Path cdf = dir.resolve("our-dml-cdf");
        spark.sql("CREATE TABLE " + table(cdf) + " (id INT, name STRING) USING delta TBLPROPERTIES (delta.enableChangeDataFeed = true)");
        spark.sql("INSERT INTO " + table(cdf) + " SELECT id, concat('n', id) FROM range(0, 4) AS r(id)");  // v1
        try (Session session = session(runtime)) {
            DeltaExtension.register(session, "dv", uri(dv));
            assertThat(session.execute("INSERT INTO dv SELECT 100, 'ours'")).isEqualTo(1);
            assertThat(session.execute("DELETE FROM dv WHERE id = 2")).isEqualTo(1);    // rewrites the file that has the vector
            assertThat(session.execute("UPDATE dv SET name = 'u' WHERE id = 3")).isEqualTo(1);
            assertThat(assertWeReadSameRows(session, dv, null)).extracting(row -> row.get("id") + row.get("name"))
                    .containsExactlyInAnyOrder("0n0", "3u", "4n4", "5n5", "100ours");

            DeltaExtension.register(session, "cdf", uri(cdf));
            assertThat(session.execute("INSERT INTO cdf SELECT 100, 'ours'")).isEqualTo(1);          // v2: appends are fine
            DeltaTable table = DeltaTable.forPath(cdf.toString());
            for (String dml : List.of("DELETE FROM cdf WHERE id = 2", "UPDATE cdf SET name = 'u' WHERE id = 3")) {
                assertThatThrownBy(() -> session.execute(dml)).isInstanceOf(DeltaException.class)
                        .hasMessageContaining("delta.enableChangeDataFeed=true").hasMessageContaining("changeDataFeed")
                        .hasMessageContaining("unsupported");
            }
            assertThat(table.version()).isEqualTo(2);
            assertThat(changes(assertSameChanges(session, cdf, 1, 2, "id, name"))).containsExactly(
                    "1 insert 0 n0", "1 insert 1 n1", "1 insert 2 n2", "1 insert 3 n3", "2 insert 100 ours");
        }
    }

    @Test
    void unsupportedColumnTypesFailWithTheirName(EngineRuntime runtime) {
        Path variant = dir.resolve("variant");
        spark.sql("CREATE TABLE " + table(variant) + " (id INT, v VARIANT) USING delta");   // table feature variantType
        spark.sql("INSERT INTO " + table(variant) + " SELECT 1, parse_json('{\"a\": 1}')");
        Path nested = dir.resolve("nested");
        spark.sql("CREATE TABLE " + table(nested) + " (id INT, s STRUCT<a: INT, b: STRING>) USING delta");
        spark.sql("INSERT INTO " + table(nested) + " SELECT 1, named_struct('a', 1, 'b', 'x')");
        try (Session session = session(runtime)) {
            assertThatThrownBy(() -> Rows.ours(session, "SELECT id FROM delta_scan('" + uri(variant) + "')"))
                    .isInstanceOf(DeltaSchemaException.class).hasMessageContaining("Column v has Delta type variant")
                    .hasMessageContaining("not support");
            assertThatThrownBy(() -> Rows.ours(session, "SELECT * FROM delta_scan('" + uri(nested) + "')"))
                    .isInstanceOf(DeltaSchemaException.class).hasMessageContaining("Column s has Delta type struct")
                    .hasMessageContaining("not support");
        }
    }
}
