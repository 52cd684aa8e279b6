package io.codeanatomy.engine.ext;

/**
 * Whether a function is called in expressions (per row; for AGGREGATE, per group; for WINDOW, with OVER per ordered
 * partition) or in FROM.
 *
 * @since 0.1
 */
public enum FunctionKind { SCALAR, TABLE, AGGREGATE, WINDOW }
