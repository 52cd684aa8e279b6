package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Joins on one integer key, whose build side is indexed by key value when the keys span a narrow range and hashed
 * otherwise: each join type over each spread of keys (with repeated keys, NULLs on both sides, probe keys outside
 * the build's range) against H2 on the same rows. Joins on two and three integer keys, which pack into one number
 * when their ranges allow, the same way.
 */
@ExtendWith(ArrowLeakCheck.class)
class JoinKeyRangeTest {
    private static final ArrowType BIGINT = new ArrowType.Int(64, true);

    enum Keys {
        /** 0..299: indexed directly. */
        DENSE(0, 300),
        /** -150..149: indexed from a negative smallest key. */
        NEGATIVE(-150, 300),
        /** multiples of 10,007: too wide a range, hashed. */
        SPARSE(0, 300),
        /** near both ends of the long range: the range overflows, hashed. */
        EXTREME(0, 300);

        final long low;
        final int count;

        Keys(long low, int count) {
            this.low = low;
            this.count = count;
        }

        Long key(Random random) {
            if (random.nextInt(20) == 0) {
                return null;
            }
            long k = low + random.nextInt(count);
            return switch (this) {
                case DENSE, NEGATIVE -> k;
                case SPARSE -> k * 10_007;
                case EXTREME -> k % 2 == 0 ? Long.MIN_VALUE + 1 + k : Long.MAX_VALUE - k;
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Keys.class)
    void everyJoinTypeMatchesH2(Keys keys, EngineRuntime runtime) throws Exception {
        matchH2(keys, "p.k = b.k", runtime);
    }

    /**
     * Two keys (k and j, whose probe values also lie below and above the build's) and three (with v % 3): packed into
     * one number, directly indexed or hashed, except where k's range overflows (EXTREME), which compares columns.
     */
    @ParameterizedTest
    @EnumSource(Keys.class)
    void joinsOnSeveralKeysMatchH2(Keys keys, EngineRuntime runtime) throws Exception {
        matchH2(keys, "p.k = b.k AND p.j = b.j", runtime);
        matchH2(keys, "p.k = b.k AND p.j = b.j AND p.v % 3 = b.v % 3", runtime);
    }

    private static void matchH2(Keys keys, String on, EngineRuntime runtime) throws Exception {
        Random random = new Random(keys.ordinal() * 31L + on.length());
        List<List<Object>> build = rows(random, keys, 400, 0);      // keys repeat: about 400 rows over 300 keys
        List<List<Object>> probe = rows(random, keys, 700, 2);
        List<String> queries = List.of(
                "SELECT count(*), sum(p.v), sum(b.v) FROM p JOIN b ON " + on,
                "SELECT count(*), sum(p.v), sum(b.v), count(b.k) FROM p LEFT JOIN b ON " + on,
                "SELECT count(*), sum(p.v), sum(b.v), count(p.k) FROM p RIGHT JOIN b ON " + on,
                "SELECT count(*), sum(v) FROM p WHERE EXISTS (SELECT 1 FROM b WHERE " + on + ")",
                "SELECT count(*), sum(v) FROM p WHERE NOT EXISTS (SELECT 1 FROM b WHERE " + on + ")");
        Schema schema = new Schema(List.of(TestTables.field("k", BIGINT, true), TestTables.field("j", BIGINT, true),
                TestTables.field("v", BIGINT, false)));
        try (Session session = Sessions.builder(RuntimeProfile.defaults().withBatchSize(64)).runtime(runtime).build();
             MemoryTable b = MemoryTable.fromRows(session.allocator(), schema, build);
             MemoryTable p = MemoryTable.fromRows(session.allocator(), schema, probe);
             Connection h2 = DriverManager.getConnection("jdbc:h2:mem:")) {
            session.register("b", b);
            session.register("p", p);
            load(h2, "b", build);
            load(h2, "p", probe);
            List<String> all = new ArrayList<>(queries);
            if (on.equals("p.k = b.k")) {
                all.add("SELECT count(*), sum(v) FROM p WHERE k IN (SELECT k FROM b)");
            }
            for (String query : all) {
                try (QueryResult result = session.sql(query).collect()) {
                    assertThat(text(result.rows().getFirst())).as(keys + ": " + query).isEqualTo(h2Row(h2, query));
                }
            }
            // H2 has no FULL JOIN: the left join plus the build rows nothing matched
            String full = "SELECT count(*), sum(p.v), sum(b.v), count(p.k), count(b.k) FROM p FULL JOIN b ON " + on;
            try (QueryResult result = session.sql(full).collect()) {
                assertThat(text(result.rows().getFirst())).as(keys + ": " + full).isEqualTo(h2Row(h2,
                        "SELECT count(*), sum(pv), sum(bv), count(pk), count(bk) FROM (SELECT p.v pv, b.v bv, p.k pk, "
                                + "b.k bk FROM p LEFT JOIN b ON " + on + " UNION ALL SELECT NULL, b.v, NULL, b.k FROM b "
                                + "WHERE NOT EXISTS (SELECT 1 FROM p WHERE " + on + "))"));
            }
        }
    }

    /** Rows (k, j, v): j in -2..5 (NULL now and then), widened by {@code jBeyond} on both sides for probe rows. */
    private static List<List<Object>> rows(Random random, Keys keys, int count, int jBeyond) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Long j = random.nextInt(15) == 0 ? null : (long) (random.nextInt(8 + 2 * jBeyond) - 2 - jBeyond);
            rows.add(Arrays.asList(keys.key(random), j, (long) random.nextInt(1000)));
        }
        return rows;
    }

    private static void load(Connection h2, String table, List<List<Object>> rows) throws Exception {
        try (Statement s = h2.createStatement()) {
            s.execute("CREATE TABLE " + table + " (k BIGINT, j BIGINT, v BIGINT)");
        }
        try (PreparedStatement insert = h2.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
            for (List<Object> row : rows) {
                for (int c = 0; c < 3; c++) {
                    insert.setObject(c + 1, row.get(c));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<String> h2Row(Connection h2, String query) throws Exception {
        try (Statement s = h2.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            List<Object> row = new ArrayList<>();
            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                row.add(rs.getObject(c));
            }
            return text(row);
        }
    }

    /** Numbers compare by value (H2 sums BIGINT to DECIMAL); NULL stays NULL. */
    private static List<String> text(List<Object> row) {
        return row.stream().map(v -> v == null ? "NULL"
                : new java.math.BigDecimal(v.toString()).stripTrailingZeros().toPlainString()).toList();
    }
}
