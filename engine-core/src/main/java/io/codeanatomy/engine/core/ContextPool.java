package io.codeanatomy.engine.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A thread-safe pool of sessions keyed by profile fingerprint, so hosts that serve many short requests reuse
 * sessions (and their warm planner state) instead of building one per request. Borrow with try-with-resources:
 *
 * <pre>{@code
 * try (ContextPool.Lease lease = pool.borrow(profile)) {
 *     lease.session().sql("SELECT ...").collect();
 * }
 * }</pre>
 *
 * <p>A session is leased to one borrower at a time. It keeps its catalog between leases: borrowers that register
 * tables should deregister them before returning the lease.
 *
 * @since 0.1
 */
public final class ContextPool implements AutoCloseable {
    /**
     * How many sessions the pool keeps and for how long.
     *
     * @param maxSessions   sessions open at once, leased or idle (1..4096)
     * @param idleEviction  an idle session older than this is closed
     * @param borrowTimeout how long {@link #borrow} waits when every session is leased
     */
    public record Policy(int maxSessions, Duration idleEviction, Duration borrowTimeout) {
        public Policy {
            if (maxSessions < 1 || maxSessions > 4096) {
                throw new InvalidProfileException("pool.maxSessions", maxSessions, "1..4096");
            }
            Objects.requireNonNull(idleEviction, "idleEviction");
            Objects.requireNonNull(borrowTimeout, "borrowTimeout");
            if (idleEviction.isNegative() || idleEviction.isZero()) {
                throw new InvalidProfileException("pool.idleEviction", idleEviction, "a positive duration");
            }
            if (borrowTimeout.isNegative()) {
                throw new InvalidProfileException("pool.borrowTimeout", borrowTimeout, "zero or a positive duration");
            }
        }

        /** One session per core, evicted after 5 idle minutes, borrowers wait up to 30 seconds. */
        public static Policy defaults() {
            return new Policy(Runtime.getRuntime().availableProcessors(), Duration.ofMinutes(5), Duration.ofSeconds(30));
        }
    }

    private final Policy policy;
    private final Function<RuntimeProfile, Session> factory;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    private final Map<String, Deque<Idle>> idle = new HashMap<>();
    private int open;
    private boolean closed;

    private record Idle(Session session, long since) {}

    private ContextPool(Policy policy, Function<RuntimeProfile, Session> factory, LongSupplier clock) {
        this.policy = policy;
        this.factory = factory;
        this.clock = clock;
    }

    /** A pool that builds sessions with {@code Sessions.builder(profile).runtime(runtime).build()}. */
    public static ContextPool create(Policy policy, EngineRuntime runtime) {
        Objects.requireNonNull(runtime, "runtime");
        return create(policy, profile -> Sessions.builder(profile).runtime(runtime).build());
    }

    /** A pool that builds sessions with {@code factory} (which may install extensions and register tables). */
    public static ContextPool create(Policy policy, Function<RuntimeProfile, Session> factory) {
        return new ContextPool(Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(factory, "factory"),
                System::nanoTime);
    }

    /** For tests of idle eviction: a pool reading time from {@code nanoClock}. */
    static ContextPool create(Policy policy, Function<RuntimeProfile, Session> factory, LongSupplier nanoClock) {
        return new ContextPool(policy, factory, nanoClock);
    }

    public Policy policy() {
        return policy;
    }

    /**
     * Leases a session for {@code profile}: an idle one with the same fingerprint, else a new one (closing the
     * longest-idle session of another profile if the pool is full), else waits for a return.
     *
     * @throws PoolExhaustedException if no session frees up within the policy's borrow timeout
     */
    public Lease borrow(RuntimeProfile profile) {
        Objects.requireNonNull(profile, "profile");
        String key = profile.fingerprint();
        long deadline = System.nanoTime() + policy.borrowTimeout().toNanos();
        lock.lock();
        try {
            while (true) {
                checkOpen();
                evictExpired();
                Deque<Idle> sameProfile = idle.get(key);
                if (sameProfile != null && !sameProfile.isEmpty()) {
                    return new Lease(sameProfile.pollLast().session(), key);
                }
                if (open < policy.maxSessions() || evictOldestIdle()) {
                    open++;
                    break;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new PoolExhaustedException("ContextPool: all " + policy.maxSessions()
                            + " sessions are leased and none was returned within " + policy.borrowTimeout()
                            + "; raise Policy.maxSessions or return leases sooner");
                }
                returned.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryCancelledException("Interrupted while waiting for a pooled session");
        } finally {
            lock.unlock();
        }
        // Build outside the lock: building a session may take a while and must not block returns.
        try {
            return new Lease(factory.apply(profile), key);
        } catch (RuntimeException e) {
            lock.lock();
            try {
                open--;
                returned.signal();
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    /** Sessions open now, leased or idle. */
    public int openSessions() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }

    /** Sessions open and not leased. */
    public int idleSessions() {
        lock.lock();
        try {
            return idle.values().stream().mapToInt(Deque::size).sum();
        } finally {
            lock.unlock();
        }
    }

    private void giveBack(Session session, String key) {
        lock.lock();
        try {
            if (closed) {
                open--;
                session.close();
                return;
            }
            idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Idle(session, clock.getAsLong()));
            evictExpired();
            returned.signal();
        } finally {
            lock.unlock();
        }
    }

    private void evictExpired() {
        long now = clock.getAsLong();
        long maxIdle = policy.idleEviction().toNanos();
        for (Iterator<Deque<Idle>> queues = idle.values().iterator(); queues.hasNext(); ) {
            Deque<Idle> queue = queues.next();
            queue.removeIf(entry -> {
                if (now - entry.since() >= maxIdle) {
                    entry.session().close();
                    open--;
                    return true;
                }
                return false;
            });
            if (queue.isEmpty()) {
                queues.remove();
            }
        }
    }

    /** Closes the idle session that waited longest, making room for a new one; false when none is idle. */
    private boolean evictOldestIdle() {
        Deque<Idle> oldestQueue = null;
        for (Deque<Idle> queue : idle.values()) {
            if (!queue.isEmpty() && (oldestQueue == null || queue.peekFirst().since() < oldestQueue.peekFirst().since())) {
                oldestQueue = queue;
            }
        }
        if (oldestQueue == null) {
            return false;
        }
        oldestQueue.pollFirst().session().close();
        open--;
        idle.values().removeIf(Deque::isEmpty);
        return true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The ContextPool is closed");
        }
    }

    /** Closes idle sessions now and leased ones as they are returned. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Deque<Idle> queue : idle.values()) {
                for (Idle entry : queue) {
                    entry.session().close();
                    open--;
                }
            }
            idle.clear();
            returned.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** One borrowed session; closing the lease returns the session to the pool. Not thread-safe to close twice concurrently. */
    public final class Lease implements AutoCloseable {
        private final Session session;
        private final String key;
        private boolean released;

        private Lease(Session session, String key) {
            this.session = session;
            this.key = key;
        }

        public Session session() {
            if (released) {
                throw new IllegalStateException("This lease was returned; borrow again");
            }
            return session;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                giveBack(session, key);
            }
        }
    }

}
