package io.codeanatomy.delta.internal;

import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.engine.ParquetHandler;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Kernel's Parquet handler, except that data files of Arrow-backed batches are written by {@link ArrowParquetWriter}.
 * Reads, checkpoints (written atomically) and batches of other kinds or types go to Kernel's handler unchanged.
 */
final class ArrowParquetHandler implements ParquetHandler {
    private final FileIO fileIO;
    private final ParquetHandler kernel;

    ArrowParquetHandler(FileIO fileIO, ParquetHandler kernel) {
        this.fileIO = fileIO;
        this.kernel = kernel;
    }

    @Override
    public CloseableIterator<FileReadResult> readParquetFiles(CloseableIterator<FileStatus> files, StructType schema,
                                                              Optional<Predicate> predicate) throws IOException {
        return kernel.readParquetFiles(files, schema, predicate);
    }

    @Override
    public CloseableIterator<DataFileStatus> writeParquetFiles(String directory,
                                                               CloseableIterator<FilteredColumnarBatch> data,
                                                               List<Column> statsColumns) throws IOException {
        if (!data.hasNext()) {
            return kernel.writeParquetFiles(directory, data, statsColumns);
        }
        FilteredColumnarBatch first = data.next();
        CloseableIterator<FilteredColumnarBatch> all = prepend(first, data);
        return ArrowParquetWriter.supports(first.getData())
                ? new ArrowParquetWriter(fileIO, directory, statsColumns).write(all)
                : kernel.writeParquetFiles(directory, all, statsColumns);
    }

    @Override
    public void writeParquetFileAtomically(String path, CloseableIterator<FilteredColumnarBatch> data) throws IOException {
        kernel.writeParquetFileAtomically(path, data);
    }

    private static CloseableIterator<FilteredColumnarBatch> prepend(FilteredColumnarBatch first,
                                                                    CloseableIterator<FilteredColumnarBatch> rest) {
        return new CloseableIterator<>() {
            private boolean firstTaken;

            @Override
            public boolean hasNext() {
                return !firstTaken || rest.hasNext();
            }

            @Override
            public FilteredColumnarBatch next() {
                if (!firstTaken) {
                    firstTaken = true;
                    return first;
                }
                if (!rest.hasNext()) {
                    throw new NoSuchElementException();
                }
                return rest.next();
            }

            @Override
            public void close() throws IOException {
                rest.close();
            }
        };
    }
}
