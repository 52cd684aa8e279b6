package io.codeanatomy.engine.core.spi.function;

import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * The per-query state of one call of an extension aggregate: folds whole Arrow vectors into dense groups and writes
 * one result per group. One instance serves one aggregate call in one query and is used by one thread.
 *
 * <p>NULL handling is the implementation's: argument vectors contain every row of the group (rows dropped by
 * {@code FILTER (WHERE ...)} or {@code DISTINCT} excepted), NULLs included, and a group may be written as NULL. A group
 * that saw no rows at all (the single group of a global aggregate over empty input) must be written too; SQL
 * convention is NULL.
 *
 * @since 0.1
 */
public interface GroupedAccumulator extends AutoCloseable {
    /**
     * Folds {@code rowCount} rows into their groups.
     *
     * @param groupIds row i belongs to group {@code groupIds[i]}; ids are dense, from 0, and may exceed every id
     *                 seen before (new groups)
     * @param arguments one vector per argument, each at least {@code rowCount} long and of the chosen signature's
     *                  types; borrowed for the duration of the call
     */
    void update(int[] groupIds, List<FieldVector> arguments, int rowCount);

    /**
     * Writes the results of groups {@code 0..groupCount)} into {@code out} (allocated by the engine with the
     * declared return type, empty) and sets its value count to {@code groupCount}. Called once, after every update.
     */
    void write(int groupCount, FieldVector out);

    /** Releases what the accumulator allocated; called once, also when the query fails. */
    @Override
    default void close() {}
}
