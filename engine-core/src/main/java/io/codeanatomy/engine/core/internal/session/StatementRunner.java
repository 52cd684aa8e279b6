package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.CatalogException;
import io.codeanatomy.engine.core.DataFrame;
import io.codeanatomy.engine.core.PlanningException;
import io.codeanatomy.engine.core.SqlPolicyViolation;
import io.codeanatomy.engine.core.StatementKind;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.internal.catalog.Catalog;
import io.codeanatomy.engine.core.internal.catalog.CatalogEntry;
import io.codeanatomy.engine.core.internal.catalog.IndexEntry;
import io.codeanatomy.engine.core.internal.catalog.TableKind;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.exec.op.AnalyzeNode;
import io.codeanatomy.engine.core.internal.exec.op.ValuesNode;
import io.codeanatomy.engine.core.internal.plan.QueryPlanner;
import io.codeanatomy.engine.core.internal.sql.SqlFrontEnd;
import io.codeanatomy.engine.core.internal.sql.Statement;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.rel.RelNode;

/**
 * Runs one SQL statement of a session: parse, classify, apply the SQL policy, then plan (queries), or execute now
 * (DDL). Every policy decision is an event on the current span.
 */
final class StatementRunner {
    static final AttributeKey<String> KIND = AttributeKey.stringKey("codeanatomy.statement.kind");
    static final AttributeKey<String> DECISION = AttributeKey.stringKey("codeanatomy.policy.decision");
    static final AttributeKey<String> RULE = AttributeKey.stringKey("codeanatomy.policy.rule");
    /** What the plan cache did for a query: hit, miss (its plan is kept now), not_reusable or off. */
    static final AttributeKey<String> PLAN_CACHE = AttributeKey.stringKey("codeanatomy.plan.cache");

    private final EngineSession session;

    StatementRunner(EngineSession session) {
        this.session = session;
    }

    /** A statement ready to run: its kind and the frame that runs it. */
    record Prepared(StatementKind kind, DataFrame frame) {}

    Prepared run(String sql, List<Object> parameters) {
        PlanCache cache = session.planCache();
        PlanCache.Key key = cache.key(sql, parameters, session.mutableCatalog().contents());
        RecipeFrame cached = key == null ? null : cache.get(key);
        if (cached != null) {
            Span.current().setAttribute(KIND, StatementKind.SELECT.name()).setAttribute(PLAN_CACHE, "hit");
            check(StatementKind.SELECT);
            return new Prepared(StatementKind.SELECT, cached.reuse());
        }
        Statement statement = SqlFrontEnd.parse(sql);
        Span.current().setAttribute(KIND, statement.kind().name());
        guard(statement);
        DataFrame frame = dispatch(statement, parameters);
        if (statement.kind() == StatementKind.SELECT && frame instanceof RecipeFrame query) {
            boolean reusable = key != null && query.reusable();
            if (reusable) {
                cache.put(key, query);
            }
            Span.current().setAttribute(PLAN_CACHE, key == null ? "off" : reusable ? "miss" : "not_reusable");
        }
        return new Prepared(statement.kind(), frame);
    }

    /** Refuses what the profile's SQL policy does not allow; EXPLAIN ANALYZE runs its statement, so both are checked. */
    private void guard(Statement statement) {
        check(statement.kind());
        if (statement instanceof Statement.Explain explain && explain.analyze()) {
            check(explain.inner().kind());
        }
    }

    private void check(StatementKind kind) {
        String rule = session.profile().sql().refusingRule(kind);
        Span.current().addEvent("sql.policy", Attributes.of(KIND, kind.name(), DECISION, rule == null ? "allowed" : "refused",
                RULE, rule == null ? "" : rule));
        if (rule != null) {
            throw new SqlPolicyViolation(kind, rule, session.profile().name());
        }
    }

    private DataFrame dispatch(Statement statement, List<Object> parameters) {
        Catalog catalog = session.mutableCatalog();
        return switch (statement) {
            case Statement.Calcite query when query.kind() == StatementKind.SELECT ->
                    new RecipeFrame(session, new FramePlan.Sql(query, List.copyOf(parameters))).validated();
            case Statement.Calcite dml -> new DataChanges(session).modify(dml, parameters);
            case Statement.Explain explain -> explain(explain, parameters);
            case Statement.CreateSchema create -> {
                catalog.createSchema(create.name(), create.ifNotExists());
                yield done();
            }
            case Statement.CreateView view -> createView(view);
            case Statement.CreateIndex index -> createIndex(index);
            case Statement.Drop drop -> drop(drop);
            case Statement.Show show -> show(show);
            case Statement.Describe describe -> describe(describe.table());
            case Statement.CreateTable create -> new DataChanges(session).createTable(create);
            case Statement.CreateTableAs create -> new DataChanges(session).createTableAs(create);
        };
    }

    private PlannedFrame query(Statement.Calcite query, List<Object> parameters) {
        QueryPlanner planner = session.newPlanner();
        QueryPlanner.LogicalPlan logical = planner.toLogical(query, parameters);
        RelNode optimized = planner.optimize(logical.rel());
        PhysicalNode physical = planner.toPhysical(optimized);
        return new PlannedFrame(session, physical, logical.columnNames(), false);
    }

