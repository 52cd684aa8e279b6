package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.PlanningException;
import io.codeanatomy.engine.core.SqlException;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.internal.catalog.Catalog;
import io.codeanatomy.engine.core.internal.catalog.TableKind;
import io.codeanatomy.engine.core.internal.catalog.CatalogEntry;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.internal.sql.CalciteErrors;
import io.codeanatomy.engine.core.internal.sql.SqlFrontEnd;
import io.codeanatomy.engine.core.internal.sql.Statement;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.core.spi.planner.PlannerRule;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import io.codeanatomy.engine.core.plan.RuleApplication;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptListener;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Plans one statement of one session: binds parameters, validates, converts to relational algebra, removes
 * subqueries, optimizes with fixed rule programs (no cost-based search: every phase is a deterministic Hep program),
 * and maps the result to physical operators. Not thread-safe; one instance per statement. Keeps no state beyond it.
 */
public final class QueryPlanner implements RelOptTable.ViewExpander, CatalogSchemas.Views {
    private static final int MAX_VIEW_DEPTH = 32;
    /** Calcite's heuristic join ordering, for the MultiJoins {@link GreedyJoinOrderRule} leaves alone (outer joins). */
    private static final org.apache.calcite.plan.RelOptRule OUTER_JOIN_ORDER = CoreRules.MULTI_JOIN_OPTIMIZE.config
            .withOperandSupplier(b -> b.operand(org.apache.calcite.rel.rules.MultiJoin.class)
                    .predicate(join -> !GreedyJoinOrderRule.handles(join)).anyInputs())
            .as(org.apache.calcite.rel.rules.LoptOptimizeJoinRule.Config.class).toRule();

    // rules hold no state: made once, as Calcite's own (CoreRules)
    private static final org.apache.calcite.plan.RelOptRule SEMI_JOINS = SubQueryToSemiJoinRule.create();
    private static final org.apache.calcite.plan.RelOptRule SCALAR_JOINS = ScalarSubQueryToJoinRule.create();
    private static final org.apache.calcite.plan.RelOptRule GREEDY_JOIN_ORDER = GreedyJoinOrderRule.create();
    private static final org.apache.calcite.plan.RelOptRule JOIN_OR_FILTERS = JoinOrFilterRule.create();
    /** Case-insensitive names. Made once: parsing the properties was measurable in planning a small query. */
    private static final CalciteConnectionConfigImpl CONNECTION_CONFIG = connectionConfig();
    /** SQL's operators, PostgreSQL's and ours, before the session's functions; the same for every statement. */
    private static final SqlOperatorTable STANDARD_OPERATORS = SqlOperatorTables.chain(SqlStdOperatorTable.instance(),
            SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(EnumSet.of(SqlLibrary.POSTGRESQL)),
            BuiltinOperators.TABLE);

    private final Catalog catalog;
    private final SessionView session;
    private final JavaTypeFactory typeFactory = new EngineTypeFactory();
    private final CalciteCatalogReader reader;
    private final SqlOperatorTable operators;
    private final RelOptCluster cluster;
    private int viewDepth;
    private PlanCapture capture;
    private final PlannerPorts ports;
    private final BuildHints buildHints = new BuildHints();
    private List<io.codeanatomy.engine.core.plan.JoinChoice> joinChoices = List.of();
    /**
     * Row types of the views this statement reads, each validated once: Calcite asks a table for its row type on
     * every lookup (several per reference, in validation and again in conversion), and a view's row type means
     * validating its body, whose own views are looked up the same way, so a chain of views was validated a number
     * of times that grows with the square of its depth (236 view validations in the run-time plans of a CPG build).
     */
    private final Map<CatalogEntry, RelDataType> viewRowTypes = new java.util.HashMap<>();
    /** The session's view row types, kept between statements. */
    private final ViewTypes viewTypes;
    /** The row types read by each view body being validated for its row type, innermost on top. */
    private final java.util.ArrayDeque<Map<TableName, RelDataType>> reading = new java.util.ArrayDeque<>();

