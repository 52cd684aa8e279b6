package io.codeanatomy.delta;

import static io.codeanatomy.delta.DeltaTableTest.rows;
import static io.codeanatomy.delta.DeltaTableTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers racing on one table: every committed change is kept exactly once, whatever the interleaving. Final row
 * contents are checked, not just counts.
 */
@ExtendWith(ArrowLeakCheck.class)
class DeltaConcurrencyTest {
    private static final RetryPolicy PATIENT = RetryPolicy.DEFAULT.withMaxAttempts(50);

    @TempDir
    Path dir;

    static Expression literal(long value) {
        return new Expression.Literal(value, new ArrowType.Int(64, true));
    }

    static Expression idModEquals(long modulus, long remainder) {
        return new Expression.Comparison(Expression.ComparisonOperator.EQ,
                new Expression.Call("%", List.of(new Expression.Column("id"), literal(modulus))), literal(remainder));
    }

    private static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = pool.invokeAll(tasks);
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String values(long from, long to) {
        return LongStream.range(from, to).mapToObj(i -> "(" + i + ", 'v" + i + "')").collect(Collectors.joining(", "));
    }

    @Test
    void concurrentAppendsAreAllKeptOnce(EngineRuntime runtime) throws Exception {
        DeltaTable table = DeltaTable.forPath(dir.resolve("a").toString(), DeltaOptions.DEFAULT.withRetryPolicy(PATIENT));
        try (Session session = DeltaTableTest.session(runtime)) {
            write(session, table, "SELECT CAST(-1 AS BIGINT) AS id, 'seed' AS name", WriteMode.CREATE, WriteOptions.DEFAULT);
            List<Callable<Integer>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.add(() -> {
                    for (int i = 0; i < 5; i++) {
                        long base = thread * 1000L + i * 10;
                        write(session, table, "SELECT CAST(id AS BIGINT) AS id, name FROM (VALUES " + values(base, base + 3)
                                + ") AS v(id, name)", WriteMode.APPEND, WriteOptions.DEFAULT);
                    }
                    return thread;
                });
            }
            race(writers);
            assertThat(table.version()).isEqualTo(20);
            session.register("t", DeltaTableProvider.latest(table));
            List<Long> expected = new ArrayList<>(List.of(-1L));
            for (int t = 0; t < 4; t++) {
                for (int i = 0; i < 5; i++) {
                    for (int k = 0; k < 3; k++) {
                        expected.add(t * 1000L + i * 10 + k);
                    }
                }
            }
            assertThat(rows(session, "SELECT id FROM t").stream().map(r -> (Long) r.getFirst()).toList())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void racingDeletesAndUpdatesLoseNothing(EngineRuntime runtime) throws Exception {
        DeltaTable table = DeltaTable.forPath(dir.resolve("d").toString(), DeltaOptions.DEFAULT.withRetryPolicy(PATIENT));
        try (Session session = DeltaTableTest.session(runtime)) {
            write(session, table, "SELECT CAST(id AS BIGINT) AS id, name FROM (VALUES " + values(0, 100) + ") AS v(id, name)",
                    WriteMode.CREATE, WriteOptions.DEFAULT);
            // delete vs delete on the same file, and update vs delete: every order gives the same final table
            List<DmlMetrics> results = race(List.of(
                    () -> DeltaDml.delete(table, idModEquals(4, 0)),
                    () -> DeltaDml.delete(table, idModEquals(4, 2)),
                    () -> DeltaDml.update(table, Map.of("name", new Expression.Literal("u", ArrowType.Utf8.INSTANCE)),
                            new Expression.Comparison(Expression.ComparisonOperator.LT, new Expression.Column("id"), literal(50)))));
            assertThat(results.get(0).rowsDeleted() + results.get(1).rowsDeleted()).isEqualTo(50);
            assertThat(results.get(2).rowsUpdated()).isBetween(25L, 50L);
            session.register("t", DeltaTableProvider.latest(table));
            List<List<Object>> expected = IntStream.range(0, 100).filter(i -> i % 2 == 1)
                    .mapToObj(i -> List.<Object>of((long) i, i < 50 ? "u" : "v" + i)).toList();
            assertThat(rows(session, "SELECT id, name FROM t ORDER BY id")).containsExactlyElementsOf(expected);
            assertThat(results.stream().mapToInt(DmlMetrics::attempts).sum()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aConflictThatMayNotBeRetriedFailsWithTheTableAndVersion(EngineRuntime runtime) throws Exception {
        Path path = dir.resolve("c");
        DeltaTable patient = DeltaTable.forPath(path.toString(), DeltaOptions.DEFAULT.withRetryPolicy(PATIENT));
        DeltaTable impatient = DeltaTable.forPath(path.toString(), DeltaOptions.DEFAULT.withRetryPolicy(RetryPolicy.NONE));
        try (Session session = DeltaTableTest.session(runtime)) {
            write(session, patient, "SELECT CAST(id AS BIGINT) AS id, name FROM (VALUES " + values(0, 40) + ") AS v(id, name)",
                    WriteMode.CREATE, WriteOptions.DEFAULT);
            int conflicts = 0;
            for (int round = 0; round < 8 && conflicts == 0; round++) {
                long r = round;
                List<Object> outcomes = race(List.of(
                        () -> attempt(() -> DeltaDml.delete(impatient, idModEquals(8, r))),
                        () -> attempt(() -> DeltaDml.delete(impatient, idModEquals(8, (r + 4) % 8)))));
                for (Object outcome : outcomes) {
                    if (outcome instanceof DeltaConflictException e) {
                        conflicts++;
                        assertThat(e.table()).isEqualTo(patient.location());
                        assertThat(e.attempts()).isEqualTo(1);
                        assertThat(e.getMessage()).contains(patient.location()).contains("version " + e.readVersion());
                    }
                }
            }
            // the losers changed nothing: every row a successful delete did not remove is still there
            session.register("t", DeltaTableProvider.latest(patient));
            long remaining = (Long) rows(session, "SELECT count(*) FROM t").getFirst().getFirst();
            long removedBySuccessfulDeletes = LongStream.range(0, 40).count() - remaining;
            assertThat(removedBySuccessfulDeletes % 5).isZero();
            assertThat(conflicts).isPositive();
        }
    }

    private static Object attempt(Callable<DmlMetrics> action) {
        try {
            return action.call();
        } catch (Exception e) {
            return e;
        }
    }

}
