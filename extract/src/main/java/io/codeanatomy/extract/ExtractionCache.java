package io.codeanatomy.extract;

import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.extract.internal.FileInspector;
import io.codeanatomy.extract.internal.RowReuse;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The rows an extraction produced, kept in a directory (one Arrow IPC file per table and the content hash of every
 * file), so that a later run over the same repository with the same options parses only the files whose content
 * changed and takes the others' rows from here ({@link ExtractionRuntime#start(Path, ExtractOptions, ExtractionSink,
 * ProgressListener, ExtractionCache)}). The tables' rows equal those of a run that extracts every file.
 * <p>
 * Arrow IPC rather than Delta: the rows are read back whole by the next run and never queried in place, and an IPC
 * file loads with one copy of its buffers (Parquet decoding of the stdlib's 525k rows cost more than parsing them).
 * A cache written by other options, another version of the extractors, or damaged, is ignored: every file is
 * extracted.
 *
 * @since 0.1
 */
public final class ExtractionCache {
    private static final int MAGIC = 0x43414558;   // "CAEX"
    private static final int FORMAT = 1;
    private static final String INDEX = "files.index";
    private static final String FILES = "repo_files_v1";
    private static final String ERRORS = "extract_errors_v1";

    private final Path directory;
    private final Map<String, String> shaByPath;
    private final Map<String, Schema> schemas;

    private ExtractionCache(Path directory, Map<String, String> shaByPath, Map<String, Schema> schemas) {
        this.directory = directory;
        this.shaByPath = Map.copyOf(shaByPath);
        this.schemas = Map.copyOf(schemas);
    }

    /**
     * The rows kept in {@code directory} by a run with {@code options} ({@link #save}); an empty cache when there are
     * none, or they came from other options or another version of the extractors, or cannot be read.
     */
    public static ExtractionCache open(Path directory, ExtractOptions options) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
                Files.newInputStream(directory.resolve(INDEX))))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT || !in.readUTF().equals(key(options))) {
                return empty(directory);
            }
            int files = in.readInt();
            Map<String, String> shaByPath = new HashMap<>(files * 2);
            for (int i = 0; i < files; i++) {
                shaByPath.put(in.readUTF(), in.readUTF());
            }
            int tables = in.readInt();
            Map<String, Schema> schemas = new LinkedHashMap<>();
            for (int i = 0; i < tables; i++) {
                String table = in.readUTF();
                schemas.put(table, Schema.fromJSON(in.readUTF()));
                if (!Files.isRegularFile(tableFile(directory, table))) {
                    return empty(directory);
                }
            }
            return new ExtractionCache(directory, shaByPath, schemas);
        } catch (NoSuchFileException e) {
            return empty(directory);
        } catch (IOException | RuntimeException e) {
            return empty(directory);          // damaged: extract everything, and the next save replaces it
        }
    }

    /** Files whose rows this cache holds. */
    public int files() {
        return shaByPath.size();
    }

    /**
     * Keeps the rows of a run with {@code options} in {@code directory}, replacing what was there: the tables
     * {@code tables} (the run's tables and schemas, {@link ExtractionJob#tables()}), each read through {@code rows}
     * (which opens a stream of the table's rows, in the table's column order; closed here), and the content hash of every
     * file from {@code repo_files_v1}, which must be among them and carry hashes (a run with
     * {@link ExtractOptions#withContentHashes} on). The files are written next to the directory and moved into place,
     * so a crash leaves the old cache or none, never a mix.
     *
     * @throws UncheckedIOException if writing fails (the directory then holds no cache)
     */
    public static void save(Path directory, ExtractOptions options, Map<String, Schema> tables,
                            Function<String, BatchStream> rows, BufferAllocator allocator) {
        if (!tables.containsKey(FILES)) {
            throw new IllegalArgumentException("An extraction cache needs the " + FILES + " table; got " + tables.keySet());
        }
        Path staging = directory.resolveSibling(directory.getFileName() + ".saving");
        try {
            deleteTree(staging);
            Files.createDirectories(staging);
            Map<String, String> shaByPath = new HashMap<>();
            Map<String, Schema> schemas = new LinkedHashMap<>();
            for (String table : new TreeSet<>(tables.keySet())) {
                try (BatchStream stream = rows.apply(table)) {
                    schemas.put(table, tables.get(table));
                    write(stream, tables.get(table), tableFile(staging, table), allocator,
                            table.equals(FILES) ? shaByPath : null);
                }
            }
            try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                    Files.newOutputStream(staging.resolve(INDEX))))) {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(key(options));
                out.writeInt(shaByPath.size());
                for (Map.Entry<String, String> file : shaByPath.entrySet()) {
                    out.writeUTF(file.getKey());
                    out.writeUTF(file.getValue());
                }
                out.writeInt(schemas.size());
                for (Map.Entry<String, Schema> schema : schemas.entrySet()) {
                    out.writeUTF(schema.getKey());
                    out.writeUTF(schema.getValue().toJson());
                }
            }
            deleteTree(directory);
            Files.move(staging, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Keeping the extracted rows in " + directory + " failed: " + e.getMessage(), e);
        }
    }

    /** What a run consults: the rows of unchanged files, or null when the cache holds none. */
    RowReuse reuse() {
        return shaByPath.isEmpty() ? null : new RowReuse() {
            @Override
            public boolean reusable(String path, String sha256) {
                return !sha256.isEmpty() && sha256.equals(shaByPath.get(path));
            }

            @Override
            public boolean fits(Map<String, Schema> tables) {
                return tables.equals(schemas);
            }

            @Override
            public Map<String, Long> emit(Set<String> paths, ExtractionSink sink) {
                Set<Long> fileIds = new java.util.HashSet<>();     // the key of every table but the errors'
                paths.forEach(path -> fileIds.add(FileInspector.fileId(path)));
                Map<String, Long> emitted = new LinkedHashMap<>();
                for (String table : schemas.keySet()) {
                    if (!table.equals(FILES)) {      // the run writes the repo_files_v1 row of every file itself
                        emitted.put(table, emitTable(table, fileIds, paths, sink));
                    }
                }
                return emitted;
            }
        };
    }

    private long emitTable(String table, Set<Long> fileIds, Set<String> paths, ExtractionSink sink) {
        long rows = 0;
        try (FileChannel channel = FileChannel.open(tableFile(directory, table), StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(channel, sink.allocator())) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            boolean byPath = table.equals(ERRORS);
            while (reader.loadNextBatch()) {
                FieldVector key = root.getVector(byPath ? "path" : "file_id");
                int[] keep = new int[root.getRowCount()];
                int kept = 0;
                for (int row = 0; row < keep.length; row++) {
                    boolean reused = byPath ? paths.contains(new String(((VarCharVector) key).get(row), StandardCharsets.UTF_8))
                            : fileIds.contains(((BigIntVector) key).get(row));
                    if (reused) {
                        keep[kept++] = row;
                    }
                }
                if (kept > 0) {
                    sink.accept(table, kept == keep.length ? transfer(root, sink.allocator())
                            : select(root, keep, kept, sink.allocator()));
                    rows += kept;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the kept rows of " + table + " from " + directory + " failed: "
                    + e.getMessage() + "; delete the directory to extract every file again", e);
        }
        return rows;
    }

    /** The reader's batch, moved into vectors of its own. */
    private static VectorSchemaRoot transfer(VectorSchemaRoot root, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>();
        for (FieldVector vector : root.getFieldVectors()) {
            TransferPair pair = vector.getTransferPair(allocator);
            pair.transfer();
            vectors.add((FieldVector) pair.getTo());
        }
        return new VectorSchemaRoot(root.getSchema().getFields(), vectors, root.getRowCount());
    }

    /** Copies of the rows {@code rows[0..count)} of {@code root}. */
    private static VectorSchemaRoot select(VectorSchemaRoot root, int[] rows, int count, BufferAllocator allocator) {
        VectorSchemaRoot out = VectorSchemaRoot.create(root.getSchema(), allocator);
        try {
            for (int c = 0; c < root.getFieldVectors().size(); c++) {
                FieldVector from = root.getVector(c);
                FieldVector to = out.getVector(c);
                to.setInitialCapacity(count);
                to.allocateNew();
                TransferPair copier = from.makeTransferPair(to);
                for (int i = 0; i < count; i++) {
                    copier.copyValueSafe(rows[i], i);
                }
                to.setValueCount(count);
            }
            out.setRowCount(count);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** Writes the rows of {@code stream} as batches of {@code schema} (the run's: a query may report other nullability). */
    private static void write(BatchStream stream, Schema schema, Path file, BufferAllocator allocator,
                              Map<String, String> shaByPath) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             VectorSchemaRoot target = VectorSchemaRoot.create(schema, allocator);
             ArrowFileWriter writer = new ArrowFileWriter(target, null, channel)) {
            writer.start();
            VectorLoader loader = new VectorLoader(target);
            while (stream.advance()) {
                VectorSchemaRoot batch = stream.current();
                if (shaByPath != null) {
                    VarCharVector paths = (VarCharVector) batch.getVector("path");
                    VarCharVector hashes = (VarCharVector) batch.getVector("sha256");
                    for (int row = 0; row < batch.getRowCount(); row++) {
                        shaByPath.put(new String(paths.get(row), StandardCharsets.UTF_8),
                                hashes.isNull(row) ? "" : new String(hashes.get(row), StandardCharsets.UTF_8));
                    }
                }
                try (ArrowRecordBatch record = new VectorUnloader(batch).getRecordBatch()) {
                    loader.load(record);
                }
                writer.writeBatch();
            }
            writer.end();
        }
    }

    /**
     * What must match for rows to be reused: the options that decide which files are read and how, the parsers, and
     * the extractors' code (the jar's size and time: a rebuilt jar may extract differently under the same version).
     * Sets and maps are sorted first: the iteration order of {@code Map.copyOf} differs from one JVM to the next.
     */
    static String key(ExtractOptions options) {
        StringBuilder key = new StringBuilder();
        key.append(options.includeGlobs()).append('|').append(options.excludeGlobs()).append('|')
                .append(options.maxFileBytes()).append('|').append(new TreeSet<>(options.extractors())).append('|')
                .append(options.classpath()).append('|').append(new java.util.TreeMap<>(ExtractionRuntime.parserVersions())).append('|');
        try {
            Path code = Path.of(ExtractionCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            key.append(code).append(':').append(Files.isRegularFile(code)
                    ? Files.size(code) + ":" + Files.getLastModifiedTime(code).toMillis() : "classes");
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            key.append("unknown code");
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static ExtractionCache empty(Path directory) {
        return new ExtractionCache(directory, Map.of(), Map.of());
    }

    private static Path tableFile(Path directory, String table) {
        return directory.resolve(table + ".arrow");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
