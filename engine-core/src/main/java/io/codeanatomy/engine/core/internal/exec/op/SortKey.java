package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;

/** One ORDER BY key: the expression, its direction, and where NULLs go. */
public record SortKey(PhysicalExpr expr, boolean descending, boolean nullsFirst) {
    public String display() {
        return expr.display() + (descending ? " DESC" : " ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
}
