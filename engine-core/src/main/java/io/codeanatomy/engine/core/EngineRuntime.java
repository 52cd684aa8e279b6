package io.codeanatomy.engine.core;

import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The resources sessions run with: the root Arrow allocator, the worker threads, and the OpenTelemetry instance.
 * Settings that decide plans live in {@link RuntimeProfile}; this holds what they run on. Owned by the host, which
 * closes it after the sessions built on it. A session built without one creates and owns its own.
 *
 * @since 0.1
 */
public final class EngineRuntime implements AutoCloseable {
    private final BufferAllocator rootAllocator;
    private final ExecutorService executor;
    private final OpenTelemetry telemetry;
    private boolean closed;

    private EngineRuntime(long memoryLimitBytes, int threads, OpenTelemetry telemetry) {
        this.telemetry = telemetry;
        this.rootAllocator = new RootAllocator(memoryLimitBytes);
        this.executor = Executors.newFixedThreadPool(threads, new WorkerThreads());
    }

    /** A runtime with no memory cap beyond each profile's, one worker per core and no telemetry. */
    public static EngineRuntime create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The root of every session's allocator. Borrowed: never close it. */
    public BufferAllocator rootAllocator() {
        return rootAllocator;
    }

    /** Worker threads for parallel operators and background work. Borrowed: never shut it down. */
    public ExecutorService executor() {
        return executor;
    }

    public OpenTelemetry telemetry() {
        return telemetry;
    }

    /** Stops the workers and closes the root allocator; fails if a session still holds Arrow memory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rootAllocator.close();
    }

    /** Options for an {@link EngineRuntime}. */
    public static final class Builder {
        private long memoryLimitBytes = Long.MAX_VALUE;
        private int threads = Runtime.getRuntime().availableProcessors();
        private OpenTelemetry telemetry = OpenTelemetry.noop();

        private Builder() {}

        /** Arrow memory all sessions together may hold. */
        public Builder memoryLimitBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("memoryLimitBytes must be > 0, was " + bytes);
            }
            this.memoryLimitBytes = bytes;
            return this;
        }

        public Builder threads(int count) {
            if (count < 1 || count > 1024) {
                throw new IllegalArgumentException("threads must be 1..1024, was " + count);
            }
            this.threads = count;
            return this;
        }

        /** The host's OpenTelemetry; the default records nothing. */
        public Builder telemetry(OpenTelemetry openTelemetry) {
            this.telemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
            return this;
        }

        public EngineRuntime build() {
            return new EngineRuntime(memoryLimitBytes, threads, telemetry);
        }
    }

    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "codeanatomy-worker-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
