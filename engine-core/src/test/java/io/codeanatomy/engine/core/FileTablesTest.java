package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.tables.ArrowIpcTable;
import io.codeanatomy.engine.core.tables.CsvTable;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ArrowLeakCheck.class)
class FileTablesTest {
    @TempDir
    Path dir;

    private Path csv(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void csvTypesAreInferredFromASample(EngineRuntime runtime) throws Exception {
        Path file = csv("repos.csv", """
                repo,stars,ratio,created,archived,note
                calcite,4700,0.5,2014-05-21,false,"quoted, with comma"
                duckdb,28400,1.25,2018-06-26,true,
                "multi
                line",1,2,2020-01-01,false,x
                """);
        CsvTable table = CsvTable.open(file, CsvTable.Options.defaults());
        assertThat(table.schema().getFields()).extracting(f -> f.getType().getTypeID())
                .containsExactly(ArrowType.ArrowTypeID.Utf8, ArrowType.ArrowTypeID.Int, ArrowType.ArrowTypeID.FloatingPoint,
                        ArrowType.ArrowTypeID.Date, ArrowType.ArrowTypeID.Bool, ArrowType.ArrowTypeID.Utf8);
        try (Session session = Sessions.builder(RuntimeProfile.defaults().withBatchSize(2)).runtime(runtime).register("repos", table).build();
             QueryResult result = session.sql("SELECT repo, stars, created, note FROM repos WHERE archived = false ORDER BY stars").collect()) {
            assertThat(result.rows()).containsExactly(
                    List.of("multi\nline", 1L, LocalDate.of(2020, 1, 1), "x"),
                    List.of("calcite", 4700L, LocalDate.of(2014, 5, 21), "quoted, with comma"));
        }
    }

    @Test
    void aMalformedRowFailsWithFileAndLine(EngineRuntime runtime) throws Exception {
        Path file = csv("bad.csv", "id,score\n1,10\n2,oops\n3,30\n");
        Schema schema = new Schema(List.of(TestTables.field("id", new ArrowType.Int(64, true), true),
                TestTables.field("score", new ArrowType.Int(64, true), true)));
        CsvTable strict = CsvTable.open(file, CsvTable.Options.defaults().withSchema(schema));
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).register("scores", strict).build()) {
            assertThatThrownBy(() -> session.execute("SELECT * FROM scores"))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("bad.csv:3").hasMessageContaining("score").hasMessageContaining("OnBadRow.SKIP");
        }
    }

    @Test
    void malformedRowsCanBeSkippedIntoAList(EngineRuntime runtime) throws Exception {
        Path file = csv("bad.csv", "id,score\n1,10\n2,oops\n3\n4,40\n");
        Schema schema = new Schema(List.of(TestTables.field("id", new ArrowType.Int(64, true), true),
                TestTables.field("score", new ArrowType.Int(64, true), true)));
        CsvTable lenient = CsvTable.open(file, CsvTable.Options.defaults().withSchema(schema).withOnBadRow(CsvTable.OnBadRow.SKIP));
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).register("scores", lenient).build();
             QueryResult result = session.sql("SELECT sum(score) FROM scores").collect()) {
            assertThat(result.rows()).containsExactly(List.of(50L));
        }
        assertThat(lenient.rejectedRows()).extracting(CsvTable.RejectedRow::line).containsExactly(3L, 4L);
        assertThat(lenient.rejectedRows().get(1).reason()).contains("expected 2 fields but found 1");
    }

    @Test
    void badCsvInputIsRefusedAtOpen() throws Exception {
        assertThatThrownBy(() -> CsvTable.open(dir.resolve("missing.csv"), CsvTable.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.csv");
        Path empty = csv("empty.csv", "");
        assertThatThrownBy(() -> CsvTable.open(empty, CsvTable.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> CsvTable.Options.defaults().withInferenceRows(0)).hasMessageContaining("inferenceRows");
    }

    @Test
    void arrowIpcFilesAreScannedBatchByBatch(EngineRuntime runtime) throws Exception {
        Path file = dir.resolve("people.arrow");
        try (Session writer = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
             MemoryTable people = TestTables.people(writer.allocator());
             FileOutputStream out = new FileOutputStream(file.toFile())) {
            VectorSchemaRoot root = people.batches().getFirst();
            try (ArrowFileWriter ipc = new ArrowFileWriter(root, null, out.getChannel())) {
                ipc.start();
                ipc.writeBatch();
                ipc.writeBatch();
                ipc.end();
            }
        }
        ArrowIpcTable table = ArrowIpcTable.open(file);
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).register("people", table).build();
             QueryResult result = session.sql("SELECT count(*), count(name), max(age) FROM people").collect()) {
            assertThat(result.rows()).containsExactly(List.of(8L, 6L, 41));
            assertThat(table.statistics(null).rowCount()).hasValue(8);
        }
        Path notArrow = csv("x.arrow", "hello");
        assertThatThrownBy(() -> ArrowIpcTable.open(notArrow)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a readable Arrow IPC file");
    }
}
