package io.codeanatomy.delta;

import io.codeanatomy.delta.internal.ArrowWritingEngine;
import io.codeanatomy.delta.internal.KernelTypes;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;

/**
 * A handle on one Delta table by location: a local path, {@code file:} URI or an object-store URI such as
 * {@code s3a://bucket/table}. Cheap, immutable and thread-safe; every read resolves the latest (or a requested)
 * version of the log, so a handle never goes stale.
 *
 * @since 0.1
 */
public final class DeltaTable {
    /** Recorded in every commit's engineInfo. */
    static final String ENGINE_INFO = "CodeAnatomy/0.1";
    /** Kernel's Parquet writer reads its file size target from the Hadoop configuration under this key. */
    private static final String TARGET_FILE_SIZE_KEY = "delta.kernel.default.parquet.writer.targetMaxFileSize";

    private final String location;
    private final DeltaOptions options;
    private final Engine engine;
    private final boolean kernelWriter;

    private DeltaTable(String location, DeltaOptions options, boolean kernelWriter) {
        this.location = location;
        this.options = options;
        this.kernelWriter = kernelWriter;
        // Kernel's engine writes data files a row at a time; ours writes Arrow batches a column at a time
        this.engine = kernelWriter ? DefaultEngine.create(configuration(options))
                : ArrowWritingEngine.create(configuration(options));
    }

    /** A handle that writes data files with Kernel's own Parquet writer: the reference our writer is tested against. */
    static DeltaTable forPathWithKernelWriter(String location, DeltaOptions options) {
        Objects.requireNonNull(options, "options");
        return new DeltaTable(normalize(location), options, true);
    }

    public static DeltaTable forPath(String location) {
        return forPath(location, DeltaOptions.DEFAULT);
    }

    /**
     * @throws IllegalArgumentException if {@code location} is blank or not a valid path or URI
     */
    public static DeltaTable forPath(String location, DeltaOptions options) {
        Objects.requireNonNull(options, "options");
        return new DeltaTable(normalize(location), options, false);
    }

    public static DeltaTable forPath(Path path) {
        return forPath(path.toString());
    }

    /** The table root as a URI string ({@code file:/...} for local tables). */
    public String location() {
        return location;
    }

    public DeltaOptions options() {
        return options;
    }

    public DeltaTable withOptions(DeltaOptions newOptions) {
        return new DeltaTable(location, newOptions, kernelWriter);
    }

    /** Whether a Delta log exists at the location. */
    public boolean exists() {
        return latestIfExists().isPresent();
    }

    /** The latest committed version. @throws DeltaException if there is no table */
    public long version() {
        return latest().getVersion();
    }

    /** The schema of the latest version, in Arrow types. */
    public Schema schema() {
        return KernelTypes.toArrow(latest().getSchema());
    }

    public List<String> partitionColumns() {
        return List.copyOf(latest().getPartitionColumnNames());
    }

    @Override
    public String toString() {
        return location;
    }

    Engine engine() {
        return engine;
    }

    Snapshot latest() {
        return latestIfExists().orElseThrow(() -> new DeltaException("No Delta table at " + location
                + ": there is no _delta_log there. Create it with DeltaWriter.write(table, rows, WriteMode.CREATE, ...)"));
    }

    Optional<Snapshot> latestIfExists() {
        try {
            return Optional.of(TableManager.loadSnapshot(location).build(engine));
        } catch (TableNotFoundException e) {
            return Optional.empty();
        } catch (KernelException | io.delta.kernel.exceptions.KernelEngineException e) {
            throw new DeltaException("Cannot read the Delta log of " + location + ": " + e.getMessage(), e);
        }
    }

    Snapshot atVersion(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, was " + version);
        }
        try {
            return TableManager.loadSnapshot(location).atVersion(version).build(engine);
        } catch (TableNotFoundException e) {
            throw new DeltaException("No Delta table at " + location, e);
        } catch (KernelException e) {
            throw new DeltaException("Version " + version + " of " + location + " cannot be read: " + e.getMessage()
                    + ". Versions 0.." + version() + " exist unless older ones were cleaned up", e);
        }
    }

    /** The version that was current at {@code time}: the last commit at or before it. */
    Snapshot atTimestamp(Instant time) {
        Snapshot latest = latest();
        try {
            return TableManager.loadSnapshot(location).atTimestamp(time.toEpochMilli(), latest).build(engine);
        } catch (KernelException e) {
            throw new DeltaException("No version of " + location + " at " + time + ": " + e.getMessage(), e);
        }
    }

    private static Configuration configuration(DeltaOptions options) {
        Configuration conf = new Configuration();
        io.codeanatomy.delta.internal.LocalFileSystems.configure(conf);    // no chmod/readlink processes per file
        conf.set(TARGET_FILE_SIZE_KEY, Long.toString(options.targetFileSize()));
        options.storage().forEach(conf::set);
        return conf;
    }

    static String normalize(String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("A Delta table location is required: a directory path or a URI such as "
                    + "file:/data/t or s3a://bucket/t");
        }
        String trimmed = location.strip();
        while (trimmed.length() > 1 && trimmed.endsWith("/") && !trimmed.endsWith("://")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
            URI uri = URI.create(trimmed);
            if ("file".equals(uri.getScheme())) {
                return "file:" + Path.of(uri).toAbsolutePath().normalize();
            }
            return trimmed;
        }
        return "file:" + Path.of(trimmed).toAbsolutePath().normalize();
    }
}
