package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.FilterSupport;
import io.codeanatomy.engine.core.spi.SessionView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mappings;

/**
 * The rules that push work into {@link ProviderScan}s. Each asks the provider what it can do and records the answer
 * in the scan, so the plan itself is the pushdown contract: EXACT filters leave the plan, INEXACT ones stay above
 * the scan as well, UNSUPPORTED ones are noted and stay above the scan only.
 */
final class ScanPushdownRules {
    private ScanPushdownRules() {}

    /**
     * The rules for {@code session}'s queries. Only the filter rule depends on the session; the others are made once
     * (building a rule's operand tree was a tenth of the scan phase when every query built all five).
     */
    static List<org.apache.calcite.plan.RelOptRule> all(SessionView session) {
        List<org.apache.calcite.plan.RelOptRule> rules = new java.util.ArrayList<>(SESSIONLESS.size() + 1);
        rules.add(RuleConfig.of("FilterIntoScan",
                b0 -> b0.operand(Filter.class).oneInput(b1 -> b1.operand(ProviderScan.class).noInputs()),
                config -> new FilterIntoScan(config, session)).toRule());
        rules.addAll(SESSIONLESS);
        return rules;
    }

    private static final List<org.apache.calcite.plan.RelOptRule> SESSIONLESS = List.of(
            RuleConfig.of("ProjectIntoScan",
                    b0 -> b0.operand(Project.class).oneInput(b1 -> b1.operand(ProviderScan.class).noInputs()),
                    ProjectIntoScan::new).toRule(),
            RuleConfig.of("AggregateInputNarrowing",
                    b0 -> b0.operand(Aggregate.class).oneInput(b1 -> b1.operand(ProviderScan.class).noInputs()),
                    AggregateInputNarrowing::new).toRule(),
            RuleConfig.of("AggregateInputNarrowing",
                    b0 -> b0.operand(Aggregate.class).oneInput(b1 -> b1.operand(Filter.class)
                            .oneInput(b2 -> b2.operand(ProviderScan.class).noInputs())),
                    AggregateInputNarrowing::new).toRule(),
            RuleConfig.of("LimitIntoScan",
                    b0 -> b0.operand(Sort.class).oneInput(b1 -> b1.operand(ProviderScan.class).noInputs()),
                    LimitIntoScan::new).toRule());

    /** Filter over a scan: offers each conjunct to the provider. */
    static final class FilterIntoScan extends RelRule<RuleConfig> {
        private final SessionView session;

        FilterIntoScan(RuleConfig config, SessionView session) {
            super(config);
            this.session = session;
        }

