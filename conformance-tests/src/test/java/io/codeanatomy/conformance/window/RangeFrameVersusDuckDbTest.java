package io.codeanatomy.conformance.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RANGE frames with offsets (and the sliding aggregates under every frame) on our engine and on DuckDB, over the same
 * random rows with NULL keys and NULL values, for every numeric and temporal key type, both directions and both NULL
 * placements; full results compared row by row.
 */
@ExtendWith(ArrowLeakCheck.class)
class RangeFrameVersusDuckDbTest {
    private static final int ROWS = 400;
    private static final String AGGREGATES = "count(x) OVER w, count(*) OVER w, sum(x) OVER w, min(x) OVER w, max(x) OVER w, "
            + "sum(y) OVER w, avg(y) OVER w, min(y) OVER w";

    /** key column -> offsets usable on it (SQL, same in both dialects). */
    private static final List<List<String>> KEYS = List.of(
            List.of("i", "3", "0", "1"),
            List.of("l", "1000", "250"),
            List.of("d", "0.5", "1.75"),
            List.of("m", "1.50", "0.25"),
            List.of("dt", "INTERVAL '7' DAY", "INTERVAL '1' MONTH"),
            List.of("ts", "INTERVAL '36' HOUR", "INTERVAL '1' MONTH", "INTERVAL '90' MINUTE"));

    @Test
    void rangeFramesWithOffsetsMatchDuckDb(EngineRuntime runtime) throws Exception {
        List<List<Object>> rows = rows(new Random(20261202));
        List<String> mismatches = new ArrayList<>();
        int queries = 0;
        try (Session session = Sessions.builder(RuntimeProfile.defaults().withBatchSize(64)).runtime(runtime).build();
             MemoryTable table = MemoryTable.fromRows(session.allocator(), schema(), rows);
             Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            session.register("t", table);
            loadDuckDb(duck, rows);
            for (List<String> key : KEYS) {
                String column = key.getFirst();
                for (String direction : List.of("ASC NULLS FIRST", "ASC NULLS LAST", "DESC NULLS FIRST", "DESC NULLS LAST")) {
                    for (String offset : key.subList(1, key.size())) {
                        for (String frame : frames(offset)) {
                            String window = "PARTITION BY g ORDER BY " + column + " " + direction + " " + frame;
                            queries++;
                            compare(session, duck, window, mismatches);
                        }
                    }
                }
            }
            // ROWS frames and the default frame go through the same sliding aggregates
            for (String window : List.of("PARTITION BY g ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 FOLLOWING",
                    "PARTITION BY g ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 5 FOLLOWING",
                    "PARTITION BY g ORDER BY id ROWS BETWEEN 4 PRECEDING AND 2 PRECEDING",
                    "PARTITION BY g ORDER BY i NULLS FIRST", "PARTITION BY g", "ORDER BY dt DESC NULLS LAST")) {
                queries++;
                compare(session, duck, window, mismatches);
            }
        }
        System.out.println("RANGE frames vs DuckDB: " + (queries - mismatches.size()) + " of " + queries + " windows agree");
        mismatches.forEach(m -> System.out.println("  " + m));
        assertThat(mismatches).isEmpty();
        assertThat(queries).isGreaterThan(150);
    }

    private static List<String> frames(String offset) {
        return List.of(
                "RANGE BETWEEN " + offset + " PRECEDING AND CURRENT ROW",
                "RANGE BETWEEN " + offset + " PRECEDING AND " + offset + " FOLLOWING",
                "RANGE BETWEEN CURRENT ROW AND " + offset + " FOLLOWING",
                "RANGE BETWEEN UNBOUNDED PRECEDING AND " + offset + " PRECEDING",
                "RANGE BETWEEN " + offset + " FOLLOWING AND UNBOUNDED FOLLOWING",
                "RANGE BETWEEN " + offset + " PRECEDING AND UNBOUNDED FOLLOWING",
                "RANGE BETWEEN UNBOUNDED PRECEDING AND " + offset + " FOLLOWING",
                "RANGE BETWEEN " + offset + " FOLLOWING AND " + offset + " FOLLOWING");
    }

    private static void compare(Session session, Connection duck, String window, List<String> mismatches) throws Exception {
        String sql = "SELECT id, " + AGGREGATES + " FROM t WINDOW w AS (" + window + ") ORDER BY id";
        List<List<String>> ours = new ArrayList<>();
        try (QueryResult result = session.sql(sql).collect()) {
            for (List<Object> row : result.rows()) {
                ours.add(row.stream().map(RangeFrameVersusDuckDbTest::text).toList());
            }
        } catch (RuntimeException e) {
            mismatches.add(window + ": ours failed: " + e.getMessage());
            return;
        }
        String difference = difference(ours, duckDb(duck, sql));
        if (difference != null) {
            // DuckDB 2.0 was seen (rarely, threads = 1 or not) to return a different sum for the same query and data:
            // one CI run gave 565 where a brute-force count gives 725, ours and every other DuckDB run. So a
            // disagreement is asked again; it stands unless one of DuckDB's own answers agrees with ours cell for cell.
            for (int retry = 0; retry < 5 && difference != null; retry++) {
                if (difference(ours, duckDb(duck, sql)) == null) {
                    System.out.println("  DuckDB answered differently on a second run of: " + window + " (" + difference + ")");
                    difference = null;
                }
            }
        }
        if (difference != null) {
            mismatches.add(window + ": " + difference);
        }
    }

