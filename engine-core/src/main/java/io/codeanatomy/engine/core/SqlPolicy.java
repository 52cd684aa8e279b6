package io.codeanatomy.engine.core;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which statements a session may run. DDL and DML each need their switch and their kind in
 * {@code allowedStatementKinds}; queries and utility statements need only their kind.
 *
 * @param allowDdl              master switch for CREATE/DROP
 * @param allowDml              master switch for INSERT/UPDATE/DELETE/MERGE
 * @param allowedStatementKinds the statement kinds allowed at all; iteration follows the enum order
 * @since 0.1
 */
public record SqlPolicy(boolean allowDdl, boolean allowDml, Set<StatementKind> allowedStatementKinds) {

    public SqlPolicy {
        Objects.requireNonNull(allowedStatementKinds, "allowedStatementKinds");
        if (allowedStatementKinds.stream().anyMatch(Objects::isNull)) {
            throw new InvalidProfileException("sql.allowedStatementKinds", allowedStatementKinds, "statement kinds, no null");
        }
        allowedStatementKinds = allowedStatementKinds.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(StatementKind.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(allowedStatementKinds));
    }

    /** Queries and utility statements only: what an analyst's session should run. */
    public static SqlPolicy readOnly() {
        EnumSet<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
        for (StatementKind kind : StatementKind.values()) {
            if (kind.category() == StatementCategory.QUERY || kind.category() == StatementCategory.UTILITY) {
                kinds.add(kind);
            }
        }
        return new SqlPolicy(false, false, kinds);
    }

    /** Every statement kind, DDL and DML included. */
    public static SqlPolicy readWrite() {
        return new SqlPolicy(true, true, EnumSet.allOf(StatementKind.class));
    }

    public SqlPolicy withAllowDdl(boolean allow) {
        return new SqlPolicy(allow, allowDml, allowedStatementKinds);
    }

    public SqlPolicy withAllowDml(boolean allow) {
        return new SqlPolicy(allowDdl, allow, allowedStatementKinds);
    }

    public SqlPolicy withAllowedStatementKinds(Set<StatementKind> kinds) {
        return new SqlPolicy(allowDdl, allowDml, kinds);
    }

    /**
     * The rule that refuses {@code kind}, or {@code null} when the policy allows it.
     * Rules are named after the profile fields: {@code sql.allowDdl}, {@code sql.allowDml}, {@code sql.allowedStatementKinds}.
     */
    public String refusingRule(StatementKind kind) {
        Objects.requireNonNull(kind, "kind");
        if (kind.category() == StatementCategory.DDL && !allowDdl) {
            return "sql.allowDdl";
        }
        if (kind.category() == StatementCategory.DML && !allowDml) {
            return "sql.allowDml";
        }
        if (!allowedStatementKinds.contains(kind)) {
            return "sql.allowedStatementKinds";
        }
        return null;
    }
}
