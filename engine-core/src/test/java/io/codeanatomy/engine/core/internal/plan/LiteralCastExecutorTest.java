package io.codeanatomy.engine.core.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/**
 * Casts of literals folded without Calcite's generated code give exactly the literal Calcite's executor gives, and
 * the casts that would round, overflow or convert text are left to it.
 */
class LiteralCastExecutorTest {
    private final RelDataTypeFactory types = new JavaTypeFactoryImpl();
    private final RexBuilder rex = new RexBuilder(types);

    @Test
    void foldedCastsEqualCalcitesReduction() {
        List<RexLiteral> literals = new ArrayList<>();
        for (String v : List.of("0", "1", "-1", "1.0", "1.5", "-2.50", "127", "128", "-128", "-129", "32767", "40000",
                "2147483647", "2147483648", "-2147483649", "9223372036854775807", "12345.678", "0.001")) {
            literals.add(rex.makeExactLiteral(new BigDecimal(v)));
        }
        literals.add(rex.makeApproxLiteral(new BigDecimal("2.5")));
        literals.add(rex.makeApproxLiteral(new BigDecimal("-3")));
        literals.add((RexLiteral) rex.makeNullLiteral(types.createSqlType(SqlTypeName.INTEGER)));
        literals.add(rex.makeLiteral("12"));
        List<RelDataType> targets = new ArrayList<>();
        for (SqlTypeName name : List.of(SqlTypeName.TINYINT, SqlTypeName.SMALLINT, SqlTypeName.INTEGER,
                SqlTypeName.BIGINT, SqlTypeName.DOUBLE, SqlTypeName.FLOAT, SqlTypeName.VARCHAR)) {
            targets.add(types.createSqlType(name));
        }
        targets.add(types.createSqlType(SqlTypeName.DECIMAL, 5, 2));
        targets.add(types.createSqlType(SqlTypeName.DECIMAL, 10, 0));
        targets.add(types.createSqlType(SqlTypeName.DECIMAL, 19, 4));
        int folded = 0;
        int left = 0;
        for (RexLiteral literal : literals) {
            for (RelDataType target : targets) {
                for (boolean nullable : new boolean[] {false, true}) {
                    RelDataType type = types.createTypeWithNullability(target, nullable);
                    RexNode cast = rex.makeAbstractCast(type, literal, false);
                    RexNode ours = LiteralCastExecutor.fold(rex, cast);
                    if (ours == null) {
                        left++;
                        continue;
                    }
                    List<RexNode> calcite = new ArrayList<>();
                    RexUtil.EXECUTOR.reduce(rex, List.of(cast), calcite);
                    assertThat(ours).as("%s", cast).isEqualTo(calcite.getFirst());
                    assertThat(ours.getType()).as("%s", cast).isEqualTo(calcite.getFirst().getType());
                    folded++;
                }
            }
        }
        assertThat(folded).isGreaterThan(150);
        assertThat(left).as("rounding, overflow, text and NOT NULL targets of NULL").isGreaterThan(60);
    }

    @Test
    void aListWithOneCastItCannotFoldGoesToCalciteWhole() {
        AtomicInteger calls = new AtomicInteger();
        RexExecutor counting = (builder, expressions, reduced) -> {
            calls.incrementAndGet();
            RexUtil.EXECUTOR.reduce(builder, expressions, reduced);
        };
        LiteralCastExecutor executor = new LiteralCastExecutor(counting);
        RelDataType integer = types.createSqlType(SqlTypeName.INTEGER);
        RexNode exact = rex.makeAbstractCast(integer, rex.makeExactLiteral(new BigDecimal("7.0")), false);
        RexNode rounds = rex.makeAbstractCast(integer, rex.makeExactLiteral(new BigDecimal("7.5")), false);

        List<RexNode> out = new ArrayList<>();
        executor.reduce(rex, List.of(exact, exact), out);
        assertThat(calls).hasValue(0);
        assertThat(out).hasSize(2).allSatisfy(r -> assertThat(((RexLiteral) r).getValueAs(Integer.class)).isEqualTo(7));

        out.clear();
        executor.reduce(rex, List.of(exact, rounds), out);
        assertThat(calls).hasValue(1);
        assertThat(out).hasSize(2);
        assertThat(((RexLiteral) out.getFirst()).getValueAs(Integer.class)).isEqualTo(7);
    }
}
