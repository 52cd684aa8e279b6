package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.Expr;
import io.codeanatomy.engine.core.PlanningException;
import io.codeanatomy.engine.core.internal.plan.QueryPlanner;
import io.codeanatomy.engine.core.internal.plan.SqlOperators;
import io.codeanatomy.engine.core.internal.plan.Suggestions;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/** Turns a {@link FramePlan} into a logical plan with Calcite's {@link RelBuilder}, resolving {@link Expr}s by name. */
final class FrameBuilder {
    private final QueryPlanner planner;
    private final RelBuilder builder;

    FrameBuilder(QueryPlanner planner) {
        this.planner = planner;
        this.builder = planner.relBuilder();
    }

    QueryPlanner.LogicalPlan build(FramePlan plan) {
        RelNode rel = rel(plan);
        return new QueryPlanner.LogicalPlan(rel, rel.getRowType().getFieldNames());
    }

    private RelNode rel(FramePlan plan) {
        switch (plan) {
            case FramePlan.Sql sql -> {
                QueryPlanner.LogicalPlan logical = planner.toLogical(sql.statement(), sql.parameters());
                builder.push(logical.rel());
                if (logical.columnNames().stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().count()
                        == logical.columnNames().size()) {
                    builder.rename(logical.columnNames());
                }
            }
            case FramePlan.Table table -> builder.scan(table.name().schema(), table.name().name());
            case FramePlan.Select select -> {
                builder.push(rel(select.input()));
                List<RexNode> exprs = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (Expr e : select.exprs()) {
                    exprs.add(rex(e, 1));
                    names.add(nameOf(e));
                }
                builder.project(exprs, names, true);
            }
            case FramePlan.Filter filter -> {
                builder.push(rel(filter.input()));
                builder.filter(rex(filter.condition(), 1));
            }
            case FramePlan.Aggregate aggregate -> {
                builder.push(rel(aggregate.input()));
                List<RexNode> keys = new ArrayList<>();
                for (Expr e : aggregate.groupBy()) {
                    keys.add(builder.alias(rex(e, 1), nameOf(e)));
                }
                List<RelBuilder.AggCall> calls = new ArrayList<>();
                for (Expr e : aggregate.aggregates()) {
                    calls.add(aggregateCall(e));
                }
                builder.aggregate(builder.groupKey(keys), calls);
            }
            case FramePlan.Join join -> {
                builder.push(rel(join.left()));
                builder.push(rel(join.right()));
                RexNode condition = rex(join.condition(), 2);
                builder.join(switch (join.type()) {
                    case INNER -> JoinRelType.INNER;
                    case LEFT -> JoinRelType.LEFT;
                    case RIGHT -> JoinRelType.RIGHT;
                    case FULL -> JoinRelType.FULL;
                    case SEMI -> JoinRelType.SEMI;
                    case ANTI -> JoinRelType.ANTI;
                }, condition);
            }
            case FramePlan.Sort sort -> {
                builder.push(rel(sort.input()));
                List<RexNode> keys = new ArrayList<>();
                for (Expr.SortKey key : sort.keys()) {
                    RexNode k = rex(key.expr(), 1);
                    if (key.descending()) {
                        k = builder.desc(k);
                    }
                    boolean nullsFirst = switch (key.nulls()) {
                        case FIRST -> true;
                        case LAST -> false;
                        case DEFAULT -> key.descending();
                    };
                    keys.add(nullsFirst ? builder.nullsFirst(k) : builder.nullsLast(k));
                }
                builder.sort(keys);
            }
            case FramePlan.Limit limit -> {
                builder.push(rel(limit.input()));
                builder.limit((int) Math.min(Integer.MAX_VALUE, limit.offset()), (int) Math.min(Integer.MAX_VALUE, limit.fetch()));
            }
            case FramePlan.Union union -> {
                builder.push(rel(union.left()));
                builder.push(rel(union.right()));
                builder.union(union.all());
            }
            case FramePlan.Distinct distinct -> {
                builder.push(rel(distinct.input()));
                builder.distinct();
            }
            case FramePlan.BuildSide hinted -> {
                planner.addBuildHints(hinted.tables(), "DataFrame.buildSide" + hinted.tables());
                builder.push(rel(hinted.input()));
            }
            case FramePlan.WithColumn with -> {
                builder.push(rel(with.input()));
                RexNode added = rex(with.expr(), 1);
                List<RexNode> exprs = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (String field : builder.peek().getRowType().getFieldNames()) {
                    if (!field.equalsIgnoreCase(with.name())) {
                        exprs.add(builder.field(field));
                        names.add(field);
                    }
                }
                exprs.add(added);
                names.add(with.name());
                builder.project(exprs, names, true);
            }
        }
        return builder.build();
    }

