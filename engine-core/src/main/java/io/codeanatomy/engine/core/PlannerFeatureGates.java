package io.codeanatomy.engine.core;

/**
 * Switches for optimizations that change plans. Each can be turned off to compare plans or work around a problem.
 *
 * @param joinDynamicFilters                  push min/max and membership filters from a join's build side into the probe-side scan
 * @param aggregateDynamicFilters             push bounds learned by MIN/MAX aggregates into their scan
 * @param topKDynamicFilters                  push the running K-th value of a top-K into its scan
 * @param sortPushdown                        let a provider that returns sorted data satisfy an ORDER BY
 * @param allowSymmetricJoinsWithoutPruning   allow joins that buffer both sides when no pruning bound exists
 * @since 0.1
 */
public record PlannerFeatureGates(
        boolean joinDynamicFilters,
        boolean aggregateDynamicFilters,
        boolean topKDynamicFilters,
        boolean sortPushdown,
        boolean allowSymmetricJoinsWithoutPruning) {

    /** Every optimization on. */
    public static PlannerFeatureGates defaults() {
        return new PlannerFeatureGates(true, true, true, true, true);
    }

    /** Every optimization off: the plan a reference executor would run. */
    public static PlannerFeatureGates none() {
        return new PlannerFeatureGates(false, false, false, false, false);
    }

    public PlannerFeatureGates withJoinDynamicFilters(boolean on) {
        return new PlannerFeatureGates(on, aggregateDynamicFilters, topKDynamicFilters, sortPushdown, allowSymmetricJoinsWithoutPruning);
    }

    public PlannerFeatureGates withAggregateDynamicFilters(boolean on) {
        return new PlannerFeatureGates(joinDynamicFilters, on, topKDynamicFilters, sortPushdown, allowSymmetricJoinsWithoutPruning);
    }

    public PlannerFeatureGates withTopKDynamicFilters(boolean on) {
        return new PlannerFeatureGates(joinDynamicFilters, aggregateDynamicFilters, on, sortPushdown, allowSymmetricJoinsWithoutPruning);
    }

    public PlannerFeatureGates withSortPushdown(boolean on) {
        return new PlannerFeatureGates(joinDynamicFilters, aggregateDynamicFilters, topKDynamicFilters, on, allowSymmetricJoinsWithoutPruning);
    }

    public PlannerFeatureGates withAllowSymmetricJoinsWithoutPruning(boolean on) {
        return new PlannerFeatureGates(joinDynamicFilters, aggregateDynamicFilters, topKDynamicFilters, sortPushdown, on);
    }
}