        /**
         * Offers each conjunct, with its SEARCHes expanded into comparisons, to the provider. A conjunct stays in the
         * filter as written unless every comparison it expands to is EXACT; the filter is rebuilt without simplifying
         * it again (it was simplified when it was made: simplifying the expanded form back was over half of this rule's
         * time, 2.5% of planning TPC-H).
         */
        @Override
        public void onMatch(RelOptRuleCall call) {
            Filter filter = call.rel(0);
            ProviderScan scan = call.rel(1);
            RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
            RexToExpression translator = new RexToExpression(rexBuilder, scan.getRowType());
            List<ProviderScan.PushedFilter> pushed = new ArrayList<>(scan.filters());
            List<RexNode> remaining = new ArrayList<>();
            boolean changed = false;
            for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
                boolean exact = true;
                for (RexNode part : RelOptUtil.conjunctions(RexUtil.expandSearch(rexBuilder, null, conjunct))) {
                    Optional<Expression> expression = translator.translate(part);
                    if (expression.isEmpty()) {
                        exact = false;
                        continue;
                    }
                    Expression e = expression.get();
                    Optional<ProviderScan.PushedFilter> previous =
                            pushed.stream().filter(p -> p.expression().equals(e)).findFirst();
                    FilterSupport support = previous.map(ProviderScan.PushedFilter::support)
                            .orElseGet(() -> scan.provider().filterSupport(session, e));
                    if (previous.isEmpty()) {
                        pushed.add(new ProviderScan.PushedFilter(e, support));
                        changed = true;
                    }
                    exact &= support == FilterSupport.EXACT;
                }
                if (exact) {
                    changed = true; // the conjunct leaves the plan
                } else {
                    remaining.add(conjunct);
                }
            }
            if (!changed) {
                return;
            }
            RelNode narrowed = scan.withFilters(pushed);
            call.transformTo(remaining.isEmpty() ? narrowed
                    : filter.copy(filter.getTraitSet(), narrowed, RexUtil.composeConjunction(rexBuilder, remaining)));
        }

    }

    /** Project over a scan: the scan reads only the columns the project (and nothing else) uses. */
    static final class ProjectIntoScan extends RelRule<RuleConfig> {
        ProjectIntoScan(RuleConfig config) {
            super(config);
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Project project = call.rel(0);
            ProviderScan scan = call.rel(1);
            ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
            int fieldCount = scan.getRowType().getFieldCount();
            if (used.cardinality() == fieldCount) {
                return;
            }
            int[] old = scan.projection();
            int[] narrowed = new int[used.cardinality()];
            int i = 0;
            for (int index : used) {
                narrowed[i++] = old[index];
            }
            Mappings.TargetMapping mapping = Mappings.target(used::indexOf, fieldCount, used.cardinality());
            List<RexNode> projects = RexUtil.apply(mapping, project.getProjects());
            ProviderScan narrowedScan = scan.withProjection(narrowed);
            if (RexUtil.isIdentity(projects, narrowedScan.getRowType())) {
                // the project only picked columns: the scan replaces it, and no identity project is left for
                // another rule application (each one re-walks the whole plan) to remove
                call.transformTo(narrowedScan);
                return;
            }
            RelNode result = call.builder().push(narrowedScan)
                    .project(projects, project.getRowType().getFieldNames(), true)
                    .build();
            call.transformTo(result);
        }

    }

    /**
     * An aggregation over a scan (or a filtered scan) that reads fewer columns than the scan has: a projection of
     * those columns goes beneath it, which the project rules then carry into the scan. The logical phase merges
     * such projections into aggregations, so {@code SELECT count(*) FROM t WHERE x > 0} had read every column of
     * {@code t}. With no column read at all ({@code count(*)}), one column is kept to count rows by.
     */
    static final class AggregateInputNarrowing extends RelRule<RuleConfig> {
        AggregateInputNarrowing(RuleConfig config) {
            super(config);
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Aggregate aggregate = call.rel(0);
            RelNode input = call.rel(1);          // the filter or scan itself, not the planner's vertex around it
            int fieldCount = input.getRowType().getFieldCount();
            ImmutableBitSet.Builder read = aggregate.getGroupSet().rebuild();
            for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
                read.addAll(aggregateCall.getArgList());
                if (aggregateCall.filterArg >= 0) {
                    read.set(aggregateCall.filterArg);
                }
                read.addAll(aggregateCall.getCollation().getKeys());
            }
            ImmutableBitSet used = read.isEmpty() ? countingColumn(input) : read.build();
            if (used.cardinality() >= fieldCount) {
                return;
            }
            Mappings.TargetMapping mapping = Mappings.target(used::indexOf, fieldCount, used.cardinality());
            RelBuilder builder = call.builder().push(input);
            RelNode narrowed = builder.project(builder.fields(used.asList())).build();
            List<AggregateCall> calls = aggregate.getAggCallList().stream().map(c -> c.transform(mapping)).toList();
            call.transformTo(aggregate.copy(aggregate.getTraitSet(), narrowed, positions(aggregate.getGroupSet(), used),
                    aggregate.getGroupSets().stream().map(set -> positions(set, used)).toList(), calls));
        }

        /** The column {@code count(*)} counts rows by: one the filter reads anyway, else the first. */
        private static ImmutableBitSet countingColumn(RelNode input) {
            ImmutableBitSet filtered = input instanceof Filter filter
                    ? RelOptUtil.InputFinder.bits(filter.getCondition()) : ImmutableBitSet.of();
            return ImmutableBitSet.of(filtered.isEmpty() ? 0 : filtered.nth(0));
        }

        /** Each column of {@code columns} as its position among {@code used}. */
        private static ImmutableBitSet positions(ImmutableBitSet columns, ImmutableBitSet used) {
            ImmutableBitSet.Builder out = ImmutableBitSet.builder();
            for (int column : columns) {
                out.set(used.indexOf(column));
            }
            return out.build();
        }
    }

    /** LIMIT (no ORDER BY) over a scan whose filters are all EXACT: the provider may stop early. */
    static final class LimitIntoScan extends RelRule<RuleConfig> {
        LimitIntoScan(RuleConfig config) {
            super(config);
        }

        @Override
        public void onMatch(RelOptRuleCall call) {
            Sort sort = call.rel(0);
            ProviderScan scan = call.rel(1);
            if (!sort.getCollation().getFieldCollations().isEmpty() || sort.fetch == null || !scan.allFiltersExact()) {
                return;
            }
            long fetch = RexLiteralValues.longValue(sort.fetch);
            long offset = sort.offset == null ? 0 : RexLiteralValues.longValue(sort.offset);
            if (fetch < 0 || offset < 0) {
                return;
            }
            long limit = fetch + offset;
            if (scan.limit().isPresent() && scan.limit().getAsLong() <= limit) {
                return;
            }
            call.transformTo(sort.copy(sort.getTraitSet(), List.of(scan.withLimit(limit))));
        }

    }

    /** Reads integer literals of FETCH/OFFSET; -1 when not a literal (a dynamic parameter). */
    static final class RexLiteralValues {
        private RexLiteralValues() {}

        static long longValue(RexNode node) {
            return node instanceof org.apache.calcite.rex.RexLiteral literal ? literal.getValueAs(Long.class) : -1;
        }
    }
}