    /** The result of logical planning: the converted plan and the names the user sees for its columns. */
    public record LogicalPlan(RelNode rel, List<String> columnNames) {}

    public QueryPlanner(Catalog catalog, SessionView session, Map<String, TableFunction> tableFunctions,
                        ExtensionFunctions functions, PlannerPorts ports, ViewTypes viewTypes) {
        this.ports = ports;
        this.viewTypes = viewTypes;
        this.catalog = catalog;
        this.session = session;
        CalciteSchema root = CatalogSchemas.root(catalog, session, tableFunctions, ports.relations(), this);
        this.reader = new CalciteCatalogReader(root, List.of(TableName.DEFAULT_SCHEMA), typeFactory, CONNECTION_CONFIG);
        this.operators = SqlOperatorTables.chain(STANDARD_OPERATORS, FunctionOperators.table(functions),
                schemaFunctions(reader, tableFunctions.keySet(), ports.relations().keySet()));
        // every RelBuilder of the cluster reduces constants with this planner's executor
        this.cluster = RelOptCluster.create(hepPlanner(HepProgram.builder().build()), new RexBuilder(typeFactory));
        // Calcite's metadata handlers after ours (compiled with the engine): the reflective provider was measured
        // several times slower on many-table joins, where the join-order rule asks for row counts constantly.
        this.cluster.setMetadataQuerySupplier(() -> new RelMetadataQuery(EngineMetadata.HANDLERS));
    }

    private static CalciteConnectionConfigImpl connectionConfig() {
        Properties properties = new Properties();
        properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
        return new CalciteConnectionConfigImpl(properties) {
            /** A constant: Calcite's parses the properties on each call, and each statement's catalog reader asks. */
            @Override
            public boolean caseSensitive() {
                return false;
            }
        };
    }

    /**
     * The catalog reader as an operator table, asked only about the names of the session's table functions and
     * relations (the schema's only functions), plain or qualified: the validator looks up every column name as a
     * possible function without arguments, and the reader's schema walk for each was 3% of planning.
     */
    private static SqlOperatorTable schemaFunctions(CalciteCatalogReader reader, java.util.Set<String> tableFunctions,
                                                    java.util.Set<String> relations) {
        java.util.Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(tableFunctions);
        names.addAll(relations);
        return new SqlOperatorTable() {
            @Override
            public void lookupOperatorOverloads(org.apache.calcite.sql.SqlIdentifier name,
                                                org.apache.calcite.sql.SqlFunctionCategory category,
                                                org.apache.calcite.sql.SqlSyntax syntax,
                                                List<org.apache.calcite.sql.SqlOperator> operators,
                                                org.apache.calcite.sql.validate.SqlNameMatcher matcher) {
                // a qualified name (schema.function) can only match a function of that simple name either; the
                // validator asks about every qualified column reference (t.col), which walked the schemas each time
                if (names.contains(name.names.get(name.names.size() - 1))) {
                    reader.lookupOperatorOverloads(name, category, syntax, operators, matcher);
                }
            }

            @Override
            public List<org.apache.calcite.sql.SqlOperator> getOperatorList() {
                return reader.getOperatorList();
            }
        };
    }

    /** Records rule applications and phase times of what this planner plans from now on. */
    public void capture(PlanCapture planCapture) {
        this.capture = planCapture;
    }

    public RexBuilder rexBuilder() {
        return cluster.getRexBuilder();
    }

    public RelDataTypeFactory typeFactory() {
        return typeFactory;
    }

    private SqlValidator newValidator() {
        SqlValidator.Config config = SqlValidator.Config.DEFAULT
                .withConformance(SqlConformanceEnum.LENIENT)
                .withIdentifierExpansion(true)
                .withDefaultNullCollation(NullCollation.HIGH);
        return SqlValidatorUtil.newValidator(operators, reader, typeFactory, config);
    }

