package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.internal.exec.vector.Scalars;
import io.codeanatomy.engine.core.spi.Expression;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Translates a deterministic row expression over a scan's output into the provider-facing {@link Expression}, with
 * columns named as in the table. Empty when the expression has parts providers cannot be offered (correlated
 * references, subqueries, non-deterministic calls).
 */
final class RexToExpression {
    private final RexBuilder rexBuilder;
    private final RelDataType rowType;

    RexToExpression(RexBuilder rexBuilder, RelDataType rowType) {
        this.rexBuilder = rexBuilder;
        this.rowType = rowType;
    }

    Optional<Expression> translate(RexNode node) {
        if (!RexUtil.isDeterministic(node)) {
            return Optional.empty();
        }
        try {
            return Optional.of(convert(RexUtil.expandSearch(rexBuilder, null, node)));
        } catch (Untranslatable e) {
            return Optional.empty();
        }
    }

    private static final class Untranslatable extends RuntimeException {
        Untranslatable() {
            super(null, null, false, false);
        }
    }

    private Expression convert(RexNode node) {
        return switch (node) {
            case RexInputRef ref -> new Expression.Column(rowType.getFieldNames().get(ref.getIndex()));
            case RexLiteral literal -> literal(literal);
            case RexCall call -> call(call);
            default -> throw new Untranslatable();
        };
    }

    private static Expression.Literal literal(RexLiteral literal) {
        io.codeanatomy.engine.core.internal.exec.expr.Literal internal = RexCompiler.literal(literal);
        ArrowType type = internal.type();
        Object external = Scalars.toExternal(type, internal.value());
        // Expression literals use Long for every integer width and Double for both float widths.
        if (external instanceof Number n && type instanceof ArrowType.Int) {
            external = n.longValue();
        } else if (external instanceof Float f) {
            external = f.doubleValue();
        }
        return new Expression.Literal(external, type);
    }

    private Expression call(RexCall call) {
        List<RexNode> ops = call.getOperands();
        return switch (call.getKind()) {
            case AND -> new Expression.And(convertAll(ops));
            case OR -> orOrIn(call);
            case NOT -> new Expression.Not(convert(ops.getFirst()));
            case EQUALS -> comparison(Expression.ComparisonOperator.EQ, ops);
            case NOT_EQUALS -> comparison(Expression.ComparisonOperator.NE, ops);
            case LESS_THAN -> comparison(Expression.ComparisonOperator.LT, ops);
            case LESS_THAN_OR_EQUAL -> comparison(Expression.ComparisonOperator.LE, ops);
            case GREATER_THAN -> comparison(Expression.ComparisonOperator.GT, ops);
            case GREATER_THAN_OR_EQUAL -> comparison(Expression.ComparisonOperator.GE, ops);
            case IS_NULL -> new Expression.IsNull(convert(ops.getFirst()));
            case IS_NOT_NULL -> new Expression.IsNotNull(convert(ops.getFirst()));
            case LIKE -> {
                Character escape = ops.size() > 2 && ops.get(2) instanceof RexLiteral e
                        ? e.getValueAs(String.class).charAt(0) : null;
                boolean ilike = call.getOperator().getName().toUpperCase(Locale.ROOT).contains("ILIKE");
                yield new Expression.Like(convert(ops.get(0)), convert(ops.get(1)), escape, ilike);
            }
            case CAST -> new Expression.Cast(convert(ops.getFirst()), TypeMapping.arrowType(call.getType()));
            default -> new Expression.Call(call.getOperator().getName().toLowerCase(Locale.ROOT), convertAll(ops));
        };
    }

    /** {@code x = 1 OR x = 2 OR ...} (how Calcite expands IN) becomes {@code x IN (1, 2, ...)}. */
    private Expression orOrIn(RexCall call) {
        List<Expression> terms = convertAll(call.getOperands());
        Expression column = null;
        List<Expression.Literal> values = new ArrayList<>();
        for (Expression term : terms) {
            if (term instanceof Expression.Comparison c && c.op() == Expression.ComparisonOperator.EQ
                    && c.left() instanceof Expression.Column && c.right() instanceof Expression.Literal l
                    && (column == null || column.equals(c.left()))) {
                column = c.left();
                values.add(l);
            } else {
                return new Expression.Or(terms);
            }
        }
        return new Expression.InList(column, values);
    }

    private Expression comparison(Expression.ComparisonOperator op, List<RexNode> ops) {
        Expression left = convert(ops.get(0));
        Expression right = convert(ops.get(1));
        if (left instanceof Expression.Literal && !(right instanceof Expression.Literal)) {
            // keep columns on the left: providers match "column op literal"
            return new Expression.Comparison(flip(op), right, left);
        }
        return new Expression.Comparison(op, left, right);
    }

    private static Expression.ComparisonOperator flip(Expression.ComparisonOperator op) {
        return switch (op) {
            case LT -> Expression.ComparisonOperator.GT;
            case LE -> Expression.ComparisonOperator.GE;
            case GT -> Expression.ComparisonOperator.LT;
            case GE -> Expression.ComparisonOperator.LE;
            default -> op;
        };
    }

    private List<Expression> convertAll(List<RexNode> nodes) {
        List<Expression> out = new ArrayList<>(nodes.size());
        for (RexNode node : nodes) {
            out.add(convert(node));
        }
        return out;
    }
}
