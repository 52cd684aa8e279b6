package io.codeanatomy.engine.core;

/**
 * A statement the session's {@link SqlPolicy} does not allow. Names the statement kind and the policy rule
 * that refused it, so the fix (a profile that allows it) is obvious.
 *
 * @since 0.1
 */
public final class SqlPolicyViolation extends CodeAnatomyException {
    private static final long serialVersionUID = 1L;
    private final StatementKind kind;
    private final String rule;

    public SqlPolicyViolation(StatementKind kind, String rule, String profileName) {
        super("%s statements are not allowed by the SQL policy of profile '%s' (rule %s). "
                .formatted(kind, profileName, rule)
                + "Build the session with a profile whose SqlPolicy allows it, e.g. profile.withSql(SqlPolicy.readWrite()).");
        this.kind = kind;
        this.rule = rule;
    }

    public StatementKind kind() {
        return kind;
    }

    /** The policy rule that refused the statement: {@code sql.allowDdl}, {@code sql.allowDml} or {@code sql.allowedStatementKinds}. */
    public String rule() {
        return rule;
    }
}
