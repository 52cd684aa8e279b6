package io.codeanatomy.engine.core;

import io.codeanatomy.engine.core.spi.BatchStream;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A lazily evaluated query. Nothing runs until {@link #collect()} or {@link #stream()}. Immutable; each call to
 * collect or stream runs the query again.
 *
 * @since 0.1
 */
public interface DataFrame {
    /** The result's columns. */
    Schema schema();

    /** Runs the query and keeps every batch in memory. The caller owns and closes the result. */
    QueryResult collect();

    /** Runs the query as a stream of batches. The caller owns and closes the stream. */
    BatchStream stream();

    /** The physical plan as indented text. */
    String explain();

    /** The query's plans, identity, optimizer trace, lineage and pushdown contract as one serializable value. */
    io.codeanatomy.engine.core.plan.PlanBundle planBundle();

    /**
     * How the plan chose each join's build side, as {@link #planBundle()}{@code .joins()} lists them, without building
     * the rest of the bundle (plan texts, digests, lineage).
     */
    default java.util.List<io.codeanatomy.engine.core.plan.JoinChoice> joinChoices() {
        return planBundle().joins();
    }

    /**
     * The plan's identity, as {@link #planBundle()}{@code .planIdentity()} gives it, without building the rest of the
     * bundle (whose optimizer trace plans the query again).
     */
    default String planIdentity() {
        return planBundle().planIdentity();
    }

    /**
     * The tables the plan reads, as {@link #planBundle()}{@code .lineage().referencedTables()} lists them, without
     * building the rest of the bundle.
     */
    default java.util.List<String> referencedTables() {
        return planBundle().lineage().referencedTables();
    }

    // ---- builder: each call returns a new frame; plans are the same as the equivalent SQL's ----

    /** {@code SELECT exprs FROM this}. */
    DataFrame select(Expr... exprs);

    /** {@code SELECT * FROM this WHERE condition}. */
    DataFrame filter(Expr condition);

    /** {@code SELECT groupBy..., aggregates... FROM this GROUP BY groupBy...}. */
    DataFrame aggregate(java.util.List<Expr> groupBy, java.util.List<Expr> aggregates);

    /** Joins {@code right} (a frame of the same session) on {@code condition}; see {@link Expr#left}/{@link Expr#right}. */
    DataFrame join(DataFrame right, JoinType type, Expr condition);

    DataFrame sort(Expr.SortKey... keys);

    /** {@code LIMIT fetch}. */
    DataFrame limit(long fetch);

    /** {@code OFFSET offset LIMIT fetch}. */
    DataFrame limit(long offset, long fetch);

    /** {@code this UNION ALL other} (or {@code UNION} when {@code all} is false). */
    DataFrame union(DataFrame other, boolean all);

    /** {@code SELECT DISTINCT * FROM this}. */
    DataFrame distinct();

    /** Every column of this frame plus {@code expr} named {@code name} (replacing a column of that name). */
    DataFrame withColumn(String name, Expr expr);

    /**
     * This frame with a join hint, like SQL's {@code BUILD(t)}: every inner equi-join of the plan that has one of
     * {@code tables} ({@code table} or {@code schema.table}) as a whole input hashes that input (its build side),
     * whatever the row estimates say. Outer, semi and anti joins keep building their right input (EXPLAIN notes the
     * ignored hint). Applies to the whole plan, views included; see {@code docs/sql.md}, "Join hints".
     *
     * @throws PlanningException if a table is not read by the plan or is no input of any join
     */
    DataFrame buildSide(String... tables);
}
