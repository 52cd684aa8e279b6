/**
 * The port through which extensions add functions to sessions: {@link io.codeanatomy.engine.core.spi.function.FunctionRegistrar}
 * (offered by {@code ExtensionContext.registrar(FunctionRegistrar.class)}) takes
 * {@link io.codeanatomy.engine.core.spi.function.ScalarFunctionDef}s,
 * {@link io.codeanatomy.engine.core.spi.function.AggregateFunctionDef}s and
 * {@link io.codeanatomy.engine.core.spi.function.WindowFunctionDef}s whose implementations work on whole Arrow vectors.
 */
package io.codeanatomy.engine.core.spi.function;
