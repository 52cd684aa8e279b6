package io.codeanatomy.engine.core.internal.exec;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.QueryCancelledException;
import io.codeanatomy.engine.core.ResourceExhaustedException;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.spi.SessionView;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;

/**
 * Everything one query run needs: its allocator (bounded by the profile's memory limit), the session view handed to
 * providers, cancellation, correlation variables, and per-node metrics for EXPLAIN ANALYZE. Closing it releases the
 * query allocator, which fails loudly if an operator leaked memory.
 */
public final class ExecContext implements AutoCloseable {
    private final String queryId;
    private final SessionView session;
    private final BufferAllocator allocator;
    private final ExecutorService executor;
    private final boolean analyze;
    private final Map<PhysicalNode, OperatorMetrics> metrics;
    private final Map<Integer, Object[]> correlations;
    private final ExecContext query;                  // this, or the query's context for a parallel region
    private final Map<PhysicalNode, Object> shared;   // a parallel region's shared scan and hash-join builds
    private final Map<PhysicalNode, Object> runState; // state a node keeps for the whole run (a shared result)
    private volatile boolean cancelled;
    private volatile String cancelReason;

    /** Adopts {@code allocator} (the query's own). */
    public ExecContext(String queryId, SessionView session, BufferAllocator allocator, ExecutorService executor, boolean analyze) {
        this.queryId = queryId;
        this.session = session;
        this.allocator = allocator;
        this.executor = executor;
        this.analyze = analyze;
        this.metrics = Collections.synchronizedMap(new IdentityHashMap<>());
        this.correlations = new ConcurrentHashMap<>();
        this.query = this;
        this.shared = Map.of();
        this.runState = new ConcurrentHashMap<>();
    }

    private ExecContext(ExecContext query, Map<PhysicalNode, Object> shared) {
        this.queryId = query.queryId;
        this.session = query.session;
        this.allocator = query.allocator;
        this.executor = query.executor;
        this.analyze = query.analyze;
        this.metrics = query.metrics;
        this.correlations = query.correlations;
        this.query = query;
        this.shared = shared;
        this.runState = query.runState;
    }

    /**
     * The context of one parallel region of this query: everything is the query's (allocator, metrics,
     * cancellation) except the state its workers share, by node: the morsel source of the scan they split and the
     * hash tables of the joins they probe. Never closed; the query's context is.
     */
    public ExecContext forRegion(Map<PhysicalNode, Object> sharedByNode) {
        return new ExecContext(query, Map.copyOf(sharedByNode));
    }

    /** The state {@code node}'s instances share in this parallel region, or null outside one. */
    public <T> T shared(PhysicalNode node, Class<T> type) {
        Object state = shared.get(node);
        return state == null ? null : type.cast(state);
    }

    /** The state {@code node} keeps for the whole query run, in every region: made by {@code make} when first asked. */
    public <T> T runState(PhysicalNode node, Class<T> type, java.util.function.Supplier<T> make) {
        return type.cast(runState.computeIfAbsent(node, n -> make.get()));
    }

    public String queryId() {
        return queryId;
    }

    public SessionView session() {
        return session;
    }

    public RuntimeProfile profile() {
        return session.profile();
    }

    public int batchSize() {
        return session.profile().execution().batchSize();
    }

    public ExecutorService executor() {
        return executor;
    }

    /** The query allocator. Borrowed. */
    public BufferAllocator allocator() {
        return allocator;
    }

    public long memoryLimitBytes() {
        return session.profile().execution().memoryLimitBytes();
    }

    public void cancel(String reason) {
        query.cancelReason = reason;
        query.cancelled = true;
    }

    public void checkCancelled() {
        if (query.cancelled) {
            throw new QueryCancelledException("Query " + queryId + " was cancelled: " + query.cancelReason);
        }
    }

    /**
     * Runs {@code task} for each of {@code tasks} indexes on {@code threads} virtual threads, each taking the next
     * index until none is left or a task failed; returns when all are done, throwing the first failure. For work
     * split by hash partition (a join's build side, an aggregation's final merge).
     *
     * @param activity what the threads do, for the message when the waiting thread is interrupted
     */
    public void runInParallel(String activity, int tasks, int threads, java.util.function.IntConsumer task) {
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<Thread> started = new java.util.ArrayList<>();
        for (int w = 0; w < Math.min(threads, tasks); w++) {
            started.add(Thread.ofVirtual().name("query-" + queryId + "-task-", w).start(() -> {
                try {
                    for (int t = next.getAndIncrement(); t < tasks && failure.get() == null; t = next.getAndIncrement()) {
                        task.accept(t);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread thread : started) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new QueryCancelledException("Query " + queryId + " was interrupted while "
                        + activity));
            }
        }
        switch (failure.get()) {
            case null -> { }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            case Throwable e -> throw new ExecutionException("Query " + queryId + " failed while " + activity, e);
        }
    }

    public void bindCorrelation(int id, Object[] row) {
        correlations.put(id, row);
    }

    public Object[] correlation(int id) {
        Object[] row = correlations.get(id);
        if (row == null) {
            throw new ExecutionException("Correlation variable $cor" + id + " is not bound; this is a planner bug");
        }
        return row;
    }

    public boolean analyzing() {
        return analyze;
    }

    public OperatorMetrics metrics(PhysicalNode node) {
        return metrics.get(node);
    }

    /** Wraps a node's operator for cancellation checks, memory-error translation and (when analyzing) metrics. */
    Operator instrument(PhysicalNode node, Operator operator) {
        OperatorMetrics m = analyze ? metrics.computeIfAbsent(node, n -> new OperatorMetrics()) : null;
        return new Instrumented(node.name(), operator, m);
    }

    /** Turns Arrow's allocation failure into the engine's error naming the operator and the limit. */
    public ResourceExhaustedException exhausted(String operator, OutOfMemoryException e) {
        return new ResourceExhaustedException(operator, memoryLimitBytes(), e);
    }

    @Override
    public void close() {
        if (query == this) {
            allocator.close();
        }
    }

    private final class Instrumented implements Operator {
        private final String name;
        private final Operator delegate;
        private final OperatorMetrics metrics;

        Instrumented(String name, Operator delegate, OperatorMetrics metrics) {
            this.name = name;
            this.delegate = delegate;
            this.metrics = metrics;
        }

        @Override
        public Batch next() {
            checkCancelled();
            long start = metrics == null ? 0 : System.nanoTime();
            Batch batch;
            try {
                batch = delegate.next();
            } catch (OutOfMemoryException e) {
                throw exhausted(name, e);
            }
            if (metrics != null) {
                metrics.nanos.addAndGet(System.nanoTime() - start);
                if (batch != null) {
                    metrics.rows.addAndGet(batch.rows());
                    metrics.batches.incrementAndGet();
                }
            }
            return batch;
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
