package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class DdlDmlTest {
    private static List<List<Object>> rows(Session session, String sql) {
        try (QueryResult result = session.sql(sql).collect()) {
            return result.rows();
        }
    }

    @Test
    void tablesAreCreatedFilledChangedAndDropped(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.batch()).runtime(runtime).build()) {
            session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, score DECIMAL(5,1) DEFAULT 1.5)");
            assertThat(session.execute("INSERT INTO t VALUES (1, 'a', 10.0), (2, 'b', NULL)")).isEqualTo(2);
            assertThat(session.execute("INSERT INTO t (name, id) VALUES ('c', 3)")).isEqualTo(1);
            assertThat(session.execute("INSERT INTO t SELECT id + 10, name || '!', score FROM t WHERE id < ?", 3)).isEqualTo(2);
            assertThat(rows(session, "SELECT id, name, score FROM t ORDER BY id")).containsExactly(
                    List.of(1, "a", new java.math.BigDecimal("10.0")), Arrays.asList(2, "b", null),
                    List.of(3, "c", new java.math.BigDecimal("1.5")), List.of(11, "a!", new java.math.BigDecimal("10.0")),
                    Arrays.asList(12, "b!", null));
            assertThat(session.execute("UPDATE t SET score = score * 2, name = upper(name) WHERE id > 10")).isEqualTo(2);
            assertThat(rows(session, "SELECT name, score FROM t WHERE id = 11")).containsExactly(List.of("A!", new java.math.BigDecimal("20.0")));
            assertThat(session.execute("DELETE FROM t WHERE score IS NULL")).isEqualTo(2);
            assertThat(session.execute("SELECT * FROM t")).isEqualTo(3);
            assertThat(session.execute("CREATE TABLE copy AS SELECT id, name FROM t WHERE id < 10")).isEqualTo(2);
            assertThat(rows(session, "SELECT count(*) FROM copy")).containsExactly(List.of(2L));
            session.execute("DROP TABLE t");
            session.execute("DROP TABLE copy");
            assertThat(session.catalog().tables()).extracting(TableName::name).doesNotContain("t", "copy");
        }
    }

    /** A view is validated once per use: an aggregation in a derived table failed a second validation. */
    @Test
    void aViewWithAnAggregationInADerivedTableCanBeRead(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.batch()).runtime(runtime).build()) {
            session.execute("CREATE TABLE calls (id INTEGER, name VARCHAR, sc INTEGER)");
            session.execute("INSERT INTO calls VALUES (1, 'f', 10), (2, 'g', 20), (3, 'f', 30)");
            session.execute("CREATE TABLE names (sc INTEGER, name VARCHAR, kind VARCHAR)");
            session.execute("INSERT INTO names VALUES (10, 'f', 'local'), (20, 'h', 'function')");
            session.execute("""
                    CREATE VIEW bindings AS SELECT c.id, b.lowest FROM calls c
                    LEFT JOIN (SELECT id, min(CASE WHEN kind = 'local' THEN 1 END) AS lowest
                               FROM (SELECT c2.id, n.kind FROM calls c2 JOIN names n ON n.sc = c2.sc AND n.name = c2.name) x
                               GROUP BY id) b ON b.id = c.id""");
            assertThat(rows(session, "SELECT id, lowest FROM bindings ORDER BY id")).containsExactly(
                    List.of(1, 1), java.util.Arrays.asList(2, null), java.util.Arrays.asList(3, null));
            assertThat(rows(session, "SELECT c.id FROM calls c LEFT JOIN bindings v ON v.id = c.id AND v.lowest = 1 "
                    + "WHERE v.id IS NULL ORDER BY 1")).containsExactly(List.of(2), List.of(3));
        }
    }

    @Test
    void aFailingStatementChangesNothing(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.batch()).runtime(runtime).build()) {
            session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, UNIQUE (name))");
            session.execute("INSERT INTO t VALUES (1, 'a')");
            assertThatThrownBy(() -> session.execute("INSERT INTO t VALUES (2, 'b'), (1, 'c')"))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("UNIQUE constraint failed").hasMessageContaining("[1]");
            assertThatThrownBy(() -> session.execute("INSERT INTO t VALUES (3, NULL)"))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("NOT NULL constraint failed: main.t.name");
            assertThat(session.execute("UPDATE t SET name = 'a' WHERE id = 1")).isEqualTo(1);
            session.execute("INSERT INTO t VALUES (2, 'b')");
            assertThatThrownBy(() -> session.execute("UPDATE t SET name = 'a'"))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("UNIQUE");
            assertThat(rows(session, "SELECT id, name FROM t ORDER BY id")).containsExactly(List.of(1, "a"), List.of(2, "b"));
            assertThatThrownBy(() -> session.sql("DELETE FROM t")).isInstanceOf(PlanningException.class).hasMessageContaining("WHERE");
            assertThatThrownBy(() -> session.sql("INSERT INTO t VALUES (1)")).isInstanceOf(PlanningException.class)
                    .hasMessageContaining("1 values per row but 2 columns");
        }
    }

    @Test
    void dmlIsRefusedByReadOnlyProfiles(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build()) {
            assertThatThrownBy(() -> session.sql("CREATE TABLE t (x INT)")).isInstanceOf(SqlPolicyViolation.class);
            assertThatThrownBy(() -> session.sql("INSERT INTO t VALUES (1)")).isInstanceOf(SqlPolicyViolation.class);
        }
    }
}
