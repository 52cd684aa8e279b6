package io.codeanatomy.engine.ext;

/**
 * Whether a function is called in expressions or in FROM.
 *
 * @since 0.1
 */
public enum FunctionKind { SCALAR, TABLE }
