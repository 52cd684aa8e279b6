package io.codeanatomy.engine.core.spi.function;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Creates the accumulator of one aggregate call for one query. Must be thread-safe; the accumulators it creates
 * need not be.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AggregateFunction {
    /**
     * @param arguments the argument types of the signature the call matched (variadic parameters repeated)
     * @param result    the field results are written into
     * @param allocator where the accumulator may allocate state; it must release it in {@link GroupedAccumulator#close()}
     */
    GroupedAccumulator accumulator(List<ArrowType> arguments, Field result, BufferAllocator allocator);
}
