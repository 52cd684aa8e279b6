package io.codeanatomy.engine.core;

import java.util.List;
import java.util.Objects;

/**
 * A column expression for the {@link DataFrame} builder API: {@code col("age").gt(lit(30)).and(col("name").isNotNull())}.
 * Expressions are plain values; they are resolved against a frame's columns when the frame is planned, with the
 * same type rules as SQL.
 *
 * @since 0.1
 */
public sealed interface Expr {
    /** A column by name; inside a join condition, {@code side} picks the left or right input when names clash. */
    record Column(String name, Side side) implements Expr {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(side, "side");
        }
    }

    /** A constant: Boolean, a Number, String, BigDecimal, LocalDate, LocalDateTime, or null for SQL NULL. */
    record Literal(Object value) implements Expr {}

    /** An operator or function applied to arguments; {@code function} is a SQL function name or an operator symbol. */
    record Call(String function, List<Expr> args) implements Expr {
        public Call {
            Objects.requireNonNull(function, "function");
            args = List.copyOf(args);
        }
    }

    /** An aggregate function over {@code arg} (null for {@code count(*)}). */
    record Aggregate(String function, Expr arg, boolean distinct) implements Expr {
        public Aggregate {
            Objects.requireNonNull(function, "function");
        }
    }

    /** Names the result of {@code expr}. */
    record Alias(Expr expr, String name) implements Expr {
        public Alias {
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(name, "name");
        }
    }

    /** Which input of a join a column belongs to; {@link #ANY} resolves by name. */
    enum Side { ANY, LEFT, RIGHT }

    /** A sort key: {@code col("age").desc()}. NULLs sort last ascending and first descending unless given. */
    record SortKey(Expr expr, boolean descending, Nulls nulls) {
        public SortKey {
            Objects.requireNonNull(expr, "expr");
            Objects.requireNonNull(nulls, "nulls");
        }

        public SortKey nullsFirst() {
            return new SortKey(expr, descending, Nulls.FIRST);
        }

        public SortKey nullsLast() {
            return new SortKey(expr, descending, Nulls.LAST);
        }
    }

    /** Where NULLs sort: {@link #DEFAULT} is last ascending, first descending (PostgreSQL, DataFusion). */
    enum Nulls { DEFAULT, FIRST, LAST }

    static Expr col(String name) {
        return new Column(name, Side.ANY);
    }

    /** The left input's column, for join conditions. */
    static Expr left(String name) {
        return new Column(name, Side.LEFT);
    }

    /** The right input's column, for join conditions. */
    static Expr right(String name) {
        return new Column(name, Side.RIGHT);
    }

    static Expr lit(Object value) {
        return new Literal(value);
    }

    /** Any scalar SQL function by name: {@code call("upper", col("name"))}. */
    static Expr call(String function, Expr... args) {
        return new Call(function, List.of(args));
    }

    static Expr countStar() {
        return new Aggregate("count", null, false);
    }

    static Expr count(Expr arg) {
        return new Aggregate("count", arg, false);
    }

    static Expr countDistinct(Expr arg) {
        return new Aggregate("count", arg, true);
    }

    static Expr sum(Expr arg) {
        return new Aggregate("sum", arg, false);
    }

    static Expr avg(Expr arg) {
        return new Aggregate("avg", arg, false);
    }

    static Expr min(Expr arg) {
        return new Aggregate("min", arg, false);
    }

    static Expr max(Expr arg) {
        return new Aggregate("max", arg, false);
    }

    default Expr as(String name) {
        return new Alias(this, name);
    }

    default Expr eq(Expr other) {
        return new Call("=", List.of(this, other));
    }

    default Expr ne(Expr other) {
        return new Call("<>", List.of(this, other));
    }

    default Expr lt(Expr other) {
        return new Call("<", List.of(this, other));
    }

    default Expr le(Expr other) {
        return new Call("<=", List.of(this, other));
    }

    default Expr gt(Expr other) {
        return new Call(">", List.of(this, other));
    }

    default Expr ge(Expr other) {
        return new Call(">=", List.of(this, other));
    }

    default Expr and(Expr other) {
        return new Call("AND", List.of(this, other));
    }

    default Expr or(Expr other) {
        return new Call("OR", List.of(this, other));
    }

    default Expr not() {
        return new Call("NOT", List.of(this));
    }

    default Expr isNull() {
        return new Call("IS NULL", List.of(this));
    }

    default Expr isNotNull() {
        return new Call("IS NOT NULL", List.of(this));
    }

    default Expr plus(Expr other) {
        return new Call("+", List.of(this, other));
    }

    default Expr minus(Expr other) {
        return new Call("-", List.of(this, other));
    }

    default Expr times(Expr other) {
        return new Call("*", List.of(this, other));
    }

    default Expr div(Expr other) {
        return new Call("/", List.of(this, other));
    }

    default Expr like(String pattern) {
        return new Call("LIKE", List.of(this, lit(pattern)));
    }

    default SortKey asc() {
        return new SortKey(this, false, Nulls.DEFAULT);
    }

    default SortKey desc() {
        return new SortKey(this, true, Nulls.DEFAULT);
    }
}
