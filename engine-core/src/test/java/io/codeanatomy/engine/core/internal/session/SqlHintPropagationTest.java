package io.codeanatomy.engine.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.hint.RelHint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The BUILD hint goes through Calcite's hint machinery: SqlToRelConverter attaches it to the query block's joins. */
@ExtendWith(ArrowLeakCheck.class)
class SqlHintPropagationTest {
    @Test
    void buildHintIsARelHintOnTheConvertedJoin(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
             MemoryTable a = MemoryTable.empty(schema());
             MemoryTable b = MemoryTable.empty(schema())) {
            session.register("a", a);
            session.register("b", b);
            RecipeFrame frame = (RecipeFrame) session.sql("SELECT /*+ BUILD(x) */ x.id FROM a x JOIN b y ON x.id = y.id");
            assertThat(joinHints(frame.logicalPlan())).singleElement().satisfies(hint -> {
                assertThat(hint.hintName).isEqualTo("BUILD");
                assertThat(hint.listOptions).containsExactly("x");
            });
        }
    }

    /**
     * Calcite's own propagation does not survive our optimizer: JOIN_TO_MULTI_JOIN and the join-order rules build new
     * joins without hints. That is why the engine resolves BUILD hints by table name on the optimized plan instead.
     */
    @Test
    void joinReorderingDropsCalcitesRelHintsSoTheEngineResolvesHintsByTable(EngineRuntime runtime) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
             MemoryTable a = MemoryTable.empty(schema());
             MemoryTable b = MemoryTable.empty(schema())) {
            session.register("a", a);
            session.register("b", b);
            var planner = ((EngineSession) session).newPlanner();
            var statement = (io.codeanatomy.engine.core.internal.sql.Statement.Calcite) io.codeanatomy.engine.core.internal.sql
                    .SqlFrontEnd.parse("SELECT /*+ BUILD(x) */ x.id FROM a x JOIN b y ON x.id = y.id");
            RelNode optimized = planner.optimize(planner.toLogical(statement, List.of()).rel());
            assertThat(joinHints(optimized)).isEmpty();
            assertThat(planner.toPhysical(optimized).explain()).contains("build=main.a (hint)");
        }
    }

    private static List<RelHint> joinHints(RelNode plan) {
        List<RelHint> hints = new ArrayList<>();
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof Join join) {
                    hints.addAll(join.getHints());
                }
                super.visit(node, ordinal, parent);
            }
        }.go(plan);
        return hints;
    }

    private static Schema schema() {
        return new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null)));
    }
}
