package io.codeanatomy.engine.core;

/**
 * How queries run: parallelism, batch size and the memory a query may hold.
 *
 * @param targetPartitions how many partitions (threads) an operator may split work into; 1..1024
 * @param batchSize        rows per Arrow batch; 1..1,048,576
 * @param memoryLimitBytes Arrow memory one query may hold; at least 1 MiB
 * @since 0.1
 */
public record ExecutionOptions(int targetPartitions, int batchSize, long memoryLimitBytes) {
    public static final int DEFAULT_BATCH_SIZE = 8192;
    public static final long DEFAULT_MEMORY_LIMIT_BYTES = 4L << 30;
    static final int MAX_PARTITIONS = 1024;
    static final int MAX_BATCH_SIZE = 1 << 20;
    static final long MIN_MEMORY_LIMIT_BYTES = 1L << 20;

    public ExecutionOptions {
        if (targetPartitions < 1 || targetPartitions > MAX_PARTITIONS) {
            throw new InvalidProfileException("execution.targetPartitions", targetPartitions, "1.." + MAX_PARTITIONS);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new InvalidProfileException("execution.batchSize", batchSize, "1.." + MAX_BATCH_SIZE);
        }
        if (memoryLimitBytes < MIN_MEMORY_LIMIT_BYTES) {
            throw new InvalidProfileException("execution.memoryLimitBytes", memoryLimitBytes, ">= " + MIN_MEMORY_LIMIT_BYTES + " (1 MiB)");
        }
    }

    /** One partition per available core, 8192-row batches, a 4 GiB memory limit. */
    public static ExecutionOptions defaults() {
        return new ExecutionOptions(Runtime.getRuntime().availableProcessors(), DEFAULT_BATCH_SIZE, DEFAULT_MEMORY_LIMIT_BYTES);
    }

    public ExecutionOptions withTargetPartitions(int partitions) {
        return new ExecutionOptions(partitions, batchSize, memoryLimitBytes);
    }

    public ExecutionOptions withBatchSize(int rows) {
        return new ExecutionOptions(targetPartitions, rows, memoryLimitBytes);
    }

    public ExecutionOptions withMemoryLimitBytes(long bytes) {
        return new ExecutionOptions(targetPartitions, batchSize, bytes);
    }
}
