package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.ExecContext;
import io.codeanatomy.engine.core.internal.exec.Operator;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Morsel-driven parallelism for one pipeline: a scan, then filters, projections and hash-join probes (the joins'
 * build sides hang off it). {@code degree} workers each run their own copy of the pipeline; the copies take the
 * scan's batches (the morsels) one at a time from a shared source, so a slow morsel does not hold the others up, and
 * probe each join's one shared hash table (built once, by the first worker that needs it). Their output batches
 * meet in a bounded queue that this operator's consumer drains, in no particular order.
 *
 * <p>Workers are virtual threads: a worker blocked on the queue or on a build being hashed holds no platform
 * thread, so regions nested in build sides cannot starve each other of threads.
 */
public final class ParallelNode extends PhysicalNode {
    private final int degree;

    private ParallelNode(PhysicalNode pipeline, int degree) {
        super(pipeline.schema(), List.of(pipeline));
        this.degree = degree;
    }

    /**
     * {@code node} run by {@code degree} workers when it is a pipeline that can be split (a scan of at least
     * {@code minRows} rows under filters, projections and hash-join probes, at least one of them); else {@code node}.
     * With {@code partialAggregate}, {@code node} may end in an aggregation that is the partial phase of a split one
     * (each worker aggregates its own rows, a final aggregation merges them); any other aggregation must see all rows
     * and is never run per worker.
     */
    public static PhysicalNode wrap(PhysicalNode node, int degree, long minRows,
                                    java.util.function.ToLongFunction<ScanNode> scanRows, boolean partialAggregate) {
        if (degree < 2 || node instanceof ScanNode || node instanceof HashAggregateNode && !partialAggregate) {
            return node;
        }
        ScanNode scan = drivingScan(node);
        return scan != null && scanRows.applyAsLong(scan) >= minRows ? new ParallelNode(node, degree) : node;
    }

    /** The scan at the bottom of a splittable pipeline, or null when {@code top} is not one. */
    private static ScanNode drivingScan(PhysicalNode top) {
        return switch (top) {
            // a partial aggregation may end a worker's pipeline (the final one above merges the workers' groups), also
            // over a join that marks build rows: the rows it emits at the end go through a copy of the aggregation
            case HashAggregateNode partial when markingJoin(partial.children().getFirst()) != null ->
                    drivingScanBelow(partial.children().getFirst().children().getFirst());
            case HashAggregateNode partial -> drivingScanBelow(partial.children().getFirst());
            // so may a join that marks build rows: the region emits those at the end
            case HashJoinNode join when join.probeSplittableAtTop() -> drivingScanBelow(join.children().getFirst());
            default -> drivingScanBelow(top);
        };
    }

    /** {@code node} when it is a join that marks build rows and can end a region, else null. */
    private static HashJoinNode markingJoin(PhysicalNode node) {
        return node instanceof HashJoinNode join && join.probeSplittableAtTop() ? join : null;
    }

    private static ScanNode drivingScanBelow(PhysicalNode node) {
        return switch (node) {
            case ScanNode scan -> scan;
            case FilterNode filter -> drivingScanBelow(filter.children().getFirst());
            case ProjectNode project -> drivingScanBelow(project.children().getFirst());
            case HashJoinNode join when join.probeSplittable() -> drivingScanBelow(join.children().getFirst());
            default -> null;
        };
    }

    /** The hash joins the pipeline probes, from the top down. */
    private static List<HashJoinNode> probedJoins(PhysicalNode node) {
        List<HashJoinNode> joins = new ArrayList<>();
        for (PhysicalNode at = node; !(at instanceof ScanNode); at = at.children().getFirst()) {
            if (at instanceof HashJoinNode join) {
                joins.add(join);
            }
        }
        return joins;
    }

    @Override
    public String name() {
        return "Parallel";
    }

    @Override
    public List<String> details() {
        return List.of("degree=" + degree);
    }

    @Override
    protected Operator open(ExecContext context) {
        PhysicalNode pipeline = children().getFirst();
        ScanNode scan = drivingScan(pipeline);
        // opened directly, not through start(): the workers' copies of the scan count its rows for EXPLAIN ANALYZE
        MorselSource morsels = new MorselSource(scan.openSource(context));
        Map<PhysicalNode, Object> shared = new IdentityHashMap<>();
        shared.put(scan, morsels);
        for (HashJoinNode join : probedJoins(pipeline)) {
            shared.put(join, new HashJoinNode.SharedBuild(join));
        }
        HashJoinNode finisher = markingJoin(pipeline);
        HashAggregateNode finishingAggregate = null;
        if (finisher == null && pipeline instanceof HashAggregateNode partial) {
            finisher = markingJoin(partial.children().getFirst());
            finishingAggregate = finisher == null ? null : partial;
        }
        // workers open their pipelines on their own threads: they take along the dynamic-filter slots of the joins
        // above this region that are opening now (an aggregation's input filtered by the join over its groups)
        return new Gather(context.forRegion(shared), pipeline, morsels, finisher, finishingAggregate,
                HashJoinNode.openingSlots());
    }

    /** The driving scan's batches handed out one at a time to whichever worker asks. */
    static final class MorselSource {
        private final Operator scan;
        private boolean closed;

