package io.codeanatomy.engine.core.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.expr.Shared;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Which subexpressions of a projection the compiler shares: repeated deterministic calls over columns, once each. */
class RexCompilerSharingTest {
    private final EngineTypeFactory types = new EngineTypeFactory();
    private final RexBuilder rex = new RexBuilder(types);
    private final RelDataType decimal = types.createTypeWithNullability(types.createSqlType(SqlTypeName.DECIMAL, 12, 2), true);
    private final RelDataType row = types.builder().add("price", decimal).add("discount", decimal).add("tax", decimal).build();

    private RexNode column(int index) {
        return rex.makeInputRef(row.getFieldList().get(index).getType(), index);
    }

    private RexNode call(org.apache.calcite.sql.SqlOperator op, RexNode... operands) {
        return rex.makeCall(op, operands);
    }

    /** TPC-H q1's pair: price * (1 - discount) alone and times (1 + tax). */
    @Test
    void repeatedCallsAreOneSharedInstance() {
        RexNode one = rex.makeExactLiteral(java.math.BigDecimal.ONE);
        RexNode oneMinusDiscount = call(SqlStdOperatorTable.MINUS, one, column(1));
        RexNode discounted = call(SqlStdOperatorTable.MULTIPLY, column(0), oneMinusDiscount);
        RexNode charged = call(SqlStdOperatorTable.MULTIPLY, discounted,
                call(SqlStdOperatorTable.PLUS, one, column(2)));
        List<PhysicalExpr> compiled = new RexCompiler(rex, row).compileList(List.of(column(0), discounted, charged));

        assertThat(compiled.get(0)).isNotInstanceOf(Shared.class);
        assertThat(compiled.get(1)).isInstanceOf(Shared.class);
        assertThat(shared(compiled.get(2))).as("the same instance under the second expression").contains(compiled.get(1));
        assertThat(shared(compiled.get(1))).hasSize(2);    // price * (1 - discount) and the 1 - discount inside it
        assertThat(compiled.get(2).display()).isEqualTo(new RexCompiler(rex, row).compile(charged).display());
        // each expression alone: nothing repeats
        assertThat(shared(new RexCompiler(rex, row).compileList(List.of(discounted)).getFirst())).isEmpty();
    }

    /** rand() twice is two draws; a constant call is folded, not shared. */
    @Test
    void nondeterministicAndConstantCallsAreNotShared() {
        RexNode random = call(SqlStdOperatorTable.RAND);
        RexNode constant = call(SqlStdOperatorTable.PLUS, rex.makeExactLiteral(java.math.BigDecimal.ONE),
                rex.makeExactLiteral(java.math.BigDecimal.TEN));
        List<PhysicalExpr> compiled = new RexCompiler(rex, row).compileList(List.of(random, random, constant, constant));
        for (PhysicalExpr expr : compiled) {
            assertThat(shared(expr)).isEmpty();
        }
        assertThat(compiled.get(0)).isNotSameAs(compiled.get(1));
    }

    /** The distinct {@link Shared} nodes of an expression tree. */
    private static List<PhysicalExpr> shared(PhysicalExpr root) {
        Map<PhysicalExpr, Boolean> seen = new IdentityHashMap<>();
        List<PhysicalExpr> out = new ArrayList<>();
        java.util.ArrayDeque<PhysicalExpr> pending = new java.util.ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            PhysicalExpr expr = pending.pop();
            if (expr instanceof Shared && seen.put(expr, true) == null) {
                out.add(expr);
            }
            pending.addAll(expr.children());
        }
        return out;
    }
}
