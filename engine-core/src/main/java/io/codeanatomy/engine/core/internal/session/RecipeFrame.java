package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.DataFrame;
import io.codeanatomy.engine.core.Expr;
import io.codeanatomy.engine.core.JoinType;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.plan.PlanBundles;
import io.codeanatomy.engine.core.internal.plan.PlanCapture;
import io.codeanatomy.engine.core.internal.plan.PlanReuse;
import io.codeanatomy.engine.core.internal.plan.QueryPlanner;
import io.codeanatomy.engine.core.plan.PlanBundle;
import org.apache.calcite.rel.RelNode;
import io.codeanatomy.engine.core.spi.BatchStream;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A query frame: SQL or a table plus builder calls ({@link FramePlan}), planned once on first use through the
 * session's planner (the same phases as SQL) and run again on every collect or stream.
 */
final class RecipeFrame implements DataFrame {
    private final EngineSession session;
    private final FramePlan recipe;
    private PlannedFrame planned;
    private Planning planning;
    private PlanBundle bundle;
    private List<io.codeanatomy.engine.core.plan.RuleApplication> trace;

    /**
     * What planning produced, kept to assemble the plan bundle on request. Frames can share one (build hints, the
     * plan cache); its planner and cluster are not thread-safe, so they lock it while they use them.
     */
    private record Planning(RelNode parsed, List<String> names, RelNode optimized, PhysicalNode physical, PlanCapture capture,
                            List<io.codeanatomy.engine.core.plan.JoinChoice> joins, QueryPlanner planner) {}

    /** For a {@link FramePlan.BuildSide} frame made by {@link #buildSide}: the frame whose optimized plan it reuses. */
    private final RecipeFrame hintedFrom;

    RecipeFrame(EngineSession session, FramePlan recipe) {
        this(session, recipe, null);
    }

    private RecipeFrame(EngineSession session, FramePlan recipe, RecipeFrame hintedFrom) {
        this.session = session;
        this.recipe = recipe;
        this.hintedFrom = hintedFrom;
    }

    /** A frame over the plans of {@code planned}, which the session's plan cache kept: nothing is planned again. */
    private RecipeFrame(RecipeFrame planned) {
        this(planned.session, planned.recipe, null);
        this.planning = planned.planning();
        this.planned = new PlannedFrame(session, planning.physical(), planning.names(), false);
    }

    /** A new frame over this frame's plans, for the plan cache. */
    RecipeFrame reuse() {
        return new RecipeFrame(this);
    }

    /**
     * Whether this frame's plans can serve the same statement again ({@link PlanReuse}): only plain SQL frames,
     * whose recipe is their statement and parameters.
     */
    boolean reusable() {
        return recipe instanceof FramePlan.Sql && PlanReuse.reusable(planning().parsed());
    }

    boolean belongsTo(EngineSession owner) {
        return session == owner;
    }

    /** Plans now, so errors in the query surface when the frame is made. */
    RecipeFrame validated() {
        planned();
        return this;
    }

    /** The plan as parsed and validated, before optimization. */
    RelNode logicalPlan() {
        planned();
        return planning.parsed();
    }

    PhysicalNode physicalPlan() {
        return planned().plan();
    }

    private synchronized PlannedFrame planned() {
        if (planned == null && hintedFrom != null && recipe instanceof FramePlan.BuildSide hint) {
            // hints change only the physical plan: plan the input's optimized plan physically again, not from scratch
            Planning input = hintedFrom.planning();
            QueryPlanner.Physical physical;
            synchronized (input) {
                physical = input.planner().toPhysicalWithBuildHints(input.optimized(), hint.tables(),
                        "DataFrame.buildSide" + hint.tables());
            }
            planning = new Planning(input.parsed(), input.names(), input.optimized(), physical.plan(), input.capture(),
                    physical.joins(), input.planner());
            planned = new PlannedFrame(session, physical.plan(), input.names(), false);
        }
        if (planned == null) {
            QueryPlanner planner = session.newPlanner();
            PlanCapture capture = PlanCapture.timings();
            planner.capture(capture);
            long start = System.nanoTime();
            QueryPlanner.LogicalPlan logical = new FrameBuilder(planner).build(recipe);
            capture.time("logical", start);
            RelNode optimized = planner.optimize(logical.rel());
            start = System.nanoTime();
            PhysicalNode physical = planner.toPhysical(optimized);
            capture.time("physical", start);
            planning = new Planning(logical.rel(), logical.columnNames(), optimized, physical, capture, planner.joinChoices(),
                    planner);
            planned = new PlannedFrame(session, physical, logical.columnNames(), false);
        }
        return planned;
    }

