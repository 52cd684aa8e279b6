package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.CatalogException;
import io.codeanatomy.engine.core.internal.plan.FunctionOperators;
import io.codeanatomy.engine.core.spi.function.AggregateFunctionDef;
import io.codeanatomy.engine.core.spi.function.FunctionRegistrar;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.core.spi.function.WindowFunctionDef;
import io.codeanatomy.engine.core.internal.plan.ExtensionFunctions;
import io.codeanatomy.engine.core.spi.TableFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/** The {@link FunctionRegistrar} a session offers while it is built; frozen into the session's state afterwards. */
final class SessionFunctions implements FunctionRegistrar {
    private final List<ScalarFunctionDef> functions = new ArrayList<>();
    private final List<AggregateFunctionDef> aggregates = new ArrayList<>();
    private final List<WindowFunctionDef> windows = new ArrayList<>();
    private final Map<String, String> byName = new HashMap<>();    // name -> "provider version"

    @Override
    public void registerScalar(ScalarFunctionDef function) {
        FunctionOperators.check(function.name(), function.returnType());
        claim(function.allNames(), function.provider(), function.providerVersion());
        functions.add(function);
    }

    @Override
    public void registerAggregate(AggregateFunctionDef function) {
        FunctionOperators.check(function.name(), function.returnType());
        claim(function.allNames(), function.provider(), function.providerVersion());
        aggregates.add(function);
    }

    @Override
    public void registerWindow(WindowFunctionDef function) {
        FunctionOperators.check(function.name(), function.returnType());
        claim(function.allNames(), function.provider(), function.providerVersion());
        windows.add(function);
    }

    @Override
    public List<WindowFunctionDef> windowFunctions() {
        return List.copyOf(windows);
    }

    /** What was registered, for the frozen session. */
    ExtensionFunctions freeze(Map<String, TableFunction> tableFunctions) {
        return new ExtensionFunctions(functions, aggregates, windows, tableFunctions);
    }

    private void claim(List<String> names, String provider, String version) {
        for (String name : names) {
            String key = name.toLowerCase(Locale.ROOT);
            String previous = byName.get(key);
            if (previous != null) {
                throw new CatalogException("Function '" + key + "' is already registered by " + previous
                        + "; " + provider + " cannot register it again");
            }
            if (isBuiltIn(key)) {
                throw new CatalogException("Function '" + key + "' is a built-in SQL function and cannot be redefined by "
                        + provider);
            }
        }
        names.forEach(n -> byName.put(n.toLowerCase(Locale.ROOT), provider + " " + version));
    }

    private static boolean isBuiltIn(String name) {
        return BuiltIns.NAMES.contains(name.toUpperCase(Locale.ROOT));
    }

    /** The standard operator table's function names, collected once: a case-insensitive lookup scans every operator. */
    private static final class BuiltIns {
        static final java.util.Set<String> NAMES = SqlStdOperatorTable.instance().getOperatorList().stream()
                .filter(op -> op.getSyntax() == SqlSyntax.FUNCTION || op.getSyntax() == SqlSyntax.FUNCTION_ID
                        || op.getSyntax() == SqlSyntax.FUNCTION_STAR)
                .map(op -> op.getName().toUpperCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public List<ScalarFunctionDef> scalarFunctions() {
        return List.copyOf(functions);
    }

    @Override
    public List<AggregateFunctionDef> aggregateFunctions() {
        return List.copyOf(aggregates);
    }
}
