package io.codeanatomy.engine.core;

/**
 * A query needed more memory than its profile allows. Names the operator and the limit; all memory the query held
 * has been released and the session stays usable.
 *
 * @since 0.1
 */
public final class ResourceExhaustedException extends ExecutionException {
    private static final long serialVersionUID = 1L;
    private final String operator;
    private final long limitBytes;

    public ResourceExhaustedException(String operator, long limitBytes, Throwable cause) {
        super("Operator %s exceeded the memory limit of %d bytes (profile execution.memoryLimitBytes). "
                .formatted(operator, limitBytes)
                + "Raise the limit with profile.withExecution(...withMemoryLimitBytes(n)) or narrow the query.", cause);
        this.operator = operator;
        this.limitBytes = limitBytes;
    }

    public String operator() {
        return operator;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
