package io.codeanatomy.engine.core.spi;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * An expression ready to evaluate over batches of one schema. Thread-safe and reusable.
 *
 * @since 0.1
 */
public interface CompiledExpression {
    /** Name, type and nullability of the result. */
    Field resultField();

    /**
     * Evaluates the expression for every row of {@code batch}. The returned vector holds {@code batch.getRowCount()}
     * values, is allocated from {@code allocator}, and is owned by the caller.
     */
    FieldVector evaluate(VectorSchemaRoot batch, BufferAllocator allocator);

    /**
     * For a boolean expression: the ascending positions of the rows where it is TRUE (not FALSE, not NULL).
     *
     * @throws IllegalStateException if the expression is not boolean
     */
    int[] selectTrue(VectorSchemaRoot batch);
}
