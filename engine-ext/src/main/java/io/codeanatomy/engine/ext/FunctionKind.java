package io.codeanatomy.engine.ext;

/**
 * Whether a function is called in expressions (per row or, for AGGREGATE, per group) or in FROM.
 *
 * @since 0.1
 */
public enum FunctionKind { SCALAR, TABLE, AGGREGATE }
