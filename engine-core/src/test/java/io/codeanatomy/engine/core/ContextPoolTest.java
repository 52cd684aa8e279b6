package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class ContextPoolTest {
    @Test
    void sixteenThreadsShareAFewSessionsSafely(EngineRuntime runtime) throws Exception {
        ContextPool.Policy policy = new ContextPool.Policy(4, Duration.ofMinutes(1), Duration.ofSeconds(60));
        AtomicInteger built = new AtomicInteger();
        AtomicInteger leased = new AtomicInteger();
        AtomicInteger maxLeased = new AtomicInteger();
        Set<Session> leasedNow = ConcurrentHashMap.newKeySet();
        RuntimeProfile[] profiles = {RuntimeProfile.defaults(), RuntimeProfile.interactive()};
        try (ContextPool pool = ContextPool.create(policy, profile -> {
            built.incrementAndGet();
            return Sessions.builder(profile).runtime(runtime).build();
        })) {
            ExecutorService threads = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                RuntimeProfile profile = profiles[t % 2];
                results.add(threads.submit(() -> {
                    start.await();
                    long sum = 0;
                    for (int i = 0; i < 20; i++) {
                        try (ContextPool.Lease lease = pool.borrow(profile)) {
                            assertThat(leasedNow.add(lease.session())).as("a session is leased to one borrower").isTrue();
                            maxLeased.accumulateAndGet(leased.incrementAndGet(), Math::max);
                            assertThat(lease.session().profile()).isEqualTo(profile);
                            try (QueryResult r = lease.session().sql("SELECT ? + 1", i).collect()) {
                                sum += ((Number) r.rows().getFirst().getFirst()).longValue();
                            }
                            leased.decrementAndGet();
                            leasedNow.remove(lease.session());
                        }
                    }
                    return sum;
                }));
            }
            start.countDown();
            for (Future<Long> result : results) {
                assertThat(result.get()).isEqualTo(210L); // sum of 1..20
            }
            threads.shutdown();
            assertThat(maxLeased.get()).isLessThanOrEqualTo(4);
            assertThat(pool.openSessions()).isLessThanOrEqualTo(4);
            assertThat(built.get()).as("sessions are reused, not rebuilt per borrow").isLessThan(320);
        }
    }

    @Test
    void borrowingTheSameProfileReusesTheSession(EngineRuntime runtime) {
        try (ContextPool pool = ContextPool.create(ContextPool.Policy.defaults(), runtime)) {
            Session first;
            try (ContextPool.Lease lease = pool.borrow(RuntimeProfile.defaults())) {
                first = lease.session();
            }
            try (ContextPool.Lease lease = pool.borrow(RuntimeProfile.defaults())) {
                assertThat(lease.session()).isSameAs(first);
                assertThatThrownBy(() -> {
                    ContextPool.Lease returned = pool.borrow(RuntimeProfile.batch());
                    returned.close();
                    returned.session();
                }).isInstanceOf(IllegalStateException.class).hasMessageContaining("returned");
            }
        }
    }

    @Test
    void idleSessionsAreEvictedAfterThePolicysDuration(EngineRuntime runtime) {
        AtomicLong now = new AtomicLong();
        ContextPool.Policy policy = new ContextPool.Policy(2, Duration.ofSeconds(10), Duration.ofSeconds(1));
        try (ContextPool pool = ContextPool.create(policy, p -> Sessions.builder(p).runtime(runtime).build(), now::get)) {
            pool.borrow(RuntimeProfile.defaults()).close();
            assertThat(pool.idleSessions()).isEqualTo(1);
            now.addAndGet(Duration.ofSeconds(11).toNanos());
            pool.borrow(RuntimeProfile.interactive()).close();
            assertThat(pool.openSessions()).as("the expired idle session was closed").isEqualTo(1);
        }
    }

    @Test
    void aFullPoolTimesOutWithAClearError(EngineRuntime runtime) {
        ContextPool.Policy policy = new ContextPool.Policy(1, Duration.ofMinutes(1), Duration.ofMillis(50));
        try (ContextPool pool = ContextPool.create(policy, runtime);
             ContextPool.Lease held = pool.borrow(RuntimeProfile.defaults())) {
            assertThatThrownBy(() -> pool.borrow(RuntimeProfile.defaults()))
                    .isInstanceOf(PoolExhaustedException.class).hasMessageContaining("maxSessions");
            assertThat(held.session()).isNotNull();
        }
    }

    @Test
    void aFullPoolMakesRoomByClosingAnIdleSessionOfAnotherProfile(EngineRuntime runtime) {
        ContextPool.Policy policy = new ContextPool.Policy(1, Duration.ofMinutes(1), Duration.ofMillis(50));
        try (ContextPool pool = ContextPool.create(policy, runtime)) {
            Session old;
            try (ContextPool.Lease lease = pool.borrow(RuntimeProfile.defaults())) {
                old = lease.session();
            }
            try (ContextPool.Lease lease = pool.borrow(RuntimeProfile.interactive())) {
                assertThat(lease.session()).isNotSameAs(old);
                assertThatThrownBy(() -> old.sql("SELECT 1")).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void policyIsValidated() {
        assertThatThrownBy(() -> new ContextPool.Policy(0, Duration.ofMinutes(1), Duration.ZERO))
                .hasMessageContaining("pool.maxSessions");
        assertThatThrownBy(() -> new ContextPool.Policy(1, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("pool.idleEviction");
    }
}
