package io.codeanatomy.engine.core;

import static io.codeanatomy.engine.core.Expr.col;
import static io.codeanatomy.engine.core.Expr.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class DataFrameApiTest {
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

    private static List<List<Object>> rows(DataFrame frame) {
        try (QueryResult result = frame.collect()) {
            return result.rows();
        }
    }

    @Test
    void builderCallsComposeLikeSql() {
        DataFrame adults = session.table("people")
                .filter(col("age").gt(lit(30)))
                .withColumn("next_age", col("age").plus(lit(1)))
                .select(col("name"), col("next_age"))
                .sort(col("next_age").desc());
        assertThat(adults.schema().getFields()).extracting(f -> f.getName()).containsExactly("name", "next_age");
        assertThat(rows(adults)).containsExactly(List.of("alan", 42), List.of("ada", 37));
    }

    @Test
    void builderPlansEqualTheSqlPlans() {
        DataFrame built = session.table("people").filter(col("age").gt(lit(30))).select(col("name"));
        DataFrame sql = session.sql("SELECT name FROM people WHERE age > 30");
        assertThat(built.explain()).isEqualTo(sql.explain());
    }

    @Test
    void aggregatesWithAndWithoutGroups() {
        DataFrame totals = session.table("people").aggregate(List.of(),
                List.of(Expr.countStar().as("n"), Expr.count(col("name")).as("named"), Expr.sum(col("age")).as("years")));
        assertThat(rows(totals)).containsExactly(List.of(4L, 3L, 106L));
        DataFrame byNull = session.table("people")
                .withColumn("has_name", col("name").isNotNull())
                .aggregate(List.of(col("has_name")), List.of(Expr.max(col("age")).as("oldest")))
                .sort(col("has_name").asc());
        assertThat(rows(byNull)).containsExactly(List.of(false, 29), List.of(true, 41));
    }

    @Test
    void framesFromSqlCanBeExtended() {
        DataFrame frame = session.sql("SELECT id, age FROM people WHERE id > ?", 1).filter(col("age").isNull().not()).limit(1, 5);
        assertThat(rows(frame)).hasSize(1);
        assertThat(rows(session.sql("SELECT age FROM people").distinct().sort(col("age").asc().nullsFirst())))
                .containsExactly(Arrays.asList((Object) null), List.of(29), List.of(36), List.of(41));
    }

    @Test
    void unknownColumnsAreClearErrors() {
        assertThatThrownBy(() -> session.table("people").select(col("nmae")))
                .isInstanceOf(PlanningException.class).hasMessageContaining("Did you mean 'name'?");
        assertThatThrownBy(() -> session.table("nobody")).isInstanceOf(CodeAnatomyException.class);
        assertThatThrownBy(() -> session.sql("SHOW TABLES").filter(col("x").isNull()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a query");
    }
}
