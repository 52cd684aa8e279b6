package io.codeanatomy.relspec;

import io.codeanatomy.engine.core.plan.JoinChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Derives the join hints of one plan from what relspec knows better than the planner's estimates: the actual row
 * counts of extracted tables and of views already materialized. A join gets a hint only when both of its inputs are
 * single tables of known size, and a table is hinted only when every join it is a direct input of agrees (the other
 * input known and larger), because the engine applies a hint to each such join of the plan.
 */
final class JoinHints {
    private JoinHints() {}

    /**
     * @param view      the view (or output) the plan is for, for the decisions
     * @param joins     the plan's joins as the engine would run it without hints ({@code DataFrame.joinChoices()})
     * @param knownRows actual row counts by table name (unqualified, lower case)
     * @return one decision per hinted join, in plan order; empty when no join qualifies
     */
    static List<JoinHintDecision> derive(String view, List<JoinChoice> joins, Map<String, Long> knownRows) {
        Map<String, List<JoinHintDecision>> byBuild = new LinkedHashMap<>();
        for (JoinChoice join : joins) {
            Long left = rows(join.leftTable(), knownRows);
            Long right = rows(join.rightTable(), knownRows);
            if (join.decidedBy() == JoinChoice.Source.FIXED || left == null || right == null
                    || join.leftTable().equalsIgnoreCase(join.rightTable()) || left.equals(right)) {
                continue;       // the join type fixes the side, a size is unknown, a self-join, or either side is as good
            }
            boolean buildLeft = left < right;
            String build = name(buildLeft ? join.leftTable() : join.rightTable());
            String probe = name(buildLeft ? join.rightTable() : join.leftTable());
            long buildRows = Math.min(left, right);
            long probeRows = Math.max(left, right);
            boolean changes = (join.build() == JoinChoice.Side.LEFT) != buildLeft;
            String rationale = "build " + build + " (" + rowCount(buildRows) + ") not " + probe + " (" + rowCount(probeRows)
                    + "): actual counts; "
                    + (changes ? "the estimate (" + estimate(buildLeft ? join.leftRows() : join.rightRows()) + " vs "
                            + estimate(buildLeft ? join.rightRows() : join.leftRows()) + " rows) would have built " + probe
                            : "confirms the estimate");
            byBuild.computeIfAbsent(build, k -> new ArrayList<>())
                    .add(new JoinHintDecision(view, build, buildRows, probe, probeRows, changes, rationale));
        }
        // a join that occurs several times in the plan (a view read twice, union branches) is one decision
        java.util.Set<JoinHintDecision> decisions = new java.util.LinkedHashSet<>();
        byBuild.forEach((build, hinted) -> {
            if (agreesEverywhere(build, joins, knownRows)) {
                decisions.addAll(hinted);
            }
        });
        return List.copyOf(decisions);
    }

    /** Whether hinting {@code build} is right for every join of the plan that has it as a whole input. */
    private static boolean agreesEverywhere(String build, List<JoinChoice> joins, Map<String, Long> knownRows) {
        long buildRows = knownRows.get(build);
        for (JoinChoice join : joins) {
            String other;
            if (build.equals(name(join.leftTable()))) {
                other = join.rightTable();
            } else if (build.equals(name(join.rightTable()))) {
                other = join.leftTable();
            } else {
                continue;
            }
            if (join.decidedBy() == JoinChoice.Source.FIXED) {
                continue;       // the engine ignores hints there
            }
            Long otherRows = rows(other, knownRows);
            if (otherRows == null || otherRows <= buildRows) {
                return false;
            }
        }
        return true;
    }

    private static Long rows(String table, Map<String, Long> knownRows) {
        return table == null ? null : knownRows.get(name(table));
    }

    /** {@code main.calls_v1} -> {@code calls_v1}; null for null (an input that is no single table). */
    private static String name(String qualified) {
        return qualified == null ? null : qualified.substring(qualified.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    private static String rowCount(long rows) {
        return String.format(Locale.ROOT, "%,d", rows) + (rows == 1 ? " row" : " rows");
    }

    private static String estimate(double rows) {
        return rows < 0 ? "unknown" : String.format(Locale.ROOT, "%,d", Math.round(rows));
    }
}