    /** Validates and converts a query; parameters are bound as typed literals first. */
    public LogicalPlan toLogical(Statement.Calcite statement, List<Object> parameters) {
        SqlNode bound = WideJoinQualifier.qualify(bindParameters(statement.node(), parameters), reader);
        buildHints.collect(bound);
        long start = System.nanoTime();
        SqlValidator validator = newValidator();
        SqlNode validated = validate(validator, bound);
        timed("logical.validate", start);
        start = System.nanoTime();
        RelRoot root = converter(validator).convertQuery(validated, false, true);
        timed("logical.convert", start);
        RelNode rel = removeSubqueries(root.rel);
        root = root.withRel(rel);
        List<String> names = root.fields.stream().map(f -> f.getValue()).toList();
        return new LogicalPlan(root.project(), names);
    }

    private SqlToRelConverter converter(SqlValidator validator) {
        SqlToRelConverter.Config config = SqlToRelConverter.config()
                .withExpand(false)
                .withTrimUnusedFields(false)
                .withInSubQueryThreshold(Integer.MAX_VALUE)
                .withHintStrategyTable(BuildHints.STRATEGIES);
        return new SqlToRelConverter(this, validator, reader, cluster, StandardConvertletTable.INSTANCE, config);
    }

    private SqlNode validate(SqlValidator validator, SqlNode node) {
        try {
            return validator.validate(node);
        } catch (CalciteContextException e) {
            throw CalciteErrors.validationError(e, suggestionFor(e));
        }
    }

    private RelNode removeSubqueries(RelNode rel) {
        RelNode noSubqueries = rel;
        PlanContents contents = PlanContents.of(rel);
        if (contents.subqueries()) {
            // WHERE-clause EXISTS / IN first become semi and anti joins where they can, and comparisons with
            // correlated scalar aggregates joins with them grouped (first at each node, so also inside subqueries
            // that the others unnest); the rest go through Calcite's correlate-then-decorrelate path
            HepProgram program = HepProgram.builder()
                    .addRuleInstance(SEMI_JOINS)
                    .addRuleCollection(List.of(SCALAR_JOINS, CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
                            CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE, CoreRules.JOIN_SUB_QUERY_TO_CORRELATE))
                    .build();
            long start = System.nanoTime();
            HepPlanner planner = hepPlanner(program);
            planner.setRoot(rel);
            noSubqueries = planner.findBestExp();
            timed("logical.subqueries", start);
            contents = PlanContents.of(noSubqueries);
        }
        RelNode decorrelated = noSubqueries;
        if (contents.correlates()) {
            long start = System.nanoTime();
            decorrelated = RelDecorrelator.decorrelateQuery(noSubqueries, relBuilder());
            timed("logical.decorrelate", start);
        }
        long start = System.nanoTime();
        RelNode trimmed = new RelFieldTrimmer(null, trimmingBuilder()).trim(decorrelated);
        timed("logical.trim", start);
        return trimmed;
    }

    /**
     * The builder of the field trimmers, which rebuild every filter they pass: without simplification. A trim only
     * renumbers a condition's fields, and the rules that move filters simplify them; simplifying at each trim was a
     * tenth of planning TPC-H q6 (the 22 queries plan the same either way).
     */
    private RelBuilder trimmingBuilder() {
        return RelBuilder.proto(org.apache.calcite.plan.Contexts.of(RelBuilder.Config.DEFAULT.withSimplify(false)))
                .create(cluster, reader);
    }

    public RelBuilder relBuilder() {
        return RelFactories.LOGICAL_BUILDER.create(cluster, reader);
    }

