package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class SqlErrorsTest {
    private Session session;
    private MemoryTable people;

    @BeforeEach
    void setUp(EngineRuntime runtime) {
        session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
        people = TestTables.people(session.allocator());
        session.register("people", people);
    }

    @AfterEach
    void tearDown() {
        people.close();
        session.close();
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        assertThatThrownBy(() -> session.sql("SELECT name\nFROM people\nWHERE age >"))
                .isInstanceOfSatisfying(SqlException.class, e -> {
                    assertThat(e.line()).contains(3);
                    assertThat(e.column()).isPresent();
                })
                .hasMessageStartingWith("Syntax error");
        assertThatThrownBy(() -> session.sql("  ")).isInstanceOf(SqlException.class).hasMessageContaining("Empty");
    }

    @Test
    void unknownColumnSuggestsTheClosestOne() {
        assertThatThrownBy(() -> session.sql("SELECT nmae FROM people"))
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.column()).contains(8))
                .hasMessageContaining("nmae").hasMessageContaining("Did you mean 'name'?");
    }

    @Test
    void unknownTableSuggestsTheClosestOne() {
        assertThatThrownBy(() -> session.sql("SELECT * FROM peeple"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("line 1, column 15").hasMessageContaining("Did you mean 'people'?");
        assertThatThrownBy(() -> session.sql("SELECT * FROM zzzzzzzz"))
                .isInstanceOf(SqlException.class).hasMessageNotContaining("Did you mean");
    }

    @Test
    void parametersAreBoundAsTypedLiterals() {
        try (QueryResult result = session.sql("SELECT name FROM people WHERE name = ? OR age = ?", "ada'; DROP TABLE people; --", 41).collect()) {
            assertThat(result.rows()).containsExactly(List.of("alan"));
        }
        try (QueryResult result = session.sql("SELECT ?, ?, ?, ?", 1.5, new BigDecimal("2.25"), true, LocalDate.of(2026, 1, 2)).collect()) {
            assertThat(result.rows()).containsExactly(List.of(1.5, new BigDecimal("2.25"), true, LocalDate.of(2026, 1, 2)));
        }
    }

    @Test
    void parameterCountAndTypeMismatchesAreClear() {
        assertThatThrownBy(() -> session.sql("SELECT * FROM people WHERE id = ? AND age = ?", 1))
                .isInstanceOf(SqlException.class).hasMessageContaining("Parameter 2").hasMessageContaining("1 value");
        assertThatThrownBy(() -> session.sql("SELECT * FROM people WHERE id = ?", 1, 2))
                .isInstanceOf(SqlException.class).hasMessageContaining("1 parameter(s) but 2 value(s)");
        assertThatThrownBy(() -> session.sql("SELECT * FROM people WHERE id = ?", new Object()))
                .isInstanceOf(SqlException.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void informationSchemaDescribesTablesAndColumns() {
        try (QueryResult result = session.sql("DESCRIBE people").collect()) {
            assertThat(result.rows()).containsExactly(List.of("id", "BIGINT", "NO"), List.of("name", "VARCHAR", "YES"),
                    List.of("age", "INTEGER", "YES"));
        }
        try (QueryResult result = session.sql("SHOW TABLES").collect()) {
            assertThat(result.rows()).containsExactly(List.of("main", "people", "BASE TABLE"));
        }
        try (QueryResult result = session.sql(
                "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'information_schema'").collect()) {
            assertThat(result.rows().getFirst().getFirst()).isEqualTo(2L + 4 + 7 + 11);
        }
    }

    @Test
    void explainShowsThePhysicalPlanWithPushdown() {
        try (QueryResult result = session.sql("EXPLAIN SELECT name FROM people WHERE age > 30 LIMIT 1").collect()) {
            String plan = (String) result.rows().getFirst().getFirst();
            assertThat(plan).contains("Scan").contains("people").contains("Filter");
        }
        try (QueryResult result = session.sql("EXPLAIN ANALYZE SELECT name FROM people WHERE age > 30").collect()) {
            String plan = (String) result.rows().getFirst().getFirst();
            assertThat(plan).contains("rows=2").contains("Total:");
        }
    }
}
