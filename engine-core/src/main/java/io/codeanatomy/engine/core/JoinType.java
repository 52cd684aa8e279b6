package io.codeanatomy.engine.core;

/**
 * Join types of {@link DataFrame#join}. SEMI keeps left rows with a match, ANTI those without; both return only the
 * left columns.
 *
 * @since 0.1
 */
public enum JoinType { INNER, LEFT, RIGHT, FULL, SEMI, ANTI }
