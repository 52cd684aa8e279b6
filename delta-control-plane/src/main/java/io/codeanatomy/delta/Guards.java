package io.codeanatomy.delta;

import io.codeanatomy.engine.core.spi.Expression;

/** Refuses DML that would touch every row by accident. */
final class Guards {
    private Guards() {}

    static void requirePredicate(Expression predicate, String operation) {
        if (predicate == null) {
            throw new IllegalArgumentException(operation + " needs a predicate saying which rows to change; to change "
                    + "every row say so explicitly with DeltaDml." + operation + "All(table" + ("update".equals(operation) ? ", assignments" : "") + ")");
        }
        if (predicate instanceof Expression.Literal literal && Boolean.TRUE.equals(literal.value())) {
            throw new IllegalArgumentException(operation + " with the predicate TRUE would change every row; use "
                    + "DeltaDml." + operation + "All(table" + ("update".equals(operation) ? ", assignments" : "") + ") if that is what you mean");
        }
    }

    static void requirePredicateText(String predicate, String operation) {
        if (predicate == null || predicate.isBlank()) {
            requirePredicate(null, operation);
        }
        if (predicate.strip().equalsIgnoreCase("true") || predicate.strip().matches("(?i)1\\s*=\\s*1")) {
            requirePredicate(new Expression.Literal(true, org.apache.arrow.vector.types.pojo.ArrowType.Bool.INSTANCE), operation);
        }
    }
}
