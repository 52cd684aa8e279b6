package io.codeanatomy.engine.core.spi;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * A scalar expression as the engine offers it to providers: filters in {@link ScanRequest}, predicates and
 * assignments for row-level changes. A closed set, so providers can switch over it exhaustively and refuse (answer
 * {@link FilterSupport#UNSUPPORTED}) what they do not understand.
 *
 * <p>Literal values use these Java types: Boolean; Long for every integer width; Double for both float widths;
 * BigDecimal for decimals; String for utf8; byte[] for binary; {@link java.time.LocalDate} for dates;
 * {@link java.time.LocalDateTime} for timestamps without zone, {@link java.time.Instant} with zone;
 * {@link java.time.LocalTime} for times. A SQL NULL is a literal whose value is {@code null}.
 *
 * @since 0.1
 */
public sealed interface Expression {

    /** SQL-like text, for plans and messages. */
    default String toSql() {
        return switch (this) {
            case Column c -> quoteIdentifier(c.name());
            case Literal l -> literalSql(l.value());
            case Comparison c -> "(" + c.left().toSql() + " " + c.op().symbol() + " " + c.right().toSql() + ")";
            case And a -> a.terms().stream().map(Expression::toSql).collect(Collectors.joining(" AND ", "(", ")"));
            case Or o -> o.terms().stream().map(Expression::toSql).collect(Collectors.joining(" OR ", "(", ")"));
            case Not n -> "(NOT " + n.term().toSql() + ")";
            case IsNull n -> "(" + n.term().toSql() + " IS NULL)";
            case IsNotNull n -> "(" + n.term().toSql() + " IS NOT NULL)";
            case InList in -> "(" + in.term().toSql() + " IN "
                    + in.values().stream().map(Expression::toSql).collect(Collectors.joining(", ", "(", ")")) + ")";
            case Like l -> "(" + l.term().toSql() + (l.caseInsensitive() ? " ILIKE " : " LIKE ") + l.pattern().toSql()
                    + (l.escape() == null ? "" : " ESCAPE '" + l.escape() + "'") + ")";
            case Cast c -> "CAST(" + c.term().toSql() + " AS " + c.type() + ")";
            case Call c -> c.function() + c.arguments().stream().map(Expression::toSql).collect(Collectors.joining(", ", "(", ")"));
        };
    }

    private static String literalSql(Object value) {
        return switch (value) {
            case null -> "NULL";
            case String s -> "'" + s.replace("'", "''") + "'";
            case BigDecimal d -> d.toPlainString();
            case byte[] b -> "X'" + java.util.HexFormat.of().formatHex(b) + "'";
            case java.time.LocalDate d -> "DATE '" + d + "'";
            case java.time.LocalDateTime t -> "TIMESTAMP '" + t.toString().replace('T', ' ') + "'";
            case java.time.LocalTime t -> "TIME '" + t + "'";
            default -> value.toString();
        };
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A column of the scanned table, by name. */
    record Column(String name) implements Expression {
        public Column {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A constant; {@code value} is null for SQL NULL. See the interface doc for value types. */
    record Literal(Object value, ArrowType type) implements Expression {
        public Literal {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Literal other && type.equals(other.type)
                    && (value instanceof byte[] a && other.value instanceof byte[] b ? java.util.Arrays.equals(a, b)
                    : Objects.equals(value, other.value));
        }

        @Override
        public int hashCode() {
            return 31 * type.hashCode() + (value instanceof byte[] b ? java.util.Arrays.hashCode(b) : Objects.hashCode(value));
        }
    }

    /** {@code left op right}; NULL when either side is NULL. */
    record Comparison(ComparisonOperator op, Expression left, Expression right) implements Expression {
        public Comparison {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** Conjunction of two or more terms, with SQL three-valued logic. */
    record And(List<Expression> terms) implements Expression {
        public And {
            terms = List.copyOf(terms);
            if (terms.size() < 2) {
                throw new IllegalArgumentException("AND needs at least two terms, got " + terms.size());
            }
        }
    }

    /** Disjunction of two or more terms, with SQL three-valued logic. */
    record Or(List<Expression> terms) implements Expression {
        public Or {
            terms = List.copyOf(terms);
            if (terms.size() < 2) {
                throw new IllegalArgumentException("OR needs at least two terms, got " + terms.size());
            }
        }
    }

    record Not(Expression term) implements Expression {
        public Not {
            Objects.requireNonNull(term, "term");
        }
    }

    record IsNull(Expression term) implements Expression {
        public IsNull {
            Objects.requireNonNull(term, "term");
        }
    }

    record IsNotNull(Expression term) implements Expression {
        public IsNotNull {
            Objects.requireNonNull(term, "term");
        }
    }

    /** {@code term IN (values...)}; the values are literals. NOT IN is {@code Not(InList)}. */
    record InList(Expression term, List<Literal> values) implements Expression {
        public InList {
            Objects.requireNonNull(term, "term");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("IN needs at least one value");
            }
        }
    }

    /** SQL LIKE: {@code %} any sequence, {@code _} one character; {@code escape} may be null. */
    record Like(Expression term, Expression pattern, Character escape, boolean caseInsensitive) implements Expression {
        public Like {
            Objects.requireNonNull(term, "term");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    record Cast(Expression term, ArrowType type) implements Expression {
        public Cast {
            Objects.requireNonNull(term, "term");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * Any other scalar function, by its lower-case SQL name ({@code upper}, {@code substring}, {@code abs}), or an
     * arithmetic operator by symbol ({@code +}, {@code -}, {@code *}, {@code /}, {@code %}); unary minus is {@code negate}.
     */
    record Call(String function, List<Expression> arguments) implements Expression {
        public Call {
            Objects.requireNonNull(function, "function");
            arguments = List.copyOf(arguments);
        }
    }

    /** The six comparison operators. */
    enum ComparisonOperator {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        ComparisonOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** The operator that gives the same result with its operands swapped ({@code a < b} is {@code b > a}). */
        public ComparisonOperator flip() {
            return switch (this) {
                case EQ -> EQ;
                case NE -> NE;
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
            };
        }
    }
}
