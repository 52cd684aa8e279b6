package io.codeanatomy.semantics;

import java.util.Objects;

/**
 * One named view of the code property graph: a SQL query over extracted tables and other views.
 *
 * @param name        the table name the view's rows get, lower case
 * @param sql         a single SELECT
 * @param description what the rows are, for docs and manifests
 * @since 0.1
 */
public record ViewDef(String name, String sql, String description) {
    public ViewDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(description, "description");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("View name '" + name + "' must be lower case letters, digits and _");
        }
    }
}
