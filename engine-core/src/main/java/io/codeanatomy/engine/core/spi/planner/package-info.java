/**
 * Planner extension ports: extensions add Calcite rules to the optimizer through
 * {@link io.codeanatomy.engine.core.spi.planner.PlannerRuleRegistrar}, offered by
 * {@code ExtensionContext.registrar(PlannerRuleRegistrar.class)}.
 */
package io.codeanatomy.engine.core.spi.planner;
