package io.codeanatomy.engine.ext;

import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.spi.function.FunctionDoc;
import io.codeanatomy.engine.core.spi.function.Volatility;

/**
 * A table function that documents itself, so that it appears in the {@link FunctionRegistrySnapshot} (and the
 * generated docs) like a scalar function. Table functions without it are listed with empty documentation.
 *
 * @since 0.1
 */
public interface DocumentedTableFunction extends TableFunction {
    FunctionDoc doc();

    /** The rows it yields, as a SQL type, e.g. {@code TABLE(left_path VARCHAR, ...)}. */
    String returnType();

    Volatility volatility();
}
