package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.Expr;
import io.codeanatomy.engine.core.JoinType;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.internal.sql.Statement;
import java.util.List;

/**
 * What a DataFrame is built from: a SQL statement or a table, and the builder calls applied on top. A plain value,
 * turned into a relational plan only when the frame is planned, so frames can be combined freely (a join of two
 * frames is planned in one cluster) and every frame goes through the same planner as SQL.
 */
sealed interface FramePlan {
    record Sql(Statement.Calcite statement, List<Object> parameters) implements FramePlan {}

    record Table(TableName name) implements FramePlan {}

    record Select(FramePlan input, List<Expr> exprs) implements FramePlan {}

    record Filter(FramePlan input, Expr condition) implements FramePlan {}

    record Aggregate(FramePlan input, List<Expr> groupBy, List<Expr> aggregates) implements FramePlan {}

    record Join(FramePlan left, FramePlan right, JoinType type, Expr condition) implements FramePlan {}

    record Sort(FramePlan input, List<Expr.SortKey> keys) implements FramePlan {}

    record Limit(FramePlan input, long offset, long fetch) implements FramePlan {}

    record Union(FramePlan left, FramePlan right, boolean all) implements FramePlan {}

    record Distinct(FramePlan input) implements FramePlan {}

    record WithColumn(FramePlan input, String name, Expr expr) implements FramePlan {}

    /** The input, with hash joins building from the named tables (a statement-wide hint, like SQL's BUILD). */
    record BuildSide(FramePlan input, List<String> tables) implements FramePlan {}
}