    /** The logical rewrite phases, each a Hep program run to a fixpoint. */
    public RelNode optimize(RelNode rel) {
        RelNode current = planExpressions(rel);
        // A phase whose rules cannot match is not run: each phase copies and digests the whole tree. Without windows,
        // the window rule has nothing to match; without joins, neither have the join-order and OR-filter rules, and
        // the phases after them only repeat rules of the logical phase, which ran to its fixpoint.
        PlanContents contents = PlanContents.of(current);
        if (contents.windows()) {
            current = runPhase("window", current, List.of(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW));
        }
        // JOIN_PUSH_EXPRESSIONS: an equality between an expression of one input and the other's column (a.fqn =
        // b.pkg || '.' || b.name) computes the expression in a projection below the join, so the join hashes on it;
        // left in the condition it was a nested-loop join over both inputs (a 1 GiB, 0.7 s view of a guava build)
        current = runPhase("logical", current, List.of(
                CoreRules.FILTER_INTO_JOIN,
                CoreRules.JOIN_CONDITION_PUSH,
                CoreRules.JOIN_PUSH_EXPRESSIONS,
                CoreRules.FILTER_PROJECT_TRANSPOSE,
                CoreRules.FILTER_AGGREGATE_TRANSPOSE,
                CoreRules.FILTER_SET_OP_TRANSPOSE,
                CoreRules.FILTER_MERGE,
                CoreRules.PROJECT_MERGE,
                CoreRules.PROJECT_REMOVE,
                CoreRules.AGGREGATE_PROJECT_MERGE,
                CoreRules.UNION_TO_DISTINCT,
                CoreRules.INTERSECT_TO_DISTINCT,
                CoreRules.MINUS_TO_DISTINCT));
        // Join order: gather each tree of joins into a MultiJoin, then let a heuristic join-order rule pick an order
        // by estimated sizes, so comma joins never cross-product tables that a condition connects: greedy operator
        // ordering for inner joins (which rebuilds two-input joins as they were), Lopt for those with outer joins.
        if (contents.joins()) {       // the logical phase neither adds nor removes joins
            current = runPhase("join-order", current, List.of(CoreRules.JOIN_TO_MULTI_JOIN));
            current = runPhase("join-order", current, List.of(GREEDY_JOIN_ORDER, OUTER_JOIN_ORDER));
            current = runPhase("logical-after-join-order", current, List.of(
                    CoreRules.FILTER_INTO_JOIN, CoreRules.JOIN_CONDITION_PUSH, CoreRules.FILTER_PROJECT_TRANSPOSE,
                    CoreRules.FILTER_MERGE, CoreRules.PROJECT_MERGE, CoreRules.PROJECT_REMOVE));
            // Filters implied by OR join conditions, in a phase of their own (the rule sees its own filter on the
            // join's input and stops), then pushed towards the scans: through projections and through the joins
            // below, so a filter on a dimension's column reaches that dimension's scan (TPC-H q7: the nation names),
            // where the join's dynamic filter carries it on to the fact table.
            if (JoinOrFilterRule.applies(current)) {
                current = runPhase("join-or-filters", current, List.of(JOIN_OR_FILTERS));
                current = runPhase("logical-after-join-or-filters", current, List.of(
                        CoreRules.FILTER_INTO_JOIN, CoreRules.FILTER_PROJECT_TRANSPOSE, CoreRules.FILTER_MERGE));
            }
        }
        List<org.apache.calcite.plan.RelOptRule> scanRules = new ArrayList<>(ScanPushdownRules.all(session));
        scanRules.add(CoreRules.PROJECT_FILTER_TRANSPOSE);
        scanRules.add(CoreRules.PROJECT_MERGE);
        scanRules.add(CoreRules.PROJECT_REMOVE);
        current = runPhase("scan", current, scanRules);
        long prune = System.nanoTime();
        current = new ColumnPruner(trimmingBuilder()).trim(current);
        timed("optimize.prune", prune);
        current = runExtensionRules(PlannerRule.Stage.POLICY, current);
        return runExtensionRules(PlannerRule.Stage.PHYSICAL, current);
    }

