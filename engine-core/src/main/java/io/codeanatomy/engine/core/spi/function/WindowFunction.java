package io.codeanatomy.engine.core.spi.function;

import org.apache.arrow.vector.FieldVector;

/**
 * The body of an extension window function: one ordered partition in, one result per row out. Must be thread-safe
 * and keep no state between calls (the engine may call it for several partitions, in any order).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface WindowFunction {
    /**
     * Computes the results of one partition.
     *
     * @param partition the partition's rows in window order, with their frames; borrowed for the duration of the call
     * @param out       allocated by the engine with the declared return type, empty; the implementation writes row i's
     *                  result at index i (NULL where it has none) and sets the value count to
     *                  {@link WindowPartition#rowCount()}. Borrowed: the engine reads and closes it.
     */
    void evaluate(WindowPartition partition, FieldVector out);
}
