package io.codeanatomy.engine.core.spi.function;

import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * One partition of a window, as an extension window function sees it: rows in the window's order (ORDER BY, ties in
 * an unspecified but fixed order), the call's arguments as Arrow vectors of the matched signature's types, and for
 * every row its frame (from the {@code ROWS}/{@code RANGE} clause) and its peer group (rows equal on ORDER BY).
 * Positions are row indexes within the partition; ends are exclusive; a frame may be empty ({@code start >= end}).
 * Valid only during {@link WindowFunction#evaluate}.
 *
 * @since 0.1
 */
public interface WindowPartition {
    /** Rows in the partition (at least 1). */
    int rowCount();

    /** One vector per argument, {@link #rowCount()} long, in window order. NULLs included. */
    List<FieldVector> arguments();

    /** First row of row {@code row}'s frame. */
    int frameStart(int row);

    /** One past the last row of row {@code row}'s frame; {@code <= frameStart(row)} for an empty frame. */
    int frameEnd(int row);

    /** First row of row {@code row}'s peer group (all rows when the window has no ORDER BY). */
    int peerStart(int row);

    /** One past the last row of row {@code row}'s peer group. */
    int peerEnd(int row);
}