    /** Rewrites calls of functions that have an extension's {@link io.codeanatomy.engine.core.spi.planner.ExprPlanner}. */
    private RelNode planExpressions(RelNode rel) {
        if (ports.exprPlanners().isEmpty()) {
            return rel;
        }
        long start = System.nanoTime();
        RexBuilder rexBuilder = cluster.getRexBuilder();
        org.apache.calcite.rex.RexShuttle calls = new org.apache.calcite.rex.RexShuttle() {
            @Override
            public org.apache.calcite.rex.RexNode visitCall(org.apache.calcite.rex.RexCall call) {
                org.apache.calcite.rex.RexCall visited = (org.apache.calcite.rex.RexCall) super.visitCall(call);
                var planner = ports.exprPlanners().get(visited.getOperator().getName().toLowerCase(java.util.Locale.ROOT));
                if (planner == null) {
                    return visited;
                }
                org.apache.calcite.rex.RexNode planned;
                try {
                    planned = planner.plan(visited.getOperands(), rexBuilder);
                } catch (RuntimeException e) {
                    throw new PlanningException("The expression planner of " + visited.getOperator().getName()
                            + " failed: " + e.getMessage(), e);
                }
                return planned == null ? visited : rexBuilder.ensureType(visited.getType(), planned, true);
            }
        };
        RelNode result = rel.accept(new org.apache.calcite.rel.RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                return super.visit(other).accept(calls);
            }
        });
        timed("optimize.expr", start);
        return result;
    }

    /** Runs the extensions' rules of one stage, each as its own Hep step in declared order. */
    private RelNode runExtensionRules(PlannerRule.Stage stage, RelNode rel) {
        RelNode current = rel;
        for (PlannerRule rule : ports.rules()) {
            if (rule.stage() == stage) {
                current = runPhase(stage.name().toLowerCase(java.util.Locale.ROOT) + ":" + rule.name(), current, List.of(rule.rule()));
            }
        }
        return current;
    }

    /** Records the time since {@code startNanos} as {@code phase}'s, when capturing. */
    private void timed(String phase, long startNanos) {
        if (capture != null) {
            capture.time(phase, startNanos);
        }
    }

    /** A Hep planner whose rules reduce constants with {@link LiteralCastExecutor} (Calcite's would compile code). */
    private static HepPlanner hepPlanner(HepProgram program) {
        HepPlanner planner = new HepPlanner(program);
        planner.setExecutor(LiteralCastExecutor.INSTANCE);
        return planner;
    }

    /** Runs one optimizer phase: a Hep program of {@code rules} to a fixpoint, traced when capturing. */
    private RelNode runPhase(String phase, RelNode rel, List<? extends org.apache.calcite.plan.RelOptRule> rules) {
        long start = System.nanoTime();
        HepProgramBuilder program = HepProgram.builder().addMatchOrder(HepMatchOrder.BOTTOM_UP).addMatchLimit(10_000);
        program.addRuleCollection(List.copyOf(rules));
        HepPlanner planner = hepPlanner(program.build());
        RuleSpans spans = new RuleSpans(session.tracer(), phase);
        planner.addListener(spans);
        RelOptListener traced = capture == null ? null : capture.listener(phase);
        if (traced != null) {
            planner.addListener(traced);
        }
        planner.setRoot(rel);
        RelNode result;
        try {
            result = planner.findBestExp();
        } catch (RuntimeException e) {
            throw spans.failed(e);
        }
        timed("optimize." + phase, start);
        return result;
    }

    /**
     * The optimizer trace of {@code parsed}, which this planner optimized into {@code optimized}: the rule applications
     * of optimizing it again with a tracing capture (planning is deterministic, and the first time went without the
     * trace's cost). Not thread-safe (the cluster's metadata).
     *
     * @throws IllegalStateException if optimizing again gives another plan
     */
    public List<RuleApplication> trace(RelNode parsed, RelNode optimized) {
        PlanCapture planning = capture;
        PlanCapture tracing = PlanCapture.tracing();
        capture = tracing;
        RelNode again;
        try {
            again = optimize(parsed);
        } finally {
            capture = planning;
        }
        if (!PlanDigests.canonicalText(optimized).equals(PlanDigests.canonicalText(again))) {
            throw new IllegalStateException("Optimizing a plan again for its trace gave another plan: the optimizer is "
                    + "not deterministic here; report this with the query");
        }
        return tracing.trace();
    }

    /** Adds build-side hints given through the DataFrame API; they apply to the whole statement. */
    public void addBuildHints(List<String> tables, String origin) {
        buildHints.add(tables, origin);
    }

    /**
     * Maps the optimized plan to physical operators, choosing each join's build side by hint or estimate.
     *
     * @throws PlanningException if a build hint names a table the plan does not read or no join has as input
     */
    public PhysicalNode toPhysical(RelNode optimized) {
        Physical physical = physical(optimized, buildHints);
        joinChoices = physical.joins();
        return physical.plan();
    }

    /** A physical plan and how its joins' build sides were chosen (pre-order). */
    public record Physical(PhysicalNode plan, List<io.codeanatomy.engine.core.plan.JoinChoice> joins) {}

    /**
     * Plans {@code optimized} (a plan this planner optimized) physically again with more build hints, without
     * replanning it logically; this planner's own hints stay as they were. Not thread-safe (the cluster's metadata).
     */
    public Physical toPhysicalWithBuildHints(RelNode optimized, List<String> tables, String origin) {
        BuildHints hints = buildHints.copy();
        hints.add(tables, origin);
        return physical(optimized, hints);
    }

    private Physical physical(RelNode optimized, BuildHints buildHints) {
        if (!buildHints.isEmpty()) {
            List<String> tables = new ArrayList<>();
            new org.apache.calcite.rel.RelVisitor() {
                @Override
                public void visit(RelNode node, int ordinal, RelNode parent) {
                    if (node instanceof ProviderScan scan) {
                        tables.add(scan.tableName());
                    }
                    super.visit(node, ordinal, parent);
                }
            }.go(optimized);
            buildHints.checkNamesTablesOf(tables);
        }
        PhysicalPlanner physical = new PhysicalPlanner(cluster.getRexBuilder(), session, buildHints);
        PhysicalNode plan = physical.planQuery(optimized);
        buildHints.checkAllUsed();
        return new Physical(plan, physical.joinChoices());
    }

    /** How {@link #toPhysical} chose each join's build side, in plan order (pre-order). */
    public List<io.codeanatomy.engine.core.plan.JoinChoice> joinChoices() {
        return joinChoices;
    }

    // ---- views ------------------------------------------------------------------------------------------------

    @Override
    public RelRoot expandView(RelDataType rowType, String queryString, List<String> schemaPath, List<String> viewPath) {
        enterView(String.join(".", viewPath));
        try {
            Statement.Calcite statement = viewQuery(queryString, String.join(".", viewPath));
            buildHints.collect(statement.node());
            SqlValidator validator = newValidator();
            SqlNode validated = validate(validator, statement.node());
            // validated once: a second validation of the same tree (needsValidation = true) failed on an aggregation
            // in a derived table ("expandedSelectList for selectScope"), so such views could not be read
            RelRoot root = converter(validator).convertQuery(validated, false, false);
            return root.withRel(removeSubqueries(root.rel));
        } finally {
            viewDepth--;
        }
    }

    @Override
    public RelDataType rowType(CatalogEntry view, RelDataTypeFactory factory) {
        if (factory != typeFactory) {
            return validatedRowType(view, factory);
        }
        RelDataType known = viewRowTypes.get(view);
        if (known == null) {
            known = keptRowType(view);
            viewRowTypes.put(view, known);
        }
        return known;
    }

    @Override
    public void read(TableName name, RelDataType rowType) {
        Map<TableName, RelDataType> reads = reading.peek();
        if (reads != null) {
            reads.put(name.normalized(), rowType);
        }
    }

    /** The row type of {@code view} from the session's {@link ViewTypes}, validating its body when that changed. */
    private RelDataType keptRowType(CatalogEntry view) {
        ViewTypes.Validated kept = viewTypes.get(view);
        if (kept != null && readsTheSame(kept)) {
            return kept.type();
        }
        reading.push(new java.util.HashMap<>());
        RelDataType type;
        Map<TableName, RelDataType> reads;
        try {
            type = validatedRowType(view, typeFactory);
        } finally {
            reads = reading.pop();
        }
        viewTypes.put(new ViewTypes.Validated(view, type, Map.copyOf(reads)));
        return type;
    }

    /** Whether every name {@code kept}'s body read still resolves to what has the row type it had. */
    private boolean readsTheSame(ViewTypes.Validated kept) {
        enterView(kept.view().name().toString());      // views redefined to read each other recurse here
        try {
            for (Map.Entry<TableName, RelDataType> read : kept.reads().entrySet()) {
                CatalogEntry entry = catalog.get(read.getKey()).orElse(null);
                if (entry == null) {
                    return false;
                }
                RelDataType now = entry.kind() == TableKind.VIEW ? rowType(entry, typeFactory)
                        : TypeMapping.rowType(typeFactory, entry.provider().schema());
                if (!now.equals(read.getValue())) {
                    return false;
                }
            }
            return true;
        } finally {
            viewDepth--;
        }
    }

    /**
     * Validates the body of {@code view}, about to be created, against the catalog as it is (and its declared column
     * count against the body's); its row type is kept for the statements that read it.
     *
     * @throws PlanningException or a validation error, naming what is wrong with the body
     */
    public void validateView(CatalogEntry view) {
        rowType(view, typeFactory);
    }

    private RelDataType validatedRowType(CatalogEntry view, RelDataTypeFactory factory) {
        enterView(view.name().toString());
        try {
            SqlValidator validator = newValidator();
            SqlNode validated = validate(validator, viewQuery(view.viewSql(), view.name().toString()).node());
            RelDataType type = validator.getValidatedNodeType(validated);
            if (view.viewColumns().isEmpty()) {
                return type;
            }
            if (view.viewColumns().size() != type.getFieldCount()) {
                throw new PlanningException("View " + view.name() + " declares " + view.viewColumns().size()
                        + " columns but its query returns " + type.getFieldCount());
            }
            return factory.createStructType(type.getFieldList().stream().map(f -> f.getType()).toList(), view.viewColumns());
        } finally {
            viewDepth--;
        }
    }

    /** One level deeper into views (the caller leaves it with {@code viewDepth--}); a view reading itself stops here. */
    private void enterView(String name) {
        if (++viewDepth > MAX_VIEW_DEPTH) {
            viewDepth--;
            throw new PlanningException("View " + name + " nests more than " + MAX_VIEW_DEPTH
                    + " views deep; a view probably refers to itself");
        }
    }

    @Override
    public RelRoot expand(CatalogEntry view, RelOptTable.ToRelContext context) {
        return expandView(null, view.viewSql(), List.of(view.name().schema()), List.of(view.name().schema(), view.name().name()));
    }

    private static Statement.Calcite viewQuery(String sql, String viewName) {
        try {
            if (SqlFrontEnd.parse(sql) instanceof Statement.Calcite calcite) {
                return calcite;
            }
        } catch (SqlException e) {
            throw new PlanningException("The definition of view " + viewName + " no longer parses: " + e.getMessage(), e);
        }
        throw new PlanningException("The definition of view " + viewName + " is not a query");
    }

    // ---- parameters -------------------------------------------------------------------------------------------

    /** Replaces each {@code ?} with a typed literal of the matching parameter; never splices text. */
    static SqlNode bindParameters(SqlNode node, List<Object> parameters) {
        int[] seen = {0};
        SqlNode bound = node.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlDynamicParam param) {
                seen[0]++;
                int index = param.getIndex();
                if (index >= parameters.size()) {
                    SqlParserPos pos = param.getParserPosition();
                    throw new SqlException("Parameter " + (index + 1) + " (the ? at line " + pos.getLineNum()
                            + ", column " + pos.getColumnNum() + ") has no value: " + parameters.size()
                            + " value(s) were passed", pos.getLineNum(), pos.getColumnNum(), null);
                }
                return literal(parameters.get(index), param.getParserPosition(), index);
            }
        });
        if (seen[0] < parameters.size()) {
            throw new SqlException("The statement has " + seen[0] + " parameter(s) but " + parameters.size()
                    + " value(s) were passed", null);
        }
        return bound;
    }

    private static SqlNode literal(Object value, SqlParserPos pos, int index) {
        return switch (value) {
            case null -> SqlLiteral.createNull(pos);
            case Boolean b -> SqlLiteral.createBoolean(b, pos);
            case Byte b -> SqlLiteral.createExactNumeric(b.toString(), pos);
            case Short s -> SqlLiteral.createExactNumeric(s.toString(), pos);
            case Integer i -> SqlLiteral.createExactNumeric(i.toString(), pos);
            case Long l -> SqlLiteral.createExactNumeric(l.toString(), pos);
            case BigDecimal d -> SqlLiteral.createExactNumeric(d.toPlainString(), pos);
            case Double d when Double.isFinite(d) -> SqlLiteral.createApproxNumeric(approx(d), pos);
            case Float f when Float.isFinite(f) -> SqlLiteral.createApproxNumeric(approx(f.doubleValue()), pos);
            case String s -> SqlLiteral.createCharString(s, pos);
            case LocalDate d -> SqlLiteral.createDate(new DateString(d.toString()), pos);
            case LocalTime t -> SqlLiteral.createTime(new TimeString(t.toString()), 6, pos);
            case LocalDateTime t -> SqlLiteral.createTimestamp(org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP,
                    new TimestampString(t.toString().replace('T', ' ')), 6, pos);
            default -> throw new SqlException("Parameter " + (index + 1) + " has Java type " + value.getClass().getName()
                    + ", which cannot be bound; use Boolean, a Number, String, LocalDate, LocalTime or LocalDateTime",
                    pos.getLineNum(), pos.getColumnNum(), null);
        };
    }

    private static String approx(double d) {
        String text = Double.toString(d);
        return text.contains("E") ? text : text + "E0";
    }

    private static String firstGroup(String message, Pattern... patterns) {
        for (Pattern pattern : patterns) {
            Matcher matcher = pattern.matcher(message);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return null;
    }

    // ---- "did you mean" ---------------------------------------------------------------------------------------

    private static final Pattern OBJECT_NOT_FOUND = Pattern.compile("Object '([^']+)' not found");
    private static final Pattern TABLE_NOT_FOUND = Pattern.compile("Table '([^']+)' not found");
    private static final Pattern COLUMN_NOT_FOUND = Pattern.compile("Column '([^']+)' not found");

    private String suggestionFor(CalciteContextException e) {
        String message = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        String missingTable = firstGroup(message, OBJECT_NOT_FOUND, TABLE_NOT_FOUND);
        if (missingTable != null) {
            List<String> names = new ArrayList<>();
            catalog.entries().forEach(entry -> names.add(entry.name().name()));
            return Suggestions.closest(missingTable, names).map(s -> "Did you mean '" + s + "'?").orElse(null);
        }
        Matcher column = COLUMN_NOT_FOUND.matcher(message);
        if (column.find()) {
            List<String> names = new ArrayList<>();
            for (CatalogEntry entry : catalog.entries()) {
                if (entry.provider() != null) {
                    entry.provider().schema().getFields().forEach(f -> names.add(f.getName()));
                } else {
                    names.addAll(entry.viewColumns());
                }
            }
            return Suggestions.closest(column.group(1), names).map(s -> "Did you mean '" + s + "'?").orElse(null);
        }
        return null;
    }

}
