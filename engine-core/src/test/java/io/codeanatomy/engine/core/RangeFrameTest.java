package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RANGE frames with value offsets (the DuckDB comparison over every key type is in conformance-tests). */
@ExtendWith(ArrowLeakCheck.class)
class RangeFrameTest {
    private static Session session(EngineRuntime runtime) {
        return Sessions.builder(RuntimeProfile.defaults().withBatchSize(4)).runtime(runtime).build();
    }

    private static List<String> rows(Session session, String sql) {
        try (QueryResult result = session.sql(sql).collect()) {
            return result.rows().stream().map(Object::toString).toList();
        }
    }

    @Test
    void numericOffsetsInBothDirectionsWithNullPeers(EngineRuntime runtime) {
        String t = "(VALUES (1, 1), (2, 2), (3, 2), (4, 5), (5, 9), (6, CAST(NULL AS INTEGER)), (7, CAST(NULL AS INTEGER))) AS t(id, d)";
        try (Session session = session(runtime)) {
            assertThat(rows(session, "SELECT id, "
                    + "sum(d) OVER (ORDER BY d RANGE BETWEEN 3 PRECEDING AND CURRENT ROW), "
                    + "count(*) OVER (ORDER BY d DESC NULLS LAST RANGE BETWEEN 3 PRECEDING AND 1 FOLLOWING), "
                    + "max(id) OVER (ORDER BY d NULLS FIRST RANGE BETWEEN 1 FOLLOWING AND 4 FOLLOWING) "
                    + "FROM " + t + " ORDER BY id")).containsExactly(
                    "[1, 1, 3, 4]",          // d=1: keys in [-2, 1] | DESC: [0, 4] | [2, 5]
                    "[2, 5, 4, 4]",          // d=2: [-1, 2]         | [1, 5]       | [3, 6]
                    "[3, 5, 4, 4]",
                    "[4, 9, 1, 5]",          // d=5: [2, 5]          | [4, 8]       | [6, 9]
                    "[5, 9, 1, null]",       // d=9: [6, 9]          | [8, 12]      | [10, 13]: empty
                    "[6, null, 2, 7]",       // a NULL key's offset bounds are its NULL peers
                    "[7, null, 2, 7]");
        }
    }

    @Test
    void intervalOffsetsOnDatesAndTimestamps(EngineRuntime runtime) {
        String t = "(VALUES (1, DATE '2024-01-31', TIMESTAMP '2024-01-31 10:00:00'), (2, DATE '2024-02-07', TIMESTAMP '2024-02-01 09:00:00'), "
                + "(3, DATE '2024-02-29', TIMESTAMP '2024-02-01 11:00:00'), (4, DATE '2024-03-01', TIMESTAMP '2024-03-01 10:00:00')) AS t(id, d, ts)";
        try (Session session = session(runtime)) {
            assertThat(rows(session, "SELECT id, "
                    + "count(*) OVER (ORDER BY d RANGE BETWEEN INTERVAL '7' DAY PRECEDING AND CURRENT ROW), "
                    + "count(*) OVER (ORDER BY d RANGE BETWEEN CURRENT ROW AND INTERVAL '1' MONTH FOLLOWING), "
                    + "count(*) OVER (ORDER BY ts DESC RANGE BETWEEN INTERVAL '24' HOUR PRECEDING AND CURRENT ROW) "
                    + "FROM " + t + " ORDER BY id")).containsExactly(
                    "[1, 1, 3, 2]",          // 01-31 + 1 month = 02-29 | ts DESC: [01-31 10:00, 02-01 10:00]: 1, 2
                    "[2, 2, 3, 2]",          // 02-07 - 7 days = 01-31  | 02-07 + 1 month = 03-07: 2, 3, 4
                    "[3, 1, 2, 1]",
                    "[4, 2, 1, 1]");
        }
    }

    @Test
    void decimalAndDoubleKeys(EngineRuntime runtime) {
        String t = "(VALUES (1, 1.25, 0.5e0), (2, 2.00, 1.0e0), (3, 2.75, 2.5e0)) AS t(id, m, x)";
        try (Session session = session(runtime)) {
            assertThat(rows(session, "SELECT id, "
                    + "count(*) OVER (ORDER BY m RANGE BETWEEN 0.75 PRECEDING AND CURRENT ROW), "
                    + "sum(x) OVER (ORDER BY x RANGE BETWEEN CURRENT ROW AND 0.5 FOLLOWING) "
                    + "FROM " + t + " ORDER BY id")).containsExactly("[1, 1, 1.5]", "[2, 2, 1.0]", "[3, 2, 2.5]");
        }
    }

    @Test
    void anOffsetNeedsOneOrderKey(EngineRuntime runtime) {
        try (Session session = session(runtime)) {
            assertThatThrownBy(() -> rows(session, "SELECT count(*) OVER (ORDER BY a, b RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) "
                    + "FROM (VALUES (1, 2)) AS t(a, b)")).isInstanceOf(CodeAnatomyException.class);
        }
    }
}
