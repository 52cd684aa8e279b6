package io.codeanatomy.delta.internal;

import io.codeanatomy.engine.core.spi.Expression;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Translates engine filters into Kernel predicates, which Kernel uses to prune partitions and skip files by their
 * min/max statistics. Only what keeps its exact meaning is translated (a column compared with a literal of a type the
 * column can hold exactly); anything else yields empty and is then evaluated on rows only.
 */
public final class SkippingPredicates {
    private SkippingPredicates() {}

    public static Optional<Predicate> translate(Expression filter, StructType schema) {
        return switch (filter) {
            case Expression.Comparison c -> comparison(c, schema);
            case Expression.And a -> all(a.terms(), schema).map(terms -> fold("AND", terms));
            case Expression.Or o -> all(o.terms(), schema).map(terms -> fold("OR", terms));
            case Expression.IsNull n -> column(n.term(), schema).map(c -> new Predicate("IS_NULL", c.column()));
            case Expression.IsNotNull n -> column(n.term(), schema).map(c -> new Predicate("IS_NOT_NULL", c.column()));
            case Expression.InList in -> {
                List<Expression> equalities = new ArrayList<>();
                for (Expression.Literal value : in.values()) {
                    equalities.add(new Expression.Comparison(Expression.ComparisonOperator.EQ, in.term(), value));
                }
                yield equalities.size() == 1 ? translate(equalities.getFirst(), schema)
                        : translate(new Expression.Or(equalities), schema);
            }
            default -> Optional.empty();
        };
    }

    /** Conjunction of every filter that translates; empty when none does. */
    public static Optional<Predicate> conjunction(List<Expression> filters, StructType schema) {
        List<Predicate> parts = new ArrayList<>();
        for (Expression filter : filters) {
            translate(filter, schema).ifPresent(parts::add);
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(fold("AND", parts));
    }

    private static Optional<List<Predicate>> all(List<Expression> terms, StructType schema) {
        List<Predicate> out = new ArrayList<>(terms.size());
        for (Expression term : terms) {
            Optional<Predicate> p = translate(term, schema);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            out.add(p.get());
        }
        return Optional.of(out);
    }

    private static Predicate fold(String op, List<Predicate> terms) {
        Predicate out = terms.getFirst();
        for (int i = 1; i < terms.size(); i++) {
            out = new Predicate(op, out, terms.get(i));
        }
        return out;
    }

    private static Optional<Predicate> comparison(Expression.Comparison c, StructType schema) {
        Expression.ComparisonOperator op = c.op();
        Expression columnSide = c.left();
        Expression literalSide = c.right();
        if (c.left() instanceof Expression.Literal) {
            columnSide = c.right();
            literalSide = c.left();
            op = op.flip();
        }
        if (!(literalSide instanceof Expression.Literal literal) || literal.value() == null) {
            return Optional.empty();
        }
        Optional<TypedColumn> column = column(columnSide, schema);
        if (column.isEmpty()) {
            return Optional.empty();
        }
        Optional<Literal> value = literal(literal.value(), column.get().type());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Column col = column.get().column();
        return Optional.of(switch (op) {
            case EQ -> new Predicate("=", col, value.get());
            case LT -> new Predicate("<", col, value.get());
            case LE -> new Predicate("<=", col, value.get());
            case GT -> new Predicate(">", col, value.get());
            case GE -> new Predicate(">=", col, value.get());
            // a <> b skips nothing useful by min/max but is cheap to express: NOT (a = b)
            case NE -> new Predicate("NOT", new Predicate("=", col, value.get()));
        });
    }

    private record TypedColumn(Column column, DataType type) {}

    private static Optional<TypedColumn> column(Expression expression, StructType schema) {
        if (!(expression instanceof Expression.Column c)) {
            return Optional.empty();
        }
        for (StructField field : schema.fields()) {
            if (field.getName().equals(c.name())) {
                return Optional.of(new TypedColumn(new Column(field.getName()), field.getDataType()));
            }
        }
        return Optional.empty();
    }

    /** The literal in the column's own type, only when the conversion is exact. */
    static Optional<Literal> literal(Object value, DataType type) {
        try {
            return Optional.ofNullable(switch (type) {
                case ByteType t when value instanceof Long l && l == l.byteValue() -> Literal.ofByte(l.byteValue());
                case ShortType t when value instanceof Long l && l == l.shortValue() -> Literal.ofShort(l.shortValue());
                case IntegerType t when value instanceof Long l && l == l.intValue() -> Literal.ofInt(l.intValue());
                case LongType t when value instanceof Long l -> Literal.ofLong(l);
                case DoubleType t when value instanceof Double d -> Literal.ofDouble(d);
                case FloatType t when value instanceof Double d && (double) d.floatValue() == d -> Literal.ofFloat(d.floatValue());
                case StringType t when value instanceof String s -> Literal.ofString(s);
                case DateType t when value instanceof LocalDate d -> Literal.ofDate(Math.toIntExact(d.toEpochDay()));
                case TimestampNTZType t when value instanceof LocalDateTime ts ->
                        Literal.ofTimestampNtz(ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), ts));
                case DecimalType t when value instanceof BigDecimal d && d.scale() <= t.getScale() ->
                        Literal.ofDecimal(d.setScale(t.getScale()), t.getPrecision(), t.getScale());
                case DecimalType t when value instanceof Long l ->
                        Literal.ofDecimal(BigDecimal.valueOf(l).setScale(t.getScale()), t.getPrecision(), t.getScale());
                default -> null;
            });
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