    private static List<List<String>> duckDb(Connection duck, String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    row.add(text(rs.getObject(c)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String text(Object v) {
        return switch (v) {
            case null -> "null";
            case BigDecimal d -> d.toPlainString();
            case BigInteger i -> i.toString();
            default -> v.toString();
        };
    }

    private static String difference(List<List<String>> ours, List<List<String>> theirs) {
        if (ours.size() != theirs.size()) {
            return ours.size() + " rows, DuckDB " + theirs.size();
        }
        for (int r = 0; r < ours.size(); r++) {
            for (int c = 0; c < theirs.get(r).size(); c++) {
                String a = ours.get(r).get(c);
                String b = theirs.get(r).get(c);
                if (!same(a, b)) {
                    return "id " + ours.get(r).getFirst() + " column " + (c + 1) + ": ours " + a + ", DuckDB " + b;
                }
            }
        }
        return null;
    }

    /** Equal text, or numbers equal to 12 significant digits (double sums are summed in different orders). */
    private static boolean same(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            BigDecimal x = new BigDecimal(a);
            BigDecimal y = new BigDecimal(b);
            return x.round(new MathContext(12)).compareTo(y.round(new MathContext(12))) == 0
                    || x.subtract(y).abs().compareTo(new BigDecimal("1e-9")) <= 0;
        } catch (NumberFormatException notNumbers) {
            return false;
        }
    }

    private static Schema schema() {
        ArrowType int32 = new ArrowType.Int(32, true);
        ArrowType int64 = new ArrowType.Int(64, true);
        ArrowType dbl = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        return new Schema(List.of(
                new Field("id", FieldType.notNullable(int64), null),
                new Field("g", FieldType.notNullable(int32), null),
                new Field("i", FieldType.nullable(int32), null),
                new Field("l", FieldType.nullable(int64), null),
                new Field("d", FieldType.nullable(dbl), null),
                new Field("m", FieldType.nullable(new ArrowType.Decimal(10, 2, 128)), null),
                new Field("dt", FieldType.nullable(new ArrowType.Date(DateUnit.DAY)), null),
                new Field("ts", FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)), null),
                new Field("x", FieldType.nullable(int64), null),
                new Field("y", FieldType.nullable(dbl), null)));
    }

    /** Small key ranges (many peers), about one NULL in seven, values that are exact in binary where they are doubles. */
    private static List<List<Object>> rows(Random random) {
        List<List<Object>> rows = new ArrayList<>();
        LocalDate day = LocalDate.of(2024, 1, 15);
        LocalDateTime time = LocalDateTime.of(2024, 1, 30, 12, 0);
        for (int r = 0; r < ROWS; r++) {
            rows.add(Arrays.asList(
                    (long) r,
                    random.nextInt(4),
                    maybe(random, random.nextInt(40) - 10),
                    maybe(random, (long) random.nextInt(60) * 125 - 2000),
                    maybe(random, random.nextInt(50) * 0.25 - 3),
                    maybe(random, BigDecimal.valueOf(random.nextInt(400) - 100, 2)),
                    maybe(random, day.plusDays(random.nextInt(120))),
                    maybe(random, time.plusMinutes(random.nextInt(60 * 24 * 90) / 30 * 30)),
                    maybe(random, (long) random.nextInt(1000) - 300),
                    maybe(random, random.nextInt(800) * 0.125 - 20)));
        }
        return rows;
    }

    private static Object maybe(Random random, Object value) {
        return random.nextInt(7) == 0 ? null : value;
    }

    private static void loadDuckDb(Connection duck, List<List<Object>> rows) throws Exception {
        try (Statement s = duck.createStatement()) {
            s.execute("SET threads = 1");   // DuckDB's parallel window evaluation gave one inconsistent sum in a run
            s.execute("CREATE TABLE t (id BIGINT, g INTEGER, i INTEGER, l BIGINT, d DOUBLE, m DECIMAL(10,2), dt DATE, "
                    + "ts TIMESTAMP, x BIGINT, y DOUBLE)");
            StringBuilder insert = new StringBuilder("INSERT INTO t VALUES ");
            for (int r = 0; r < rows.size(); r++) {
                insert.append(r == 0 ? "(" : ", (");
                List<Object> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    insert.append(c == 0 ? "" : ", ").append(switch (v) {
                        case null -> "NULL";
                        case LocalDate d -> "DATE '" + d + "'";
                        case LocalDateTime t -> "TIMESTAMP '" + t.toString().replace('T', ' ') + "'";
                        case BigDecimal d -> d.toPlainString();
                        default -> v.toString();
                    });
                }
                insert.append(')');
            }
            s.execute(insert.toString());
        }
    }
}
