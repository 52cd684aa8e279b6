package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.internal.exec.Batch;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.Scalars;
import io.codeanatomy.engine.core.spi.CompiledExpression;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.ExpressionCompiler;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Compiles provider-facing {@link Expression}s with the same type rules and kernels as SQL: the expression is turned
 * into a Calcite row expression (which types it) and then compiled by {@link RexCompiler}. Stateless.
 */
public final class EngineExpressionCompiler implements ExpressionCompiler {
    public static final EngineExpressionCompiler INSTANCE = new EngineExpressionCompiler();

    private EngineExpressionCompiler() {}

    @Override
    public CompiledExpression compile(Schema input, Expression expression) {
        RelDataTypeFactory typeFactory = new EngineTypeFactory();
        RexBuilder rexBuilder = new RexBuilder(typeFactory);
        RelDataType rowType = TypeMapping.rowType(typeFactory, input);
        RexNode rex = new Translator(rexBuilder, rowType).rex(expression);
        PhysicalExpr compiled = new RexCompiler(rexBuilder, rowType).compile(rex);
        Field result = TypeMapping.field(expression.toSql(), rex.getType());
        return new Compiled(input, compiled, result);
    }

    private record Compiled(Schema input, PhysicalExpr expr, Field resultField) implements CompiledExpression {
        @Override
        public FieldVector evaluate(VectorSchemaRoot batch, BufferAllocator allocator) {
            Column column = expr.evaluate(EvalInput.of(batchOf(batch), null));
            return Columns.pack(column, resultField, allocator);
        }

        @Override
        public int[] selectTrue(VectorSchemaRoot batch) {
            if (!(resultField.getType() instanceof ArrowType.Bool)) {
                throw new IllegalStateException("Expression " + resultField.getName() + " is not boolean");
            }
            BoolColumn column = (BoolColumn) expr.evaluate(EvalInput.of(batchOf(batch), null));
            int[] out = new int[column.size];
            int n = 0;
            for (int i = 0; i < column.size; i++) {
                if (column.isTrue(i)) {
                    out[n++] = i;
                }
            }
            return java.util.Arrays.copyOf(out, n);
        }

        private Batch batchOf(VectorSchemaRoot root) {
            // borrowed view: the Batch is never closed here, the caller owns the root
            return new Batch(root, null, root.getRowCount());
        }
    }

    /** {@link Expression} to Calcite row expressions over one row type. */
    private static final class Translator {
        private final RexBuilder rexBuilder;
        private final RelDataType rowType;

        Translator(RexBuilder rexBuilder, RelDataType rowType) {
            this.rexBuilder = rexBuilder;
            this.rowType = rowType;
        }

        RexNode rex(Expression e) {
            return switch (e) {
                case Expression.Column c -> {
                    var field = rowType.getField(c.name(), false, false);
                    if (field == null) {
                        throw new IllegalArgumentException("Column '" + c.name() + "' is not in the input; columns are "
                                + rowType.getFieldNames());
                    }
                    yield rexBuilder.makeInputRef(field.getType(), field.getIndex());
                }
                case Expression.Literal l -> literal(l);
                case Expression.Comparison c -> rexBuilder.makeCall(comparison(c.op()), rex(c.left()), rex(c.right()));
                case Expression.And a -> rexBuilder.makeCall(SqlStdOperatorTable.AND, all(a.terms()));
                case Expression.Or o -> rexBuilder.makeCall(SqlStdOperatorTable.OR, all(o.terms()));
                case Expression.Not n -> rexBuilder.makeCall(SqlStdOperatorTable.NOT, rex(n.term()));
                case Expression.IsNull n -> rexBuilder.makeCall(SqlStdOperatorTable.IS_NULL, rex(n.term()));
                case Expression.IsNotNull n -> rexBuilder.makeCall(SqlStdOperatorTable.IS_NOT_NULL, rex(n.term()));
                case Expression.InList in -> {
                    RexNode term = rex(in.term());
                    List<RexNode> terms = new ArrayList<>();
                    for (Expression.Literal value : in.values()) {
                        terms.add(rexBuilder.makeCall(SqlStdOperatorTable.EQUALS, term, literal(value)));
                    }
                    yield terms.size() == 1 ? terms.getFirst() : rexBuilder.makeCall(SqlStdOperatorTable.OR, terms);
                }
                case Expression.Like l -> {
                    SqlOperator op = l.caseInsensitive() ? SqlLibraryOperators.ILIKE : SqlStdOperatorTable.LIKE;
                    yield l.escape() == null ? rexBuilder.makeCall(op, rex(l.term()), rex(l.pattern()))
                            : rexBuilder.makeCall(op, rex(l.term()), rex(l.pattern()),
                                    rexBuilder.makeLiteral(String.valueOf(l.escape())));
                }
                case Expression.Cast c -> rexBuilder.makeCast(
                        TypeMapping.relType(rexBuilder.getTypeFactory(), new Field("t", FieldType.nullable(c.type()), null)),
                        rex(c.term()));
                case Expression.Call c -> rexBuilder.makeCall(SqlOperators.lookup(c.function(), c.arguments().size()), all(c.arguments()));
            };
        }

        private List<RexNode> all(List<Expression> terms) {
            return terms.stream().map(this::rex).toList();
        }

        private static SqlOperator comparison(Expression.ComparisonOperator op) {
            return switch (op) {
                case EQ -> SqlStdOperatorTable.EQUALS;
                case NE -> SqlStdOperatorTable.NOT_EQUALS;
                case LT -> SqlStdOperatorTable.LESS_THAN;
                case LE -> SqlStdOperatorTable.LESS_THAN_OR_EQUAL;
                case GT -> SqlStdOperatorTable.GREATER_THAN;
                case GE -> SqlStdOperatorTable.GREATER_THAN_OR_EQUAL;
            };
        }

        private RexNode literal(Expression.Literal l) {
            RelDataTypeFactory f = rexBuilder.getTypeFactory();
            RelDataType type = TypeMapping.relType(f, new Field("v", FieldType.nullable(l.type()), null));
            Object value = l.value();
            if (value == null) {
                return rexBuilder.makeNullLiteral(type);
            }
            return switch (type.getSqlTypeName()) {
                case BOOLEAN -> rexBuilder.makeLiteral((Boolean) value);
                case TINYINT, SMALLINT, INTEGER, BIGINT -> rexBuilder.makeExactLiteral(BigDecimal.valueOf(((Number) value).longValue()), type);
                case DECIMAL -> rexBuilder.makeExactLiteral((BigDecimal) value, type);
                case REAL, FLOAT, DOUBLE -> rexBuilder.makeApproxLiteral(BigDecimal.valueOf(((Number) value).doubleValue()), type);
                case VARCHAR, CHAR -> rexBuilder.makeCharLiteral(new NlsString((String) value, null, null));
                case DATE -> rexBuilder.makeDateLiteral(new DateString(value.toString()));
                case TIME -> rexBuilder.makeTimeLiteral(new TimeString(value.toString()), 6);
                case TIMESTAMP -> rexBuilder.makeTimestampLiteral(new TimestampString(value.toString().replace('T', ' ')), 6);
                default -> rexBuilder.makeLiteral(Scalars.toInternal(l.type(), value), type);
            };
        }
    }

}
