package io.codeanatomy.engine.core.plan;

/**
 * One successful rule application of the optimizer, in the order they happened.
 *
 * @param ordinal      position in the trace, from 0
 * @param phase        the optimizer program (phase) that ran the rule
 * @param rule         the rule's description
 * @param digestBefore SHA-256 of the matched subtree before the rule
 * @param digestAfter  SHA-256 of the subtree the rule produced
 * @param rowsBefore   estimated rows of the matched subtree
 * @param rowsAfter    estimated rows of the produced subtree
 * @since 0.1
 */
public record RuleApplication(int ordinal, String phase, String rule, String digestBefore, String digestAfter,
                              double rowsBefore, double rowsAfter) {}
