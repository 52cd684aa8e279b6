package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.plan.RuleApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptListener;
import org.apache.calcite.rel.RelNode;

/**
 * Records what happens while one statement is planned: every successful rule application (through a Calcite
 * {@link RelOptListener}, which sees rules in the deterministic order Hep applies them) and the time of each phase.
 */
public final class PlanCapture {
    private final List<RuleApplication> trace = new ArrayList<>();
    private final Map<String, Double> phaseMillis = new LinkedHashMap<>();
    private final SubtreeDigests digests = new SubtreeDigests();

    public List<RuleApplication> trace() {
        return List.copyOf(trace);
    }

    public Map<String, Double> phaseMillis() {
        return Map.copyOf(phaseMillis);
    }

    public void time(String phase, long startNanos) {
        phaseMillis.merge(phase, (System.nanoTime() - startNanos) / 1e6, Double::sum);
    }

    /** A listener recording the rules of one phase. */
    RelOptListener listener(String phase) {
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
