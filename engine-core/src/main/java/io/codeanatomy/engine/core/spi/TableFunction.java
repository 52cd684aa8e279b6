package io.codeanatomy.engine.core.spi;

import java.util.List;

/**
 * A function used in FROM that yields a table, e.g. {@code delta_scan('file:///t')}. Arguments are constants,
 * already checked against {@link #parameters()}.
 *
 * @since 0.1
 */
public interface TableFunction {
    /** Name as written in SQL, lower case. */
    String name();

    /** Declared parameters in order; trailing optional ones may be omitted by callers. */
    List<Parameter> parameters();

    /** What it does, for {@code SHOW FUNCTIONS} and {@code information_schema.routines}; empty by default. */
    default io.codeanatomy.engine.core.spi.function.FunctionDoc doc() {
        return new io.codeanatomy.engine.core.spi.function.FunctionDoc("", "", "");
    }

    /** Binds arguments (one per parameter, null where an optional one was omitted) into a table. */
    TableProvider bind(SessionView session, List<Object> arguments);

    /**
     * One parameter of a table function.
     *
     * @param name     used for named arguments ({@code name => value})
     * @param type     the Java type of the constant: String, Long, Double, Boolean
     * @param optional whether callers may omit it
     */
    record Parameter(String name, Class<?> type, boolean optional) {
        public Parameter {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(type, "type");
        }
    }
}
