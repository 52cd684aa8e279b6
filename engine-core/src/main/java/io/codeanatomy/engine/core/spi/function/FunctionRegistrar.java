package io.codeanatomy.engine.core.spi.function;

import java.util.List;

/**
 * Where extensions register functions while a session is built:
 * {@code context.registrar(FunctionRegistrar.class).registerScalar(def)}. Names (and aliases) are unique per
 * session and may not shadow a built-in SQL function.
 *
 * @since 0.1
 */
public interface FunctionRegistrar {
    /** @throws io.codeanatomy.engine.core.CatalogException if the name or an alias is already taken */
    void registerScalar(ScalarFunctionDef function);

    /** Every scalar function registered so far, in registration order. */
    List<ScalarFunctionDef> scalarFunctions();

    /**
     * Registers an aggregate function; names share one namespace with scalar functions.
     *
     * @throws io.codeanatomy.engine.core.CatalogException if the name or an alias is already taken
     */
    void registerAggregate(AggregateFunctionDef function);

    /** Every aggregate function registered so far, in registration order. */
    List<AggregateFunctionDef> aggregateFunctions();

    /**
     * Registers a window function; names share one namespace with scalar and aggregate functions.
     *
     * @throws io.codeanatomy.engine.core.CatalogException if the name or an alias is already taken
     */
    void registerWindow(WindowFunctionDef function);

    /** Every window function registered so far, in registration order. */
    List<WindowFunctionDef> windowFunctions();
}