    @Override
    public synchronized PlanBundle planBundle() {
        planned();
        if (bundle == null) {
            List<io.codeanatomy.engine.core.plan.RuleApplication> rules = trace();
            synchronized (planning) {
                bundle = PlanBundles.build(planning.parsed(), planning.names(), planning.optimized(), planning.physical(),
                        planning.capture().phaseMillis(), rules, planning.joins(), session.view(),
                        session.profileFingerprint(), session.functions());
            }
        }
        return bundle;
    }

    @Override
    public synchronized String planIdentity() {
        planned();
        if (bundle != null) {
            return bundle.planIdentity();
        }
        synchronized (planning) {
            return PlanBundles.identity(planning.optimized(), planning.joins(), session.view(), session.profileFingerprint(),
                    session.functions());
        }
    }

    @Override
    public synchronized List<String> referencedTables() {
        planned();
        return PlanBundles.referencedTables(planning.optimized());
    }

    /** The optimizer trace, made when first asked for (a frame with build hints has its input's). */
    private synchronized List<io.codeanatomy.engine.core.plan.RuleApplication> trace() {
        if (hintedFrom != null) {
            return hintedFrom.trace();
        }
        planned();
        if (trace == null) {
            synchronized (planning) {
                trace = planning.planner().trace(planning.parsed(), planning.optimized());
            }
        }
        return trace;
    }

    @Override
    public synchronized List<io.codeanatomy.engine.core.plan.JoinChoice> joinChoices() {
        planned();
        return planning.joins();
    }

    @Override
    public Schema schema() {
        return planned().schema();
    }

    @Override
    public QueryResult collect() {
        return planned().collect();
    }

    @Override
    public BatchStream stream() {
        return planned().stream();
    }

    @Override
    public String explain() {
        return planned().explain();
    }

    private DataFrame then(FramePlan next) {
        return new RecipeFrame(session, next).validated();
    }

    private FramePlan recipeOf(DataFrame other) {
        if (other instanceof RecipeFrame frame && frame.session == session) {
            return frame.recipe;
        }
        throw new IllegalArgumentException("Frames combined with join or union must come from the same session's sql() or table()");
    }

    @Override
    public DataFrame select(Expr... exprs) {
        return then(new FramePlan.Select(recipe, List.of(exprs)));
    }

    @Override
    public DataFrame filter(Expr condition) {
        return then(new FramePlan.Filter(recipe, Objects.requireNonNull(condition, "condition")));
    }

    @Override
    public DataFrame aggregate(List<Expr> groupBy, List<Expr> aggregates) {
        return then(new FramePlan.Aggregate(recipe, List.copyOf(groupBy), List.copyOf(aggregates)));
    }

    @Override
    public DataFrame join(DataFrame right, JoinType type, Expr condition) {
        return then(new FramePlan.Join(recipe, recipeOf(right), Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(condition, "condition")));
    }

    @Override
    public DataFrame sort(Expr.SortKey... keys) {
        return then(new FramePlan.Sort(recipe, List.of(keys)));
    }

    @Override
    public DataFrame limit(long fetch) {
        return limit(0, fetch);
    }

    @Override
    public DataFrame limit(long offset, long fetch) {
        if (offset < 0 || fetch < 0) {
            throw new IllegalArgumentException("offset and fetch must be >= 0, were " + offset + " and " + fetch);
        }
        return then(new FramePlan.Limit(recipe, offset, fetch));
    }

    @Override
    public DataFrame union(DataFrame other, boolean all) {
        return then(new FramePlan.Union(recipe, recipeOf(other), all));
    }

    @Override
    public DataFrame distinct() {
        return then(new FramePlan.Distinct(recipe));
    }

    @Override
    public DataFrame buildSide(String... tables) {
        if (tables.length == 0) {
            throw new IllegalArgumentException("buildSide needs at least one table name");
        }
        return new RecipeFrame(session, new FramePlan.BuildSide(recipe, List.of(tables)), this).validated();
    }

    private synchronized Planning planning() {
        planned();
        return planning;
    }

    @Override
    public DataFrame withColumn(String name, Expr expr) {
        return then(new FramePlan.WithColumn(recipe, Objects.requireNonNull(name, "name"), Objects.requireNonNull(expr, "expr")));
    }
}
