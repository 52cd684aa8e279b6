package io.codeanatomy.engine.core.spi;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Compiles {@link Expression}s with the engine's own vectorized evaluator, so providers that apply filters or
 * assignments themselves get exactly the engine's semantics (three-valued logic, casts, function behaviour).
 *
 * @since 0.1
 */
public interface ExpressionCompiler {
    /**
     * Compiles {@code expression} against {@code input}.
     *
     * @throws IllegalArgumentException if it references a column {@code input} lacks or cannot be typed
     */
    CompiledExpression compile(Schema input, Expression expression);

    /**
     * The engine's own compiler, for code that evaluates expressions outside a query (a Delta DELETE through the Java
     * API). Inside a query use {@link SessionView#expressions()}.
     */
    static ExpressionCompiler standard() {
        return io.codeanatomy.engine.core.internal.plan.EngineExpressionCompiler.INSTANCE;
    }
}
