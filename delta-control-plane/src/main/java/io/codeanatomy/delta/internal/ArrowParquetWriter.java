package io.codeanatomy.delta.internal;

import static org.apache.parquet.hadoop.ParquetOutputFormat.BLOCK_SIZE;
import static org.apache.parquet.hadoop.ParquetOutputFormat.COMPRESSION;
import static org.apache.parquet.hadoop.ParquetOutputFormat.DICTIONARY_PAGE_SIZE;
import static org.apache.parquet.hadoop.ParquetOutputFormat.ENABLE_DICTIONARY;
import static org.apache.parquet.hadoop.ParquetOutputFormat.MAX_PADDING_BYTES;
import static org.apache.parquet.hadoop.ParquetOutputFormat.PAGE_SIZE;
import static org.apache.parquet.hadoop.ParquetOutputFormat.WRITER_VERSION;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.defaults.internal.parquet.ParquetStatsReader;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.internal.fs.Path;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.apache.arrow.vector.FieldVector;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Writes Arrow-backed batches ({@link ArrowKernelBatch}) as Parquet data files a column at a time, straight from the
 * Arrow buffers, where Kernel's default writer goes a row and a value at a time through Kernel's column vectors.
 * Everything else is as Kernel does it, so readers and the Delta log see no difference: the same Parquet schema,
 * encodings, codec and settings (read from the same Hadoop keys), files rolled at the same target size, the same file
 * names, and statistics read back from each file's footer by Kernel's own reader.
 *
 * <p>Each column takes a run of rows (at most {@link #RUN}) before the next; then the run's rows are ended, which is
 * when Parquet cuts pages. Column writers count rows themselves (every value of a flat column starts one), so pages
 * and their offset index stay right even where a page ends inside a run. File and row group sizes are checked after
 * every run, and runs shorten as a file nears its target size.
 */
final class ArrowParquetWriter {
    /** Kernel's writer reads its file size target from this Hadoop key. */
    static final String TARGET_FILE_SIZE_KEY = "delta.kernel.default.parquet.writer.targetMaxFileSize";
    private static final long DEFAULT_TARGET_FILE_SIZE = 128L << 20;
    /** The most rows per run: bounds how far a page or a file can overshoot its size. */
    static final int RUN = 1000;

    private final FileIO fileIO;
    private final String directory;
    private final List<Column> statsColumns;
    private final long targetFileSize;
    private final Settings settings;
    private int fileNumber;

    ArrowParquetWriter(FileIO fileIO, String directory, List<Column> statsColumns) {
        this(fileIO, directory, statsColumns, new ArrowValuesWriters());
    }

    /** With {@code values} as Parquet's values writer factory (tests compare ours with Parquet's default). */
    ArrowParquetWriter(FileIO fileIO, String directory, List<Column> statsColumns, ValuesWriterFactory values) {
        this.fileIO = fileIO;
        this.directory = directory;
        this.statsColumns = List.copyOf(statsColumns);
        this.targetFileSize = fileIO.getConf(TARGET_FILE_SIZE_KEY).map(Long::parseLong).orElse(DEFAULT_TARGET_FILE_SIZE);
        if (targetFileSize <= 0) {
            throw new IllegalArgumentException("Invalid target Parquet file size: " + targetFileSize);
        }
        this.settings = Settings.from(fileIO, values);
    }

    /**
     * Whether every column of {@code batch} is an Arrow vector of a type this writer covers, with no field ids (column
     * mapping). The batches of one write share a schema, so the first one decides.
     */
    static boolean supports(ColumnarBatch batch) {
        if (!(batch instanceof ArrowKernelBatch arrow)) {
            return false;
        }
        StructType schema = arrow.getSchema();
        for (int c = 0; c < schema.length(); c++) {
            StructField field = schema.at(c);
            FieldVector vector = arrow.arrowVector(c);
            if (vector == null || !ArrowParquetSchema.supports(field)
                    || !ArrowColumnSource.supports(field.getDataType(), vector)) {
                return false;
            }
        }
        return true;
    }

    /** Parquet settings Kernel's writer takes from the Hadoop configuration, with ParquetWriter's defaults. */
    private record Settings(CompressionCodecName codec, long rowGroupSize, int maxPadding, ParquetProperties properties) {
        static Settings from(FileIO fileIO, ValuesWriterFactory values) {
            // No size statistics (Parquet 2.10's unencoded byte counts and level histograms, optional): readers may use
            // them to plan memory, Delta does not read them, and collecting them per value was about 4% of writing a
            // CPG's files.
            ParquetProperties.Builder properties = ParquetProperties.builder().withValuesWriterFactory(values)
                    .withSizeStatisticsEnabled(false);
            fileIO.getConf(PAGE_SIZE).map(Integer::parseInt).ifPresent(properties::withPageSize);
            fileIO.getConf(DICTIONARY_PAGE_SIZE).map(Integer::parseInt).ifPresent(properties::withDictionaryPageSize);
            fileIO.getConf(ENABLE_DICTIONARY).map(Boolean::parseBoolean).ifPresent(properties::withDictionaryEncoding);
            fileIO.getConf(WRITER_VERSION).map(ParquetProperties.WriterVersion::fromString)
                    .ifPresent(properties::withWriterVersion);
            return new Settings(
                    fileIO.getConf(COMPRESSION).map(CompressionCodecName::fromConf)
                            .orElse(ParquetWriter.DEFAULT_COMPRESSION_CODEC_NAME),
                    fileIO.getConf(BLOCK_SIZE).map(Long::parseLong).orElse((long) ParquetWriter.DEFAULT_BLOCK_SIZE),
                    fileIO.getConf(MAX_PADDING_BYTES).map(Integer::parseInt).orElse(ParquetWriter.MAX_PADDING_SIZE_DEFAULT),
                    properties.build());
        }
    }

    /**
     * Writes the batches (closed with the returned iterator) into files of about the target size, one file per
     * {@code next()}. As with Kernel's writer, a write that fails part way leaves its files behind, uncommitted, for
     * VACUUM to remove.
     */
    CloseableIterator<DataFileStatus> write(CloseableIterator<FilteredColumnarBatch> batches) {
        return new CloseableIterator<>() {
            private final Cursor cursor = new Cursor(batches);
            private DataFileStatus written;

            @Override
            public boolean hasNext() {
                if (written == null && cursor.hasRow()) {
                    written = writeFile(cursor);
                }
                return written != null;
            }

            @Override
            public DataFileStatus next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                DataFileStatus out = written;
                written = null;
                return out;
            }

            @Override
            public void close() {
                try {
                    batches.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private DataFileStatus writeFile(Cursor cursor) {
        String path = new Path(directory, String.format("%s-%03d.parquet", UUID.randomUUID(), fileNumber++)).toString();
        StructType schema = cursor.schema;
        long rows;
        try (OpenFile file = new OpenFile(path, ArrowParquetSchema.of(schema))) {
            boolean full;
            do {
                int count = Math.min(file.rowsToNextCheck(), cursor.remaining());
                file.append(cursor.sources, cursor.rows, cursor.next, count);
                cursor.next += count;
                full = file.full();
            } while (!full && cursor.hasRow());
            rows = file.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write the Parquet file " + path + ": " + e.getMessage(), e);
        }
        return status(path, schema, rows);
    }

    /** As Kernel builds it: size and time from the file system, statistics from the footer by Kernel's reader. */
    private DataFileStatus status(String path, StructType schema, long rows) {
        try {
            FileStatus file = fileIO.getFileStatus(path);
            String resolved = fileIO.resolvePath(path);
            DataFileStatistics stats = statsColumns.isEmpty()
                    ? new DataFileStatistics(rows, Map.of(), Map.of(), Map.of(), Optional.empty())
                    : ParquetStatsReader.readDataFileStatistics(fileIO.newInputFile(resolved, file.getSize()), schema,
                            statsColumns);
            return new DataFileStatus(resolved, file.getSize(), file.getModificationTime(), Optional.ofNullable(stats));
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the stats for " + path + ": " + e.getMessage(), e);
        }
    }

    /** Walks the selected rows of the input batches; empty batches are skipped. */
    private static final class Cursor {
        private final CloseableIterator<FilteredColumnarBatch> batches;
        private ArrowColumnSource.Scratch[] scratch;
        StructType schema;
        ArrowColumnSource[] sources;
        int[] rows = new int[0];
        int size;
        int next;

        Cursor(CloseableIterator<FilteredColumnarBatch> batches) {
            this.batches = batches;
        }

        int remaining() {
            return size - next;
        }

        boolean hasRow() {
            while (next >= size) {
                if (!batches.hasNext()) {
                    return false;
                }
                load(batches.next());
            }
            return true;
        }

        private void load(FilteredColumnarBatch batch) {
            ColumnarBatch data = batch.getData();
            if (schema == null) {
                schema = data.getSchema();
                scratch = new ArrowColumnSource.Scratch[schema.length()];
                for (int c = 0; c < scratch.length; c++) {
                    scratch[c] = new ArrowColumnSource.Scratch();
                }
            } else if (!schema.equals(data.getSchema())) {
                throw new IllegalArgumentException("Input data has columnar batches with different schemas:\n schema 1: "
                        + schema + "\n schema 2: " + data.getSchema());
            }
            if (!supports(data)) {
                throw new IllegalStateException("A batch that is not Arrow-backed followed Arrow-backed ones: " + data);
            }
            select(data.getSize(), batch.getSelectionVector());
            next = 0;
            ArrowKernelBatch arrow = (ArrowKernelBatch) data;
            sources = new ArrowColumnSource[schema.length()];
            for (int c = 0; c < sources.length; c++) {
                sources[c] = ArrowColumnSource.of(schema.at(c).getDataType(), arrow.arrowVector(c), scratch[c]);
            }
        }

        /** Fills {@code rows} with the positions to write: all, or those the selection vector marks true. */
        private void select(int batchRows, Optional<ColumnVector> selection) {
            if (rows.length < batchRows) {
                rows = new int[batchRows];
            }
            size = 0;
            if (selection.isEmpty()) {
                for (int r = 0; r < batchRows; r++) {
                    rows[r] = r;
                }
                size = batchRows;
                return;
            }
            ColumnVector selected = selection.get();
            for (int r = 0; r < batchRows; r++) {
                if (!selected.isNullAt(r) && selected.getBoolean(r)) {
                    rows[size++] = r;
                }
            }
        }
    }

    /** One Parquet file being written: its row group in memory and the groups already on disk. */
    private final class OpenFile implements AutoCloseable {
        private final MessageType schema;
        private final List<ColumnDescriptor> columns;
        private final CodecFactory codecs;
        private final BytesInputCompressor compressor;
        private final ParquetFileWriter file;
        private final int[] maxDefinition;
        private ColumnChunkPageWriteStore pages;
        private ColumnWriteStore store;
        private ColumnWriter[] writers;
        private long groupRows;
        private long fileRows;
        private long writtenGroupsEnd;
        private long nextGroupSize;
        private int nextCheck;

        OpenFile(String path, MessageType schema) throws IOException {
            this.schema = schema;
            this.columns = schema.getColumns();
            this.maxDefinition = columns.stream().mapToInt(ColumnDescriptor::getMaxDefinitionLevel).toArray();
            // as ParquetWriter.Builder: codecs from a fresh Hadoop configuration, not the table's
            this.codecs = new CodecFactory(new Configuration(), settings.properties().getPageSizeThreshold());
            try {
                this.compressor = codecs.getCompressor(settings.codec());
                this.file = new ParquetFileWriter(outputFile(path), schema, ParquetFileWriter.Mode.CREATE,
                        settings.rowGroupSize(), settings.maxPadding(), null, settings.properties());
            } catch (IOException | RuntimeException e) {
                codecs.release();
                throw e;
            }
            this.nextGroupSize = settings.rowGroupSize();
            this.nextCheck = 1;
            try {
                file.start();
                openGroup();
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private OutputFile outputFile(String path) {
            io.delta.kernel.defaults.engine.fileio.OutputFile target = fileIO.newOutputFile(path);
            return new OutputFile() {
                @Override
                public PositionOutputStream create(long blockSizeHint) throws IOException {
                    io.delta.kernel.defaults.engine.fileio.PositionOutputStream out = target.create(false);
                    return new DelegatingPositionOutputStream(out) {
                        @Override
                        public long getPos() throws IOException {
                            return out.getPos();
                        }
                    };
                }

                @Override
                public PositionOutputStream createOrOverwrite(long blockSizeHint) {
                    throw new UnsupportedOperationException("data files are never overwritten");
                }

                @Override
                public boolean supportsBlockSize() {
                    return false; // as Kernel's: object stores have no blocks to align row groups to
                }

                @Override
                public long defaultBlockSize() {
                    return 128L << 20;
                }

                @Override
                public String getPath() {
                    return path;
                }
            };
        }

        private void openGroup() {
            pages = new ColumnChunkPageWriteStore(compressor, schema, settings.properties().getAllocator(),
                    settings.properties().getColumnIndexTruncateLength(),
                    settings.properties().getPageWriteChecksumEnabled(), null, 0);
            store = settings.properties().newColumnWriteStore(schema, pages, pages);
            writers = new ColumnWriter[columns.size()];
            for (int c = 0; c < writers.length; c++) {
                writers[c] = store.getColumnWriter(columns.get(c));
            }
            groupRows = 0;
        }

        /** Rows to append before the next size check. */
        int rowsToNextCheck() {
            return nextCheck;
        }

        void append(ArrowColumnSource[] sources, int[] rows, int from, int count) {
            for (int c = 0; c < sources.length; c++) {
                sources[c].write(writers[c], maxDefinition[c], rows, from, count);
            }
            for (int i = 0; i < count; i++) {
                store.endRecord();
            }
            groupRows += count;
            fileRows += count;
        }

        /**
         * Flushes the row group when it reaches its size (as ParquetWriter does) and says whether the file reached the
         * target size (as Kernel checks after every row; here the next check is planned half way to the target).
         */
        boolean full() throws IOException {
            long buffered = store.getBufferedSize();
            long rowSize = buffered / Math.max(1, groupRows);
            if (groupRows >= settings.properties().getRowGroupRowCountLimit()
                    || buffered > nextGroupSize - 2 * rowSize) {
                flushGroup();
                openGroup();
                buffered = 0;
            }
            long size = writtenGroupsEnd + buffered;
            if (size >= targetFileSize) {
                return true;
            }
            long perRow = Math.max(1, size / fileRows);
            nextCheck = Math.clamp((targetFileSize - size) / perRow / 2, 1, RUN);
            return false;
        }

        private void flushGroup() throws IOException {
            try {
                file.startBlock(groupRows);
                store.flush();
                pages.flushToFileWriter(file);
                file.endBlock();
                nextGroupSize = Math.min(file.getNextRowGroupSize(), settings.rowGroupSize());
                writtenGroupsEnd = file.getPos();
            } finally {
                closeGroup();
            }
        }

        private void closeGroup() {
            if (store != null) {
                ColumnWriteStore s = store;
                ColumnChunkPageWriteStore p = pages;
                store = null;
                pages = null;
                try {
                    s.close();
                } finally {
                    p.close();
                }
            }
        }

        /** Writes the last row group and the footer; returns the file's row count. */
        long finish() throws IOException {
            if (groupRows > 0) {
                flushGroup();
            } else {
                closeGroup();
            }
            file.end(Map.of(ParquetWriter.OBJECT_MODEL_NAME_PROP, "codeanatomy-arrow"));
            return fileRows;
        }

        @Override
        public void close() throws IOException {
            try {
                closeGroup();
                file.close(); // idempotent: closes the stream of a file that failed part way
            } finally {
                codecs.release();
            }
        }
    }
}