    private static String nameOf(Expr e) {
        return switch (e) {
            case Expr.Alias a -> a.name();
            case Expr.Column c -> c.name();
            default -> null;
        };
    }

    private RelBuilder.AggCall aggregateCall(Expr e) {
        String alias = null;
        if (e instanceof Expr.Alias a) {
            alias = a.name();
            e = a.expr();
        }
        if (!(e instanceof Expr.Aggregate agg)) {
            throw new PlanningException("aggregate() takes aggregate expressions (Expr.sum, Expr.count, ...); got " + e);
        }
        if (agg.arg() == null) {
            return builder.count().as(alias);
        }
        SqlOperator op = switch (agg.function().toLowerCase(Locale.ROOT)) {
            case "count" -> SqlStdOperatorTable.COUNT;
            case "sum" -> SqlStdOperatorTable.SUM;
            case "avg" -> SqlStdOperatorTable.AVG;
            case "min" -> SqlStdOperatorTable.MIN;
            case "max" -> SqlStdOperatorTable.MAX;
            default -> throw new PlanningException("Unknown aggregate function '" + agg.function() + "'");
        };
        return builder.aggregateCall((org.apache.calcite.sql.SqlAggFunction) op, rex(agg.arg(), 1)).distinct(agg.distinct()).as(alias);
    }

    /** Resolves {@code e} against the top {@code inputs} relations on the builder's stack (1, or 2 for joins). */
    private RexNode rex(Expr e, int inputs) {
        return switch (e) {
            case Expr.Column c -> column(c, inputs);
            case Expr.Literal l -> literal(l.value());
            case Expr.Alias a -> rex(a.expr(), inputs);
            case Expr.Call call -> {
                List<RexNode> args = new ArrayList<>();
                for (Expr arg : call.args()) {
                    args.add(rex(arg, inputs));
                }
                yield builder.call(operator(call.function(), args.size()), args);
            }
            case Expr.Aggregate agg -> throw new PlanningException("Aggregate " + agg.function()
                    + " can only be used in aggregate(groupBy, aggregates)");
        };
    }

    private RexNode column(Expr.Column c, int inputs) {
        if (inputs == 1) {
            return builder.field(resolve(builder.peek().getRowType(), c.name()));
        }
        RelDataType left = builder.peek(1).getRowType();
        RelDataType right = builder.peek(0).getRowType();
        int inLeft = c.side() == Expr.Side.RIGHT ? -1 : find(left, c.name());
        int inRight = c.side() == Expr.Side.LEFT ? -1 : find(right, c.name());
        if (inLeft >= 0 && inRight >= 0) {
            throw new PlanningException("Column '" + c.name() + "' is in both join inputs; use Expr.left(\"" + c.name()
                    + "\") or Expr.right(\"" + c.name() + "\")");
        }
        if (inLeft >= 0) {
            return builder.field(2, 0, inLeft);
        }
        if (inRight >= 0) {
            return builder.field(2, 1, inRight);
        }
        List<String> names = new ArrayList<>(left.getFieldNames());
        names.addAll(right.getFieldNames());
        throw unknown(c.name(), names);
    }

    private static int resolve(RelDataType rowType, String name) {
        int index = find(rowType, name);
        if (index < 0) {
            throw unknown(name, rowType.getFieldNames());
        }
        return index;
    }

    /** Exact name first, then a unique case-insensitive match; -1 when none. */
    private static int find(RelDataType rowType, String name) {
        List<String> names = rowType.getFieldNames();
        int exact = names.indexOf(name);
        if (exact >= 0) {
            return exact;
        }
        int found = -1;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                if (found >= 0) {
                    throw new PlanningException("Column name '" + name + "' is ambiguous among " + names);
                }
                found = i;
            }
        }
        return found;
    }

    private static PlanningException unknown(String name, List<String> names) {
        String hint = Suggestions.closest(name, names).map(s -> " Did you mean '" + s + "'?").orElse("");
        return new PlanningException("Column '" + name + "' not found; columns are " + names + "." + hint);
    }

    private RexNode literal(Object value) {
        var rexBuilder = builder.getRexBuilder();
        return switch (value) {
            case LocalDate d -> rexBuilder.makeDateLiteral(new DateString(d.toString()));
            case LocalDateTime t -> rexBuilder.makeTimestampLiteral(new TimestampString(t.toString().replace('T', ' ')), 6);
            case Long l -> rexBuilder.makeBigintLiteral(BigDecimal.valueOf(l));
            case Double d -> rexBuilder.makeApproxLiteral(BigDecimal.valueOf(d));
            default -> builder.literal(value);
        };
    }

    private static SqlOperator operator(String name, int arity) {
        return SqlOperators.lookup(name, arity);
    }
}
