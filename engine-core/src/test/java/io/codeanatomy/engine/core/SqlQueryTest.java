package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.tables.MemoryTable;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SqlQueryTest {
    private Session session;
    private MemoryTable people;

    @BeforeEach
    void setUp() {
        session = Sessions.builder(RuntimeProfile.defaults()).build();
        Schema schema = new Schema(List.of(
                new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
                new Field("age", FieldType.nullable(new ArrowType.Int(32, true)), null)));
        people = MemoryTable.fromRows(session.allocator(), schema, List.of(
                List.of(1L, "ada", 36), List.of(2L, "alan", 41), java.util.Arrays.asList(3L, null, 29),
                java.util.Arrays.asList(4L, "grace", null)));
        session.register("people", people);
    }

    @AfterEach
    void tearDown() {
        people.close();
        session.close();
    }

    @Test
    void filtersProjectsAndSorts() {
        try (QueryResult result = session.sql("SELECT name, age + 1 AS older FROM people WHERE age > ? ORDER BY age DESC", 30).collect()) {
            assertThat(result.rows()).containsExactly(List.of("alan", 42), List.of("ada", 37));
            assertThat(result.schema().getFields().get(1).getName()).isEqualTo("older");
        }
    }

    @Test
    void aggregates() {
        try (QueryResult result = session.sql("SELECT COUNT(*), count(name), sum(age), min(name) FROM people").collect()) {
            assertThat(result.rows()).containsExactly(List.of(4L, 3L, 106L, "ada"));
        }
    }

    @Test
    void unknownTableSuggestsClosestName() {
        assertThatThrownBy(() -> session.sql("SELECT * FROM peeple"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("line 1, column 15")
                .hasMessageContaining("Did you mean 'people'?");
    }

    @Test
    void informationSchemaListsTables() {
        try (QueryResult result = session.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").collect()) {
            assertThat(result.rows()).containsExactly(List.of("people"));
        }
    }
}
