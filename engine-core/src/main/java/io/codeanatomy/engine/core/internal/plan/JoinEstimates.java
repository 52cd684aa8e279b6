package io.codeanatomy.engine.core.internal.plan;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Row counts of equi-joins from the distinct counts of their keys, where Calcite guesses a selectivity of 0.15 per
 * equality: an inner join of L and R rows on a key with dL and dR distinct values gives {@code L * R / max(dL, dR)}
 * (each key value of the side with fewer values meets its share of the other side's rows; with several keys, the
 * most selective one), at most L when the right key is unique (and R when the left one is), and a semi join keeps
 * the share {@code min(1, dR / dL)} of its left rows. With the guess, a join of six million lineitems with 400
 * suppliers was estimated at 360 million rows, so a semi join over it hashed the six million rows instead of the
 * 75 thousand it had (TPC-H q21). Joins without equality keys, or whose keys' distinct counts are unknown, keep
 * Calcite's estimate. Part of {@link EngineMetadata}; public for Calcite's generated dispatch, not API.
 */
public final class JoinEstimates implements MetadataHandler<BuiltInMetadata.RowCount> {
    JoinEstimates() {}

    private static double clamp(double distinct, double rows) {
        return Math.max(1, Math.min(distinct, rows));
    }

    @Override
    public MetadataDef<BuiltInMetadata.RowCount> getDef() {
        return BuiltInMetadata.RowCount.DEF;
    }

    /** The estimated rows of {@code join}; see the class comment. */
    public Double getRowCount(Join join, RelMetadataQuery mq) {
        JoinInfo info = join.analyzeCondition();
        Double left = mq.getRowCount(join.getLeft());
        Double right = mq.getRowCount(join.getRight());
        if (info.leftKeys.isEmpty() || left == null || right == null) {
            return RelMdUtil.getJoinRowCount(mq, join, join.getCondition());
        }
        // the most selective single equality decides; composite distinct counts (products capped at the row count)
        // were too far off: lineitem's (partkey, suppkey) looked six times as varied as partsupp's, all of which it has
        double perMatch = 1;
        for (int k = 0; k < info.leftKeys.size(); k++) {
            Double dl = mq.getDistinctRowCount(join.getLeft(), ImmutableBitSet.of(info.leftKeys.get(k)), null);
            Double dr = mq.getDistinctRowCount(join.getRight(), ImmutableBitSet.of(info.rightKeys.get(k)), null);
            if (dl == null || dr == null) {
                return RelMdUtil.getJoinRowCount(mq, join, join.getCondition());
            }
            perMatch = Math.max(perMatch, Math.max(clamp(dl, left), clamp(dr, right)));
        }
        double residual = info.isEqui() ? 1 : RelMdUtil.guessSelectivity(info.getRemaining(join.getCluster().getRexBuilder()));
        double inner = left * right / perMatch * residual;
        // a key on one side matches each row of the other side at most once (asked only when it would cap)
        if (inner > left && unique(join.getRight(), info.rightSet(), mq)) {
            inner = left;
        }
        if (inner > right && unique(join.getLeft(), info.leftSet(), mq)) {
            inner = right;
        }
        return switch (join.getJoinType()) {
            case INNER -> inner;
            case LEFT -> Math.max(inner, left);
            case RIGHT -> Math.max(inner, right);
            case FULL -> Math.max(inner, Math.max(left, right));
            case SEMI -> left * matchedShare(join, info, mq, left, right);
            // never estimate an anti join empty: one that keeps a few rows is the common case (NOT EXISTS of a
            // correlated condition that most rows meet)
            case ANTI -> left * Math.max(0.1, 1 - matchedShare(join, info, mq, left, right) * residual);
            default -> RelMdUtil.getJoinRowCount(mq, join, join.getCondition());
        };
    }

    /**
     * Whether {@code columns} of {@code rel} are unique, from the shape of the plan alone: scans (their tables' keys),
     * filters, projections of plain columns, aggregations' group keys, and joins whose other side matches each row
     * at most once; anything else answers no, which only leaves an estimate uncapped. Calcite's own answer pulls
     * predicates up through the whole input at every level, and join ordering asks for every candidate tree: it was
     * a fifth of the planning of TPC-H's many-join queries.
     */
    static boolean unique(RelNode rel, ImmutableBitSet columns, RelMetadataQuery mq) {
        rel = rel.stripped();
        if (columns.isEmpty()) {
            return false;
        }
        return switch (rel) {
            case ProviderScan scan -> Boolean.TRUE.equals(mq.areColumnsUnique(scan, columns));
            case Filter filter -> unique(filter.getInput(), columns, mq);
            case Sort sort -> unique(sort.getInput(), columns, mq);
            case Project project -> {
                ImmutableBitSet.Builder input = ImmutableBitSet.builder();
                for (int column : columns) {
                    if (project.getProjects().get(column) instanceof RexInputRef ref) {
                        input.set(ref.getIndex());   // a superset of unique columns is unique: keep the plain ones
                    }
                }
                yield unique(project.getInput(), input.build(), mq);
            }
            case Aggregate aggregate -> {
                int keys = aggregate.getGroupCount();
                if (aggregate.getGroupSets().size() != 1) {
                    yield false;
                }
                ImmutableBitSet groupColumns = ImmutableBitSet.range(keys);
                yield groupColumns.isEmpty() || columns.contains(groupColumns);
            }
            case Join join -> uniqueThroughJoin(join, columns, mq);
            default -> false;
        };
    }

    private static boolean uniqueThroughJoin(Join join, ImmutableBitSet columns, RelMetadataQuery mq) {
        int leftWidth = join.getLeft().getRowType().getFieldCount();
        if (!join.getJoinType().projectsRight()) {
            return unique(join.getLeft(), columns, mq);         // semi and anti joins keep left rows as they are
        }
        JoinInfo info = join.analyzeCondition();
        ImmutableBitSet leftColumns = columns.get(0, leftWidth);
        ImmutableBitSet rightColumns = columns.get(leftWidth, leftWidth + join.getRight().getRowType().getFieldCount())
                .shift(-leftWidth);
        // a row of one side stays unique when the other side matches it at most once
        boolean leftOnce = !info.rightKeys.isEmpty() && unique(join.getRight(), info.rightSet(), mq);
        boolean rightOnce = !info.leftKeys.isEmpty() && unique(join.getLeft(), info.leftSet(), mq);
        if (!leftColumns.isEmpty() && leftOnce && !join.getJoinType().generatesNullsOnLeft()
                && unique(join.getLeft(), leftColumns, mq)) {
            return true;
        }
        if (!rightColumns.isEmpty() && rightOnce && !join.getJoinType().generatesNullsOnRight()
                && unique(join.getRight(), rightColumns, mq)) {
            return true;
        }
        return !leftColumns.isEmpty() && !rightColumns.isEmpty() && unique(join.getLeft(), leftColumns, mq)
                && unique(join.getRight(), rightColumns, mq);
    }

    /** The share of the left side's key values the right side has too (asked only by semi and anti joins). */
    private static double matchedShare(Join join, JoinInfo info, RelMetadataQuery mq, double left, double right) {
        Double leftDistinct = mq.getDistinctRowCount(join.getLeft(), info.leftSet(), null);
        Double rightDistinct = mq.getDistinctRowCount(join.getRight(), info.rightSet(), null);
        return leftDistinct == null || rightDistinct == null ? 0.5
                : Math.min(1, clamp(rightDistinct, right) / clamp(leftDistinct, left));
    }
}
