package io.codeanatomy.engine.core.spi.function;

/**
 * Whether a function's result depends only on its arguments. Only IMMUTABLE calls may be folded or pushed to
 * providers; VOLATILE ones are evaluated once per row.
 *
 * @since 0.1
 */
public enum Volatility { IMMUTABLE, STABLE, VOLATILE }
