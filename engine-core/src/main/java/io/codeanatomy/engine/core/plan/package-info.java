/**
 * Plans as artifacts: {@link io.codeanatomy.engine.core.plan.PlanBundle} captures a query's logical, optimized and
 * physical plans, its identity, the optimizer trace, lineage and the pushdown contract, as plain records that
 * round-trip through JSON (schema in {@code docs/plan-bundle.md}).
 */
package io.codeanatomy.engine.core.plan;
