package io.codeanatomy.delta.internal;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.defaults.engine.hadoopio.HadoopFileIO;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.ExpressionHandler;
import io.delta.kernel.engine.FileSystemClient;
import io.delta.kernel.engine.JsonHandler;
import io.delta.kernel.engine.MetricsReporter;
import io.delta.kernel.engine.ParquetHandler;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Kernel's default engine with one handler swapped: data files of Arrow batches are written column by column from the
 * Arrow buffers ({@link ArrowParquetHandler}). Immutable and thread-safe as the default engine is.
 */
public final class ArrowWritingEngine implements Engine {
    private final Engine kernel;
    private final ParquetHandler parquet;

    private ArrowWritingEngine(Engine kernel, ParquetHandler parquet) {
        this.kernel = kernel;
        this.parquet = parquet;
    }

    /** The engine for a table whose storage is configured by {@code conf}. */
    public static Engine create(Configuration conf) {
        FileIO fileIO = new HadoopFileIO(conf);
        Engine kernel = DefaultEngine.create(fileIO);
        return new ArrowWritingEngine(kernel, new ArrowParquetHandler(fileIO, kernel.getParquetHandler()));
    }

    @Override
    public ExpressionHandler getExpressionHandler() {
        return kernel.getExpressionHandler();
    }

    @Override
    public JsonHandler getJsonHandler() {
        return kernel.getJsonHandler();
    }

    @Override
    public FileSystemClient getFileSystemClient() {
        return kernel.getFileSystemClient();
    }

    @Override
    public ParquetHandler getParquetHandler() {
        return parquet;
    }

    @Override
    public List<MetricsReporter> getMetricsReporters() {
        return kernel.getMetricsReporters();
    }
}
