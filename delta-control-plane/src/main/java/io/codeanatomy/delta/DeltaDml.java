package io.codeanatomy.delta;

import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.ExpressionCompiler;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Guarded row-level changes to a Delta table. {@link #delete} and {@link #update} require a real predicate: null or
 * the literal TRUE is refused with a pointer to {@link #deleteAll} / {@link #updateAll}, which say it explicitly.
 * Only files whose statistics or partition values allow a match are read and rewritten. Conflicts with concurrent
 * writers are retried per the table's {@link RetryPolicy}, re-evaluating the predicate against the new version.
 *
 * @since 0.1
 */
public final class DeltaDml {
    private static final Expression TRUE = new Expression.Literal(true, ArrowType.Bool.INSTANCE);

    private DeltaDml() {}

    /** Deletes the rows where {@code predicate} is TRUE. */
    public static DmlMetrics delete(DeltaTable table, Expression predicate) {
        Objects.requireNonNull(table, "table");
        Guards.requirePredicate(predicate, "delete");
        return Rewrites.run(table, ExpressionCompiler.standard(), predicate, Map.of(), true);
    }

    /** Deletes every row in one commit, without reading any data file. */
    public static DmlMetrics deleteAll(DeltaTable table) {
        Objects.requireNonNull(table, "table");
        long[] rows = {0};
        int[] files = {0};
        DeltaCommit commit = Commits.retryWithPolicy(table, "DELETE", attempt -> {
            Snapshot snapshot = table.latest();
            List<Row> removes = new ArrayList<>();
            rows[0] = 0;
            for (Row file : ScanFiles.list(table, snapshot, java.util.Optional.empty())) {
                removes.add(ScanFiles.remove(file));
                rows[0] += Math.max(0, ScanFiles.numRecords(file));
            }
            files[0] = removes.size();
            return removes.isEmpty() ? null : new Commits.Prepared(
                    snapshot.buildUpdateTableTransaction(DeltaTable.ENGINE_INFO, Operation.WRITE).build(table.engine()), removes);
        });
        return new DmlMetrics(rows[0], 0, 0, files[0], 0,
                commit == null ? OptionalLong.empty() : OptionalLong.of(commit.version()), commit == null ? 0 : commit.attempts());
    }

    /**
     * Sets {@code assignments} (column to a new value, evaluated against the old row) on rows where
     * {@code predicate} is TRUE.
     */
    public static DmlMetrics update(DeltaTable table, Map<String, Expression> assignments, Expression predicate) {
        Objects.requireNonNull(table, "table");
        requireAssignments(assignments);
        Guards.requirePredicate(predicate, "update");
        return Rewrites.run(table, ExpressionCompiler.standard(), predicate, assignments, false);
    }

    /** Sets {@code assignments} on every row. */
    public static DmlMetrics updateAll(DeltaTable table, Map<String, Expression> assignments) {
        Objects.requireNonNull(table, "table");
        requireAssignments(assignments);
        return Rewrites.run(table, ExpressionCompiler.standard(), TRUE, assignments, false);
    }

    private static void requireAssignments(Map<String, Expression> assignments) {
        if (assignments == null || assignments.isEmpty()) {
            throw new IllegalArgumentException("update needs at least one assignment (column -> new value)");
        }
    }
}
