package io.codeanatomy.delta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.hadoopio.HadoopFileIO;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our dictionary lookup must not change a byte of what Parquet writes. */
class ArrowValuesWritersTest {
    @TempDir
    Path dir;

    @Test
    void filesAreByteForByteThoseOfParquetsDefaultWriters() throws Exception {
        Configuration conf = new Configuration();
        // small pages and dictionaries: many pages, and dictionaries that overflow and fall back to PLAIN
        conf.set("parquet.page.size", "8192");
        conf.set("parquet.dictionary.page.size", "4096");
        HadoopFileIO fileIO = new HadoopFileIO(conf);
        try (BufferAllocator allocator = new RootAllocator()) {
            byte[] ours = Files.readAllBytes(write(new ArrowParquetWriter(fileIO, dir.resolve("ours").toUri().toString(),
                    List.of()), allocator));
            byte[] parquets = Files.readAllBytes(write(new ArrowParquetWriter(fileIO,
                    dir.resolve("parquet").toUri().toString(), List.of(), new DefaultValuesWriterFactory()), allocator));
            assertThat(ours).hasSizeGreaterThan(10_000).isEqualTo(parquets);
        }
    }

    /**
     * Columns are written a run of rows at a time and pages may end inside a run: each page's first row in the offset
     * index (what readers use to skip pages) must still be the number of values before it.
     */
    @Test
    void pagesStartAtTheRowsTheOffsetIndexSays() throws Exception {
        Configuration conf = new Configuration();
        conf.set("parquet.page.size", "8192");
        conf.set("parquet.dictionary.page.size", "4096");
        try (BufferAllocator allocator = new RootAllocator()) {
            Path file = write(new ArrowParquetWriter(new HadoopFileIO(conf), dir.toUri().toString(), List.of()), allocator);
            try (ParquetFileReader reader = ParquetFileReader.open(
                    HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))) {
                List<ColumnChunkMetaData> chunks = reader.getRowGroups().getFirst().getColumns();
                List<OffsetIndex> indexes = new ArrayList<>();
                for (ColumnChunkMetaData chunk : chunks) {
                    indexes.add(reader.readOffsetIndex(chunk));
                }
                PageReadStore group = reader.readNextRowGroup();
                List<ColumnDescriptor> columns = reader.getFooter().getFileMetaData().getSchema().getColumns();
                int pages = 0;
                for (int c = 0; c < columns.size(); c++) {
                    PageReader pagesOfColumn = group.getPageReader(columns.get(c));
                    long before = 0;
                    int page = 0;
                    for (DataPage data = pagesOfColumn.readPage(); data != null; data = pagesOfColumn.readPage(), page++) {
                        assertThat(indexes.get(c).getFirstRowIndex(page)).as("column %d page %d", c, page).isEqualTo(before);
                        before += data.getValueCount();
                    }
                    assertThat(before).isEqualTo(12_000);
                    pages += page;
                }
                assertThat(pages).isGreaterThan(10);
            }
        }
    }

    private static Path write(ArrowParquetWriter writer, BufferAllocator allocator) throws Exception {
        StructType schema = new StructType(List.of(new StructField("few", StringType.STRING, true),
                new StructField("many", StringType.STRING, true), new StructField("bytes", BinaryType.BINARY, true)));
        List<FieldVector> vectors = new ArrayList<>();
        List<FilteredColumnarBatch> batches = new ArrayList<>();
        try {
            for (int b = 0; b < 4; b++) {
                VarCharVector few = new VarCharVector("few", allocator);
                VarCharVector many = new VarCharVector("many", allocator);
                VarBinaryVector bytes = new VarBinaryVector("bytes", allocator);
                vectors.addAll(List.of(few, many, bytes));
                int rows = 3000;
                for (int r = 0; r < rows; r++) {
                    int id = b * rows + r;
                    if (id % 13 == 0) {
                        few.setNull(r);
                    } else {
                        few.setSafe(r, ("kind-" + id % 17 + (id % 3 == 0 ? "" : "é")).getBytes(StandardCharsets.UTF_8));
                    }
                    many.setSafe(r, ("value " + id * 7919 % 100_003 + " " + "x".repeat(id % 40)).getBytes(StandardCharsets.UTF_8));
                    bytes.setSafe(r, new byte[] {(byte) (id % 200), (byte) (id % 7), 0});
                }
                few.setValueCount(rows);
                many.setValueCount(rows);
                bytes.setValueCount(rows);
                batches.add(new FilteredColumnarBatch(new ArrowKernelBatch(schema, List.of(few, many, bytes), rows),
                        Optional.empty()));
            }
            List<DataFileStatus> files = new ArrayList<>();
            try (CloseableIterator<DataFileStatus> written = writer.write(Utils.toCloseableIterator(batches.iterator()))) {
                written.forEachRemaining(files::add);
            }
            assertThat(files).hasSize(1);
            assertThat(files.getFirst().getStatistics().orElseThrow().getNumRecords()).isEqualTo(12_000);
            return Path.of(URI.create(files.getFirst().getPath()));
        } finally {
            vectors.forEach(FieldVector::close);
        }
    }
}
