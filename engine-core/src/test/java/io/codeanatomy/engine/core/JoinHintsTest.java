package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.plan.JoinChoice;
import io.codeanatomy.engine.core.plan.PlanBundle;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Join hints: BUILD(t) in SQL and DataFrame.buildSide choose the hashed input over the row estimates. */
@ExtendWith(ArrowLeakCheck.class)
class JoinHintsTest {
    private Session session;
    private MemoryTable bigTable;
    private MemoryTable smallTable;

    @BeforeEach
    void setUp(EngineRuntime runtime) {
        session = Sessions.builder(RuntimeProfile.defaults().withBatchSize(64).withSql(SqlPolicy.readWrite())).runtime(runtime).build();
        Schema big = new Schema(List.of(TestTables.field("id", new ArrowType.Int(64, true), true),
                TestTables.field("v", new ArrowType.Int(64, true), true)));
        Schema small = new Schema(List.of(TestTables.field("id", new ArrowType.Int(64, true), true),
                TestTables.field("label", ArrowType.Utf8.INSTANCE, true)));
        List<List<Object>> bigRows = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            bigRows.add(java.util.Arrays.asList(i % 50 == 7 ? null : i % 40, i));
        }
        List<List<Object>> smallRows = new ArrayList<>();
        for (long i = 0; i < 12; i++) {
            smallRows.add(java.util.Arrays.asList(i == 11 ? null : i * 3, "s" + i));
        }
        bigTable = MemoryTable.fromRows(session.allocator(), big, bigRows);
        smallTable = MemoryTable.fromRows(session.allocator(), small, smallRows);
        session.register("big", bigTable);
        session.register("small", smallTable);
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        bigTable.close();
        smallTable.close();
        session.close();
    }

    private static final String JOIN = "SELECT b.id, b.v, s.label FROM big b JOIN small s ON b.id = s.id";

    private String explain(String sql) {
        try (QueryResult result = session.sql("EXPLAIN " + sql).collect()) {
            return (String) result.rows().getFirst().getFirst();
        }
    }

    private List<List<Object>> sortedRows(DataFrame frame) {
        try (QueryResult result = frame.collect()) {
            List<List<Object>> rows = new ArrayList<>(result.rows());
            rows.sort(Comparator.comparing(Object::toString));
            return rows;
        }
    }

    @Test
    void withoutHintTheSmallerInputIsBuiltByEstimate() {
        assertThat(explain(JOIN)).contains("build=main.small (estimate)");
        List<JoinChoice> joins = session.sql(JOIN).planBundle().joins();
        assertThat(joins).singleElement().satisfies(join -> {
            assertThat(join.decidedBy()).isEqualTo(JoinChoice.Source.ESTIMATE);
            assertThat(join.buildTable()).isEqualTo("main.small");
        });
    }

    @Test
    void buildHintFlipsTheBuildSideAgainstTheEstimate() {
        String hinted = JOIN.replace("SELECT", "SELECT /*+ BUILD(big) */");
        assertThat(explain(hinted)).contains("build=main.big (hint)").doesNotContain("(estimate)");
        JoinChoice join = session.sql(hinted).planBundle().joins().getFirst();
        assertThat(join.decidedBy()).isEqualTo(JoinChoice.Source.HINT);
        assertThat(join.buildTable()).isEqualTo("main.big");
        assertThat(sortedRows(session.sql(hinted))).isEqualTo(sortedRows(session.sql(JOIN))).hasSize(270);
    }

    @Test
    void hintMayNameTheAliasOrTheQualifiedTable() {
        for (String hint : List.of("BUILD(b)", "BUILD('main.big')", "build(BIG)")) {
            String hinted = JOIN.replace("SELECT", "SELECT /*+ " + hint + " */");
            assertThat(explain(hinted)).as(hint).contains("build=main.big (hint)");
        }
    }

    @Test
    void hintConfirmingTheEstimateKeepsThePlanButRecordsTheHint() {
        String hinted = JOIN.replace("SELECT", "SELECT /*+ BUILD(s) */");
        assertThat(explain(hinted)).contains("build=main.small (hint)");
        assertThat(sortedRows(session.sql(hinted))).isEqualTo(sortedRows(session.sql(JOIN)));
    }

    @Test
    void hintNamingBothInputsOfASelfJoinLeavesItToTheEstimate() {
        String sql = "SELECT /*+ BUILD(big) */ count(*) FROM big b1 JOIN big b2 ON b1.id = b2.v";
        assertThat(explain(sql)).contains("(estimate; hints name both inputs (main.big, main.big): the estimate decides)");
        assertThat(session.sql(sql).planBundle().joins().getFirst().decidedBy()).isEqualTo(JoinChoice.Source.ESTIMATE);
    }

    @Test
    void hintSurvivesJoinReorderingOfThreeTables() {
        String sql = "SELECT /*+ BUILD(b2) */ count(*), sum(b1.v), sum(b2.v) FROM big b1, small s, big b2"
                + " WHERE b1.id = s.id AND s.id = b2.v";
        String plan = explain(sql);
        assertThat(plan).contains("(hint)");
        assertThat(session.sql(sql).planBundle().joins()).anySatisfy(join -> {
            assertThat(join.decidedBy()).isEqualTo(JoinChoice.Source.HINT);
            assertThat(join.buildTable()).isEqualTo("main.big");
        });
        String plain = sql.replace("/*+ BUILD(b2) */ ", "");
        assertThat(sortedRows(session.sql(sql))).isEqualTo(sortedRows(session.sql(plain)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT /*+ BUILD(b) */ b.id, b.v, s.label FROM big b LEFT JOIN small s ON b.id = s.id"})
    void hintOnTheProbeSideOfAnOuterJoinIsIgnoredWithANote(String sql) {
        String plan = explain(sql);
        assertThat(plan).contains("(join type; hint on main.").contains("ignored");
        JoinChoice join = session.sql(sql).planBundle().joins().getFirst();
        assertThat(join.decidedBy()).isEqualTo(JoinChoice.Source.FIXED);
        assertThat(join.build()).isEqualTo(JoinChoice.Side.RIGHT);
        assertThat(join.note()).contains("always builds its right input");
        String plain = sql.replaceFirst("/\\*\\+ BUILD\\(\\w+\\) \\*/ ", "");
        assertThat(sortedRows(session.sql(sql))).isEqualTo(sortedRows(session.sql(plain)));
    }

    /** A semi or anti join can hash the side it keeps: it then returns the hashed rows that (did not) match. */
    @Test
    void semiAndAntiJoinsHashTheirKeptSideWhenAHintOrTheEstimateSaysSo() {
        DataFrame semi = session.table("big").join(session.table("small"), JoinType.SEMI,
                Expr.left("id").eq(Expr.right("id")));
        DataFrame hinted = semi.buildSide("big");
        assertThat(hinted.explain()).contains("build=main.big (hint)").contains("RIGHT_SEMI");
        assertThat(hinted.planBundle().joins().getFirst().decidedBy()).isEqualTo(JoinChoice.Source.HINT);
        assertThat(sortedRows(hinted)).isEqualTo(sortedRows(semi)).hasSize(270);

        DataFrame anti = session.table("big").join(session.table("small"), JoinType.ANTI,
                Expr.left("id").eq(Expr.right("id")));
        DataFrame hintedAnti = anti.buildSide("big");
        assertThat(hintedAnti.explain()).contains("RIGHT_ANTI").contains("build=main.big (hint)");
        assertThat(sortedRows(hintedAnti)).isEqualTo(sortedRows(anti)).isNotEmpty();
        // a residual over both sides sees each side's columns where they are when the kept side is hashed
        for (JoinType type : List.of(JoinType.SEMI, JoinType.ANTI)) {
            DataFrame residual = session.table("big").join(session.table("small"), type,
                    Expr.left("id").eq(Expr.right("id")).and(Expr.left("v").gt(Expr.right("id").times(Expr.lit(20L))))
                            .and(Expr.right("label").ne(Expr.lit("s4"))));
            DataFrame flipped = residual.buildSide("big");
            assertThat(flipped.explain()).contains(type == JoinType.SEMI ? "RIGHT_SEMI" : "RIGHT_ANTI").contains("residual=");
            assertThat(sortedRows(flipped)).as(type.name()).isEqualTo(sortedRows(residual)).isNotEmpty();
        }
    }

    @Test
    void inSubqueryBecomesAnInnerJoinWhereTheHintApplies() {
        String sql = "SELECT /*+ BUILD(b) */ b.id, b.v FROM big b WHERE b.id IN (SELECT id FROM small)";
        assertThat(explain(sql)).contains("type=INNER").contains("build=main.big (hint)");
        assertThat(sortedRows(session.sql(sql))).isEqualTo(sortedRows(session.sql(sql.replace("/*+ BUILD(b) */ ", ""))));
    }

    @Test
    void dataFrameBuildSideFlipsTheBuildSide() {
        DataFrame frame = session.table("big").join(session.table("small"), JoinType.INNER,
                Expr.left("id").eq(Expr.right("id")));
        assertThat(frame.explain()).contains("build=main.small (estimate)");
        DataFrame hinted = frame.buildSide("big");
        assertThat(hinted.explain()).contains("build=main.big (hint)");
        assertThat(sortedRows(hinted)).isEqualTo(sortedRows(frame));
        assertThat(frame.explain()).as("the input frame keeps its plan").contains("build=main.small (estimate)");
        // a frame built on top of a hinted one is planned from scratch and keeps the hint
        DataFrame filtered = hinted.filter(Expr.col("v").gt(Expr.lit(10L)));
        assertThat(filtered.explain()).contains("build=main.big (hint)");
        assertThat(hinted.planBundle().planIdentity()).isNotEqualTo(frame.planBundle().planIdentity());
        assertThat(hinted.planBundle().joins().getFirst().decidedBy()).isEqualTo(JoinChoice.Source.HINT);
    }

    @Test
    void hintChangesThePlanIdentityAndDigest() {
        PlanBundle plain = session.sql(JOIN).planBundle();
        PlanBundle flipped = session.sql(JOIN.replace("SELECT", "SELECT /*+ BUILD(big) */")).planBundle();
        assertThat(flipped.planIdentity()).isNotEqualTo(plain.planIdentity());
        assertThat(flipped.physical().digest()).isNotEqualTo(plain.physical().digest());
        assertThat(flipped.manifest().digest()).isNotEqualTo(plain.manifest().digest());
        assertThat(flipped.diff(plain)).anyMatch(line -> line.startsWith("join build sides:"));
        assertThat(session.sql(JOIN.replace("SELECT", "SELECT /*+ BUILD(big) */")).planBundle().planIdentity())
                .isEqualTo(flipped.planIdentity());
        assertThat(PlanBundle.fromJson(flipped.toJson()).joins()).isEqualTo(flipped.joins());
    }

    @Test
    void unknownHintIsAPlanningError() {
        assertThatThrownBy(() -> session.sql("SELECT /*+ BROADCAST(s) */ b.id FROM big b JOIN small s ON b.id = s.id"))
                .isInstanceOf(PlanningException.class)
                .hasMessageContaining("Unknown hint 'BROADCAST' at line 1, column")
                .hasMessageContaining("BUILD(table")
                .hasMessageContaining("write BUILD(t)");
        assertThatThrownBy(() -> session.sql("SELECT /*+ NO_HASH_JOIN */ b.id FROM big b JOIN small s ON b.id = s.id"))
                .isInstanceOf(PlanningException.class).hasMessageContaining("Unknown hint 'NO_HASH_JOIN'");
        assertThatThrownBy(() -> session.sql("SELECT /*+ BUILD */ b.id FROM big b JOIN small s ON b.id = s.id"))
                .isInstanceOf(PlanningException.class).hasMessageContaining("needs the tables to build");
        assertThatThrownBy(() -> session.sql("SELECT /*+ BUILD(q) */ q.id FROM (SELECT id FROM big) q JOIN small s ON q.id = s.id"))
                .isInstanceOf(PlanningException.class).hasMessageContaining("names a subquery");
    }

    @Test
    void hintNamingATableTheQueryDoesNotReadIsAPlanningError() {
        assertThatThrownBy(() -> session.sql(JOIN.replace("SELECT", "SELECT /*+ BUILD(nowhere) */")))
                .isInstanceOf(PlanningException.class)
                .hasMessageContaining("'nowhere', which this query does not read")
                .hasMessageContaining("main.big");
        assertThatThrownBy(() -> session.table("big").buildSide("small").collect())
                .isInstanceOf(PlanningException.class)
                .hasMessageContaining("DataFrame.buildSide[small]");
    }

    @Test
    void hintOnAQueryWithoutJoinsIsAPlanningError() {
        assertThatThrownBy(() -> session.sql("SELECT /*+ BUILD(big) */ count(*) FROM big"))
                .isInstanceOf(PlanningException.class)
                .hasMessageContaining("not an input of any join");
    }

    @Test
    void hintInsideAViewAppliesWhereTheViewIsRead() {
        session.execute("CREATE VIEW joined AS " + JOIN.replace("SELECT", "SELECT /*+ BUILD(big) */"));
        assertThat(explain("SELECT count(*) FROM joined")).contains("build=main.big (hint)");
    }

    @Test
    void createTableFromAHintedFrameKeepsTheHintAndCountsRows() {
        DataFrame hinted = session.sql(JOIN).buildSide("big");
        assertThat(session.createTable("materialized", hinted)).isEqualTo(270);
        try (QueryResult result = session.sql("SELECT count(*) FROM materialized").collect()) {
            assertThat(result.rows()).containsExactly(List.of(270L));
        }
    }
}
