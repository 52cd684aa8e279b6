package io.codeanatomy.engine.core;

/**
 * A valid statement the planner could not turn into an executable plan (an unsupported construct, a failing rule).
 *
 * @since 0.1
 */
public class PlanningException extends CodeAnatomyException {
    private static final long serialVersionUID = 1L;

    public PlanningException(String message) {
        super(message);
    }

    public PlanningException(String message, Throwable cause) {
        super(message, cause);
    }
}
