package io.codeanatomy.engine.core.tables;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.RootBatchStream;
import io.codeanatomy.engine.core.spi.ScanRequest;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.codeanatomy.engine.core.spi.TableStatistics;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * An Arrow IPC file (the random-access "file" format) as a table. Scans read one record batch at a time into the
 * query's allocator and hand out only the projected columns. The row count comes from one pass over the file's
 * batches the first time statistics are asked for.
 *
 * @since 0.1
 */
public final class ArrowIpcTable implements TableProvider {
    private final Path file;
    private final Schema schema;
    private volatile TableStatistics statistics;

    private ArrowIpcTable(Path file, Schema schema) {
        this.file = file;
        this.schema = schema;
    }

    /**
     * Opens {@code file} and reads its schema.
     *
     * @throws IllegalArgumentException if the file is missing or not an Arrow IPC file
     */
    public static ArrowIpcTable open(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Arrow IPC file " + file + " does not exist");
        }
        try (BufferAllocator allocator = new RootAllocator();
             FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            return new ArrowIpcTable(file, reader.getVectorSchemaRoot().getSchema());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a readable Arrow IPC file: " + e.getMessage(), e);
        }
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public TableStatistics statistics(SessionView session) {
        TableStatistics known = statistics;
        if (known == null) {
            long rows = 0;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                 ArrowFileReader reader = new ArrowFileReader(channel, session.allocator())) {
                for (ArrowBlock block : reader.getRecordBlocks()) {
                    reader.loadRecordBatch(block);
                    rows += reader.getVectorSchemaRoot().getRowCount();
                }
            } catch (IOException e) {
                return TableStatistics.UNKNOWN;
            }
            known = TableStatistics.ofRowCount(rows);
            statistics = known;
        }
        return known;
    }

    @Override
    public BatchStream scan(SessionView session, ScanRequest request) {
        List<Field> fields = new ArrayList<>();
        int[] indexes = new int[request.columns().size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = indexOf(request.columns().get(i));
            fields.add(schema.getFields().get(indexes[i]));
        }
        Schema projected = new Schema(fields);
        FileChannel channel;
        ArrowFileReader reader;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            reader = new ArrowFileReader(channel, session.allocator());
            reader.getVectorSchemaRoot();
        } catch (IOException e) {
            throw new ExecutionException("Cannot read Arrow IPC file " + file + ": " + e.getMessage(), e);
        }
        long limit = request.limit().orElse(Long.MAX_VALUE);
        return new RootBatchStream(projected) {
            private long produced;

            @Override
            protected VectorSchemaRoot nextRoot() {
                try {
                    while (produced < limit && reader.loadNextBatch()) {
                        VectorSchemaRoot loaded = reader.getVectorSchemaRoot();
                        int rows = (int) Math.min(loaded.getRowCount(), limit - produced);
                        if (rows == 0) {
                            continue;
                        }
                        List<FieldVector> vectors = new ArrayList<>(indexes.length);
                        for (int index : indexes) {
                            // move the buffers out: the reader reuses its root for the next batch
                            TransferPair pair = loaded.getVector(index).getTransferPair(session.allocator());
                            pair.splitAndTransfer(0, rows);
                            vectors.add((FieldVector) pair.getTo());
                        }
                        produced += rows;
                        return new VectorSchemaRoot(projected.getFields(), vectors, rows);
                    }
                    return null;
                } catch (IOException e) {
                    throw new ExecutionException("Cannot read a record batch of " + file + ": " + e.getMessage(), e);
                }
            }

            @Override
            protected void release() {
                try {
                    reader.close();
                    channel.close();
                } catch (IOException e) {
                    throw new ExecutionException("Cannot close " + file, e);
                }
            }
        };
    }

    private int indexOf(String column) {
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Column '" + column + "' is not in " + file);
    }
}