    private DataFrame explain(Statement.Explain explain, List<Object> parameters) {
        if (!(explain.inner() instanceof Statement.Calcite inner) || inner.kind() != StatementKind.SELECT) {
            throw new PlanningException("EXPLAIN supports queries; got " + explain.inner().kind());
        }
        RecipeFrame frame = new RecipeFrame(session, new FramePlan.Sql(inner, List.copyOf(parameters))).validated();
        if (explain.analyze()) {
            return new PlannedFrame(session, new AnalyzeNode(frame.physicalPlan()), List.of("plan"), true);
        }
        if (explain.format() == Statement.ExplainFormat.JSON) {
            return text("plan", frame.planBundle().toJson());
        }
        if (explain.verbose()) {
            return text("plan", verbose(frame.planBundle()));
        }
        return text("plan", frame.explain());
    }

    /** EXPLAIN VERBOSE: the optimized logical plan, the physical plan, the pushdown contract and the plan identity. */
    private static String verbose(io.codeanatomy.engine.core.plan.PlanBundle bundle) {
        StringBuilder out = new StringBuilder();
        out.append("Optimized logical plan:\n").append(bundle.optimized().text());
        out.append("Physical plan:\n").append(bundle.physical().text());
        out.append("Pushdown:\n");
        for (var scan : bundle.pushdown()) {
            out.append("  ").append(scan.table()).append(" columns=").append(scan.columns());
            if (scan.limit() != null) {
                out.append(" limit=").append(scan.limit());
            }
            out.append('\n');
            for (var filter : scan.filters()) {
                out.append("    ").append(filter.filter()).append(": ").append(filter.support())
                        .append(" (evaluated by ").append(filter.evaluatedAt()).append(")\n");
            }
        }
        out.append("Optimizer rules applied: ").append(bundle.trace().size()).append('\n');
        out.append("Plan identity: ").append(bundle.planIdentity()).append('\n');
        return out.toString();
    }

    private DataFrame createView(Statement.CreateView view) {
        // Validate the body now: a view that does not validate is refused at creation, with the body's error (and
        // one that declares another number of columns than its query returns). Its row type is kept for its readers.
        CatalogEntry entry = CatalogEntry.view(view.name(), view.querySql(), view.columns());
        session.newPlanner().validateView(entry);
        Catalog catalog = session.mutableCatalog();
        if (view.ifNotExists() && catalog.get(view.name()).isPresent()) {
            return done();
        }
        catalog.put(entry, view.orReplace());
        return done();
    }

    private DataFrame createIndex(Statement.CreateIndex index) {
        Catalog catalog = session.mutableCatalog();
        CatalogEntry table = catalog.get(index.table())
                .orElseThrow(() -> new CatalogException("Table " + index.table() + " does not exist"));
        if (table.kind() != TableKind.TABLE) {
            throw new CatalogException("Indexes can only be created on tables; " + table.name() + " is a "
                    + table.kind().name().toLowerCase(Locale.ROOT));
        }
        List<String> names = table.provider().schema().getFields().stream().map(Field::getName).toList();
        for (String column : index.columns()) {
            if (names.stream().noneMatch(n -> n.equalsIgnoreCase(column))) {
                throw new CatalogException("Column '" + column + "' does not exist in " + table.name() + "; columns are " + names);
            }
        }
        catalog.putIndex(new IndexEntry(table.name().schema(), index.name(), table.name(), index.columns(), index.unique()),
                index.ifNotExists());
        return done();
    }

    private DataFrame drop(Statement.Drop drop) {
        Catalog catalog = session.mutableCatalog();
        for (TableName name : drop.names()) {
            switch (drop.kind()) {
                case DROP_SCHEMA -> catalog.dropSchema(name.name(), drop.ifExists(), drop.cascade());
                case DROP_INDEX -> {
                    if (!catalog.removeIndex(name.schema(), name.name()) && !drop.ifExists()) {
                        throw new CatalogException("Index '" + name.name() + "' does not exist; use DROP INDEX IF EXISTS");
                    }
                }
                default -> {
                    TableKind kind = drop.kind() == StatementKind.DROP_VIEW ? TableKind.VIEW : TableKind.TABLE;
                    var removed = catalog.remove(name, kind);
                    if (removed.isEmpty() && !drop.ifExists()) {
                        throw new CatalogException((kind == TableKind.VIEW ? "View " : "Table ") + name
                                + " does not exist; use DROP " + kind.name() + " IF EXISTS");
                    }
                    removed.ifPresent(session::released);
                }
            }
        }
        return done();
    }

    private DataFrame show(Statement.Show show) {
        String sql = switch (show.target()) {
            case TABLES -> "SELECT table_schema, table_name, table_type FROM information_schema.tables"
                    + " WHERE table_schema <> 'information_schema' ORDER BY table_schema, table_name";
            case SCHEMAS -> "SELECT schema_name FROM information_schema.schemata ORDER BY schema_name";
            case COLUMNS -> null;
            case FUNCTIONS -> "SELECT routine_name, data_type, signatures, provider, description FROM information_schema.routines"
                    + " ORDER BY routine_name";
        };
        if (sql == null) {
            return describe(show.table());
        }
        return query((Statement.Calcite) SqlFrontEnd.parse(sql), List.of());
    }

    private DataFrame describe(TableName table) {
        CatalogEntry entry = session.mutableCatalog().get(table)
                .orElseThrow(() -> new CatalogException("Table " + table + " does not exist"));
        String sql = "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position";
        return query((Statement.Calcite) SqlFrontEnd.parse(sql), List.of(entry.name().schema(), entry.name().name()));
    }

    /** The empty result DDL statements return. */
    private DataFrame done() {
        return new PlannedFrame(session, new ValuesNode(new Schema(List.of()), List.of()), List.of(), false);
    }

    private DataFrame text(String column, String value) {
        Schema schema = new Schema(List.of(new Field(column, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of(value));
        return new PlannedFrame(session, new ValuesNode(schema, rows), List.of(column), false);
    }
}
