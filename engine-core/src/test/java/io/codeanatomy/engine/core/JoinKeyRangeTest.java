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
 * the build's range) against H2 on the same rows.
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
        Random random = new Random(keys.ordinal() * 31L + 7);
        List<List<Object>> build = rows(random, keys, 400);      // keys repeat: about 400 rows over 300 keys
        List<List<Object>> probe = rows(random, keys, 700);
        List<String> queries = List.of(
                "SELECT count(*), sum(p.v), sum(b.v) FROM p JOIN b ON p.k = b.k",
                "SELECT count(*), sum(p.v), sum(b.v), count(b.k) FROM p LEFT JOIN b ON p.k = b.k",
                "SELECT count(*), sum(p.v), sum(b.v), count(p.k) FROM p RIGHT JOIN b ON p.k = b.k",
                "SELECT count(*), sum(v) FROM p WHERE EXISTS (SELECT 1 FROM b WHERE b.k = p.k)",
                "SELECT count(*), sum(v) FROM p WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.k = p.k)",
                "SELECT count(*), sum(v) FROM p WHERE k IN (SELECT k FROM b)");
        Schema schema = new Schema(List.of(TestTables.field("k", BIGINT, true), TestTables.field("v", BIGINT, false)));
        try (Session session = Sessions.builder(RuntimeProfile.defaults().withBatchSize(64)).runtime(runtime).build();
             MemoryTable b = MemoryTable.fromRows(session.allocator(), schema, build);
             MemoryTable p = MemoryTable.fromRows(session.allocator(), schema, probe);
             Connection h2 = DriverManager.getConnection("jdbc:h2:mem:")) {
            session.register("b", b);
            session.register("p", p);
            load(h2, "b", build);
            load(h2, "p", probe);
            for (String query : queries) {
                try (QueryResult result = session.sql(query).collect()) {
                    assertThat(text(result.rows().getFirst())).as(keys + ": " + query).isEqualTo(h2Row(h2, query));
                }
            }
            // H2 has no FULL JOIN: the left join plus the build rows nothing matched
            String full = "SELECT count(*), sum(p.v), sum(b.v), count(p.k), count(b.k) FROM p FULL JOIN b ON p.k = b.k";
            try (QueryResult result = session.sql(full).collect()) {
                assertThat(text(result.rows().getFirst())).as(keys + ": " + full).isEqualTo(h2Row(h2,
                        "SELECT count(*), sum(pv), sum(bv), count(pk), count(bk) FROM (SELECT p.v pv, b.v bv, p.k pk, "
                                + "b.k bk FROM p LEFT JOIN b ON p.k = b.k UNION ALL SELECT NULL, b.v, NULL, b.k FROM b "
                                + "WHERE NOT EXISTS (SELECT 1 FROM p WHERE p.k = b.k))"));
            }
        }
    }

    private static List<List<Object>> rows(Random random, Keys keys, int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(Arrays.asList(keys.key(random), (long) random.nextInt(1000)));
        }
        return rows;
    }

    private static void load(Connection h2, String table, List<List<Object>> rows) throws Exception {
        try (Statement s = h2.createStatement()) {
            s.execute("CREATE TABLE " + table + " (k BIGINT, v BIGINT)");
        }
        try (PreparedStatement insert = h2.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
            for (List<Object> row : rows) {
                insert.setObject(1, row.get(0));
                insert.setObject(2, row.get(1));
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
