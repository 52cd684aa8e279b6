package io.codeanatomy.engine.core.spi.function;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The body of a scalar function: whole Arrow vectors in, one vector out. Must be thread-safe and keep no state
 * between calls.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface VectorFunction {
    /**
     * Computes {@code rowCount} results.
     *
     * @param arguments one vector per argument, each {@code rowCount} long and of the signature's type; borrowed
     * @param result    the field the result must have (name, type, nullability)
     * @param allocator allocate the result here; the caller owns and closes it
     */
    FieldVector apply(List<FieldVector> arguments, int rowCount, Field result, BufferAllocator allocator);
}