        MorselSource(Operator scan) {
            this.scan = scan;
        }

        synchronized Batch next() {
            return closed ? null : scan.next();
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                scan.close();
            }
        }

        /** A worker's view: its scan reads the shared source and closing it leaves the source open. */
        Operator reader() {
            return new Operator() {
                @Override
                public Batch next() {
                    return MorselSource.this.next();
                }

                @Override
                public void close() {}
            };
        }
    }

    /**
     * What a worker puts in the queue as it ends: a consumer waiting for a batch wakes at once when the last worker is
     * done, instead of when its wait times out (each parallel region's end cost up to 10 ms: TPC-H q2 has three).
     */
    private static final Batch WORKER_DONE = Batch.of(new VectorSchemaRoot(List.of(), List.of(), 0));

    private final class Gather implements Operator {
        private final ExecContext region;
        private final PhysicalNode pipeline;
        private final MorselSource morsels;
        private HashJoinNode finisher;     // a marking join that ends the pipeline: its rows after the last probe
        private final HashAggregateNode finishingAggregate;   // the partial aggregation above it, or null
        private Operator tail;             // the finisher's rows (through the aggregation), once the workers are done
        private final java.util.Map<HashJoinNode, HashJoinNode.FilterSlot> slots;
        private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(2 * degree);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final CountDownLatch finished = new CountDownLatch(degree);
        private final List<Thread> workers = new ArrayList<>();
        private volatile boolean stopping;
        private boolean closed;

        Gather(ExecContext region, PhysicalNode pipeline, MorselSource morsels, HashJoinNode finisher,
               HashAggregateNode finishingAggregate, java.util.Map<HashJoinNode, HashJoinNode.FilterSlot> slots) {
            this.finishingAggregate = finishingAggregate;
            this.slots = slots;
            this.region = region;
            this.pipeline = pipeline;
            this.morsels = morsels;
            this.finisher = finisher;
        }

        @Override
        public Batch next() {
            if (workers.isEmpty()) {
                for (int w = 0; w < degree; w++) {
                    workers.add(Thread.ofVirtual().name("query-" + region.queryId() + "-worker-", w).start(this::work));
                }
            }
            try {
                while (true) {
                    rethrow();
                    // looked at before waiting: once the workers are done, the finisher's rows come without a wait
                    if (finished.getCount() == 0 && queue.isEmpty()) {
                        rethrow();      // a worker records its failure before it counts down: look again
                        if (finisher != null) {
                            HashJoinNode last = finisher;
                            finisher = null;
                            Batch rows = last.rowsAfterProbes(region);
                            if (rows == null) {
                                return null;
                            }
                            tail = finishingAggregate == null ? single(rows)
                                    : finishingAggregate.aggregating(single(rows), region);
                        }
                        return tail == null ? null : tail.next();
                    }
                    Batch batch = queue.poll(10, TimeUnit.MILLISECONDS);
                    if (batch != null && batch != WORKER_DONE) {
                        return batch;
                    }
                    region.checkCancelled();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.codeanatomy.engine.core.QueryCancelledException("Query " + region.queryId()
                        + " was interrupted while waiting for its workers");
            }
        }

        /** An operator that yields {@code batch} once (and closes it if never taken). */
        private static Operator single(Batch batch) {
            return new Operator() {
                private Batch pending = batch;

                @Override
                public Batch next() {
                    Batch out = pending;
                    pending = null;
                    return out;
                }

                @Override
                public void close() {
                    if (pending != null) {
                        pending.close();
                        pending = null;
                    }
                }
            };
        }

        private void rethrow() {
            Throwable t = failure.get();
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }

        /** One worker: runs its copy of the pipeline until the morsels run out, the query fails or stops. */
        private void work() {
            try (Operator copy = HashJoinNode.openingWith(slots, () -> pipeline.start(region))) {
                while (!stopping) {
                    Batch batch = copy.next();
                    if (batch == null) {
                        return;
                    }
                    while (!queue.offer(batch, 10, TimeUnit.MILLISECONDS)) {
                        if (stopping) {
                            batch.close();
                            return;
                        }
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                stopping = true;
            } finally {
                finished.countDown();
                signalDone();
            }
        }

        /**
         * Queues {@link #WORKER_DONE} after this worker's last batch. When stopping, it may give up on a full queue:
         * then the consumer is not waiting on an empty one, and it looks at the failure or stops before its next wait.
         */
        private void signalDone() {
            try {
                while (!queue.offer(WORKER_DONE, 10, TimeUnit.MILLISECONDS)) {
                    if (stopping) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            stopping = true;
            try {
                boolean interrupted = false;
                while (!workers.isEmpty()) {
                    drain();
                    try {
                        if (finished.await(10, TimeUnit.MILLISECONDS)) {
                            break;
                        }
                    } catch (InterruptedException e) {
                        interrupted = true;      // workers hold query memory: wait for them before the query closes
                    }
                }
                drain();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            } finally {
                try {
                    if (tail != null) {
                        tail.close();
                    }
                } finally {
                    morsels.close();
                }
            }
        }

        private void drain() {
            for (Batch batch = queue.poll(); batch != null; batch = queue.poll()) {
                if (batch != WORKER_DONE) {
                    batch.close();
                }
            }
        }
    }
}
