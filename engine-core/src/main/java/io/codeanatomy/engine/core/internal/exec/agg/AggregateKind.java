package io.codeanatomy.engine.core.internal.exec.agg;

/** The aggregate functions the engine implements natively. */
public enum AggregateKind {
    COUNT_STAR, COUNT, SUM, SUM0, MIN, MAX, AVG, ANY_VALUE, BOOL_AND, BOOL_OR,
    /** The second phase of a split AVG: arguments are partial sums and partial counts. */
    AVG_MERGE,
    /** The same constant for every group; Calcite uses it to mark rows of decorrelated subqueries. */
    LITERAL,
    /** An extension's aggregate ({@link AggregateCall#extension()}). */
    EXTENSION
}
