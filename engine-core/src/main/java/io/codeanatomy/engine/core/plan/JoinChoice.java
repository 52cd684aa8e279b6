package io.codeanatomy.engine.core.plan;

import io.codeanatomy.engine.core.JoinType;
import java.util.Objects;

/**
 * How the physical planner chose the build side of one join: which input is hashed and what decided it. Inputs are
 * those of the optimized logical join ({@code left}, {@code right}); the physical hash join always builds its right
 * child, so a join that builds {@link Side#LEFT} runs with its inputs swapped.
 *
 * @param type       the join type
 * @param leftTable  the one table the left input reads ({@code schema.table}), or null when it reads several or none
 * @param rightTable likewise for the right input
 * @param leftRows   the planner's row estimate for the left input, -1 when unknown
 * @param rightRows  likewise for the right input
 * @param build      the input whose rows are hashed
 * @param decidedBy  what chose it
 * @param note       why a hint was not followed, or empty
 * @since 0.1
 */
public record JoinChoice(JoinType type, String leftTable, String rightTable, double leftRows, double rightRows,
                         Side build, Source decidedBy, String note) {
    public JoinChoice {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(decidedBy, "decidedBy");
        note = note == null ? "" : note;
    }

    /** A join input. */
    public enum Side { LEFT, RIGHT }

    /** What chose the build side. */
    public enum Source {
        /** A {@code BUILD} hint (SQL) or {@code DataFrame.buildSide} named one input's table. */
        HINT,
        /**
         * An inner (or semi, anti) equi-join: the input whose table costs less is built, by its row estimate and the
         * columns the table stores.
         */
        ESTIMATE,
        /** The join type (outer, semi, anti) or a missing equality key fixes the right input as build side. */
        FIXED
    }

    /** The table of the built input, or null when it reads several tables. */
    public String buildTable() {
        return build == Side.LEFT ? leftTable : rightTable;
    }
}
