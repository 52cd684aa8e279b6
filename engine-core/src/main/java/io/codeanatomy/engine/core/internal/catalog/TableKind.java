package io.codeanatomy.engine.core.internal.catalog;

/** What a catalog entry is. */
public enum TableKind {
    TABLE, VIEW, SYSTEM
}
