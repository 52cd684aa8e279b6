package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.plan.RuleApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptListener;
import org.apache.calcite.rel.RelNode;

/**
 * Records what happens while one statement is planned: the time of each phase and, when tracing, every successful
 * rule application (through a Calcite {@link RelOptListener}, which sees rules in the deterministic order Hep applies
 * them). A statement is planned without the trace, which digests and estimates the plan at every rule application
 * (a tenth of the planning time); {@link QueryPlanner#trace} plans it again with one when a plan bundle asks.
 */
public final class PlanCapture {
    private final List<RuleApplication> trace = new ArrayList<>();
    private final Map<String, Double> phaseMillis = new LinkedHashMap<>();
    private final SubtreeDigests digests;

    private PlanCapture(boolean tracing) {
        this.digests = tracing ? new SubtreeDigests() : null;
    }

    /** Phase times only. */
    public static PlanCapture timings() {
        return new PlanCapture(false);
    }

    /** Phase times and the rule applications. */
    static PlanCapture tracing() {
        return new PlanCapture(true);
    }

    public List<RuleApplication> trace() {
        return List.copyOf(trace);
    }

    public Map<String, Double> phaseMillis() {
        return Map.copyOf(phaseMillis);
    }

    public void time(String phase, long startNanos) {
        phaseMillis.merge(phase, (System.nanoTime() - startNanos) / 1e6, Double::sum);
    }

    /** A listener recording the rules of one phase; null when not tracing. */
    RelOptListener listener(String phase) {
        if (digests == null) {
            return null;
        }
        return new RelOptListener() {
            private RelNode attempted;

            // Only the matched rel is kept here: digesting it on every attempt (most attempts produce nothing) was
            // most of the planning time of 30-table joins.
            @Override
            public void ruleAttempted(RuleAttemptedEvent event) {
                if (event.isBefore()) {
                    attempted = event.getRel();
                }
            }

            @Override
            public void ruleProductionSucceeded(RuleProductionEvent event) {
                if (event.isBefore() || event.getRel() == null) {
                    return;
                }
                trace.add(new RuleApplication(trace.size(), phase, event.getRuleCall().getRule().toString(),
                        digests.digest(attempted), digests.digest(event.getRel()), rows(attempted),
                        rows(event.getRel())));
            }

            @Override
            public void relEquivalenceFound(RelEquivalenceEvent event) {}

            @Override
            public void relDiscarded(RelDiscardedEvent event) {}

            @Override
            public void relChosen(RelChosenEvent event) {}
        };
    }

    private static double rows(RelNode rel) {
        try {
            Double rows = rel.getCluster().getMetadataQuery().getRowCount(rel);
            return rows == null ? -1 : rows;
        } catch (RuntimeException e) {
            return -1; // metadata is best-effort in a trace; a failure here must not fail planning
        }
    }

}
