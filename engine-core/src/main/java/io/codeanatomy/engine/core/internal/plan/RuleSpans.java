package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.PlanningException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import org.apache.calcite.plan.RelOptListener;

/**
 * One OpenTelemetry span per successful rule application (phase, rule, plan digest before and after), and the
 * translation of a rule's exception into a {@link PlanningException} naming the rule, recorded on a span.
 */
final class RuleSpans implements RelOptListener {
    private final Tracer tracer;
    private final String phase;
    private String attemptedRule;

    RuleSpans(Tracer tracer, String phase) {
        this.tracer = tracer;
        this.phase = phase;
    }

    @Override
    public void ruleAttempted(RuleAttemptedEvent event) {
        if (event.isBefore()) {
            attemptedRule = event.getRuleCall().getRule().toString();
        }
    }

    @Override
    public void ruleProductionSucceeded(RuleProductionEvent event) {
        if (event.isBefore() || event.getRel() == null) {
            return;
        }
        Span span = tracer.spanBuilder("planner.rule")
                .setAttribute("codeanatomy.planner.phase", phase)
                .setAttribute("codeanatomy.planner.rule", event.getRuleCall().getRule().toString())
                .startSpan();
        if (span.isRecording()) {
            // digests cost a plan rendering each: only when someone records the span
            span.setAttribute("codeanatomy.plan.digest_before", PlanDigests.digest(event.getRuleCall().rel(0)));
            span.setAttribute("codeanatomy.plan.digest_after", PlanDigests.digest(event.getRel()));
        }
        span.end();
    }

    /** The planning error for an exception thrown while rules ran, naming the rule that was running. */
    PlanningException failed(RuntimeException e) {
        String rule = attemptedRule == null ? "(no rule)" : attemptedRule;
        Span span = tracer.spanBuilder("planner.rule")
                .setAttribute("codeanatomy.planner.phase", phase)
                .setAttribute("codeanatomy.planner.rule", rule)
                .startSpan();
        span.recordException(e);
        span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
        span.end();
        if (e instanceof PlanningException planning && planning.getMessage().contains(rule)) {
            return planning;
        }
        return new PlanningException("Optimizer rule " + rule + " failed in phase " + phase + ": " + e.getMessage(), e);
    }

    @Override
    public void relEquivalenceFound(RelEquivalenceEvent event) {}

    @Override
    public void relDiscarded(RelDiscardedEvent event) {}

    @Override
    public void relChosen(RelChosenEvent event) {}
}
