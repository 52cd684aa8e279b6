package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.expr.VectorFunctionCall;
import io.codeanatomy.engine.core.internal.sql.SqlTypes;
import io.codeanatomy.engine.core.internal.exec.agg.AggregateCall;
import io.codeanatomy.engine.core.spi.function.AggregateFunctionDef;
import io.codeanatomy.engine.core.spi.function.FunctionSignature;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.core.spi.function.Volatility;
import io.codeanatomy.engine.core.spi.function.WindowFunctionDef;
import io.codeanatomy.engine.core.internal.exec.op.WindowNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.util.Optionality;

/** Extension functions as Calcite operators: validated against their signatures, compiled to vectorized calls. */
public final class FunctionOperators {
    private FunctionOperators() {}

    /** One operator per name and alias of every function. */
    static SqlOperatorTable table(ExtensionFunctions registered) {
        List<SqlOperator> operators = new ArrayList<>();
        for (ScalarFunctionDef function : registered.scalars()) {
            Field result = SqlTypes.parse(function.name(), function.returnType());
            for (String name : function.allNames()) {
                operators.add(new ExtensionFunction(name, function, result));
            }
        }
        for (AggregateFunctionDef function : registered.aggregates()) {
            Field result = SqlTypes.parse(function.name(), function.returnType());
            for (String name : function.allNames()) {
                operators.add(new ExtensionAggregate(name, function, result));
            }
        }
        for (WindowFunctionDef function : registered.windows()) {
            Field result = SqlTypes.parse(function.name(), function.returnType());
            for (String name : function.allNames()) {
                operators.add(new ExtensionWindow(name, function, result));
            }
        }
        return SqlOperatorTables.of(operators);
    }

    /** The binding of an aggregate call of an extension aggregate, or null when the call is not one. */
    static AggregateCall.ExtensionBinding aggregate(org.apache.calcite.rel.core.AggregateCall call, RelDataType inputType) {
        if (!(call.getAggregation() instanceof ExtensionAggregate function)) {
            return null;
        }
        List<RelDataType> types = call.getArgList().stream().map(i -> inputType.getFieldList().get(i).getType()).toList();
        FunctionSignature signature = signatureFor(function.definition.name(), function.definition.signatures(), types);
        List<org.apache.arrow.vector.types.pojo.ArrowType> argumentTypes = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            argumentTypes.add(signature.argument(i));
        }
        return new AggregateCall.ExtensionBinding(function.definition, argumentTypes, function.result);
    }

    /**
     * The extension behind a window call ({@code operator} applied to arguments of {@code types}): an extension window
     * function or an extension aggregate used with OVER; null for a built-in.
     */
    static WindowNode.Extension windowExtension(SqlOperator operator, List<RelDataType> types) {
        return switch (operator) {
            case ExtensionWindow w -> new WindowNode.Extension.Window(w.definition,
                    argumentTypes(signatureFor(w.definition.name(), w.definition.signatures(), types), types.size()), w.result);
            case ExtensionAggregate a -> new WindowNode.Extension.Aggregate(new AggregateCall.ExtensionBinding(a.definition,
                    argumentTypes(signatureFor(a.definition.name(), a.definition.signatures(), types), types.size()), a.result));
            default -> null;
        };
    }

    private static List<org.apache.arrow.vector.types.pojo.ArrowType> argumentTypes(FunctionSignature signature, int count) {
        List<org.apache.arrow.vector.types.pojo.ArrowType> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(signature.argument(i));
        }
        return out;
    }

    /** The physical call for a RexCall of an extension function, or null when the call is not one. */
    static PhysicalExpr compile(RexCall call, List<PhysicalExpr> args) {
        if (!(call.getOperator() instanceof ExtensionFunction function)) {
            return null;
        }
        FunctionSignature signature = function.signatureFor(call.getOperands().stream().map(o -> o.getType()).toList());
        List<PhysicalExpr> cast = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            cast.add(RexCompiler.castTo(args.get(i), signature.argument(i)));
        }
        return new VectorFunctionCall(function.definition, cast, function.result);
    }

    /** Checks the structure of a function declaration (its return type parses) when it is registered. */
    public static void check(String name, String returnType) {
        SqlTypes.parse(name, returnType);
    }

    private static FunctionSignature signatureFor(String name, List<FunctionSignature> signatures, List<RelDataType> types) {
        for (FunctionSignature signature : signatures) {
            if (SignatureChecker.matches(signature, types)) {
                return signature;
            }
        }
        throw new IllegalStateException("no signature of " + name + " matches " + types);
    }

    static final class ExtensionAggregate extends SqlAggFunction {
        private final AggregateFunctionDef definition;
        private final Field result;

        ExtensionAggregate(String name, AggregateFunctionDef definition, Field result) {
            super(name.toUpperCase(Locale.ROOT), null, SqlKind.OTHER_FUNCTION,
                    binding -> binding.getTypeFactory().createTypeWithNullability(
                            TypeMapping.relType(binding.getTypeFactory(), result), true),
                    null, new SignatureChecker(definition.name(), definition.signatures()),
                    SqlFunctionCategory.USER_DEFINED_FUNCTION, false, false, Optionality.FORBIDDEN);
            this.definition = definition;
            this.result = result;
        }

        @Override
        public boolean isDeterministic() {
            return definition.volatility() != Volatility.VOLATILE;
        }
    }

    /** A window-only function: Calcite requires OVER and allows ROWS/RANGE frames. */
    static final class ExtensionWindow extends SqlAggFunction {
        private final WindowFunctionDef definition;
        private final Field result;

        ExtensionWindow(String name, WindowFunctionDef definition, Field result) {
            super(name.toUpperCase(Locale.ROOT), null, SqlKind.OTHER_FUNCTION,
                    binding -> binding.getTypeFactory().createTypeWithNullability(
                            TypeMapping.relType(binding.getTypeFactory(), result), true),
                    null, new SignatureChecker(definition.name(), definition.signatures()),
                    SqlFunctionCategory.USER_DEFINED_FUNCTION, false, true, Optionality.FORBIDDEN);
            this.definition = definition;
            this.result = result;
        }

        @Override
        public boolean allowsFraming() {
            return true;
        }

        @Override
        public boolean isDeterministic() {
            return definition.volatility() != Volatility.VOLATILE;
        }
    }

    /**
     * Whether {@code operator} is an extension scalar function whose result may change between statements (STABLE):
     * a plan that folded a call of it holds the value of one statement.
     */
    static boolean stable(org.apache.calcite.sql.SqlOperator operator) {
        return operator instanceof ExtensionFunction function && function.definition.volatility() == Volatility.STABLE;
    }

    static final class ExtensionFunction extends SqlFunction {
        private final ScalarFunctionDef definition;
        private final Field result;

        ExtensionFunction(String name, ScalarFunctionDef definition, Field result) {
            super(name.toUpperCase(Locale.ROOT), SqlKind.OTHER_FUNCTION,
                    binding -> binding.getTypeFactory().createTypeWithNullability(
                            TypeMapping.relType(binding.getTypeFactory(), result), true),
                    null, new SignatureChecker(definition.name(), definition.signatures()),
                    SqlFunctionCategory.USER_DEFINED_FUNCTION);
            this.definition = definition;
            this.result = result;
        }

        @Override
        public boolean isDeterministic() {
            return definition.volatility() != Volatility.VOLATILE;
        }

        FunctionSignature signatureFor(List<RelDataType> types) {
            return FunctionOperators.signatureFor(definition.name(), definition.signatures(), types);
        }
    }

    /** Accepts argument lists that fit a signature by count and by type family (numbers fit numbers, NULL fits all). */
    private record SignatureChecker(String name, List<FunctionSignature> signatures) implements SqlOperandTypeChecker {
        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            List<RelDataType> types = new ArrayList<>();
            for (int i = 0; i < binding.getOperandCount(); i++) {
                types.add(binding.getOperandType(i));
            }
            for (FunctionSignature signature : signatures) {
                if (matches(signature, types)) {
                    return true;
                }
            }
            if (throwOnFailure) {
                throw binding.newValidationSignatureError();
            }
            return false;
        }

        static boolean matches(FunctionSignature signature, List<RelDataType> types) {
            if (!signature.accepts(types.size())) {
                return false;
            }
            for (int i = 0; i < types.size(); i++) {
                RelDataType actual = types.get(i);
                if (actual.getSqlTypeName() == SqlTypeName.NULL) {
                    continue;
                }
                SqlTypeFamily wanted = family(signature.argument(i));
                if (wanted != null && !wanted.contains(actual)) {
                    return false;
                }
            }
            return true;
        }

        private static SqlTypeFamily family(org.apache.arrow.vector.types.pojo.ArrowType type) {
            return switch (type) {
                case org.apache.arrow.vector.types.pojo.ArrowType.Int i -> SqlTypeFamily.NUMERIC;
                case org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint f -> SqlTypeFamily.NUMERIC;
                case org.apache.arrow.vector.types.pojo.ArrowType.Decimal d -> SqlTypeFamily.NUMERIC;
                case org.apache.arrow.vector.types.pojo.ArrowType.Utf8 u -> SqlTypeFamily.CHARACTER;
                case org.apache.arrow.vector.types.pojo.ArrowType.Binary b -> SqlTypeFamily.BINARY;
                case org.apache.arrow.vector.types.pojo.ArrowType.Bool b -> SqlTypeFamily.BOOLEAN;
                case org.apache.arrow.vector.types.pojo.ArrowType.Date d -> SqlTypeFamily.DATE;
                case org.apache.arrow.vector.types.pojo.ArrowType.Timestamp t -> SqlTypeFamily.TIMESTAMP;
                default -> null; // nested types: any value, checked by the implementation
            };
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (FunctionSignature signature : signatures) {
                min = Math.min(min, signature.variadic() ? signature.arguments().size() - 1 : signature.arguments().size());
                max = signature.variadic() ? -1 : (max < 0 ? max : Math.max(max, signature.arguments().size()));
            }
            return max < 0 ? SqlOperandCountRanges.from(min) : SqlOperandCountRanges.between(min, max);
        }

        @Override
        public String getAllowedSignatures(SqlOperator op, String opName) {
            List<String> lines = new ArrayList<>();
            for (FunctionSignature signature : signatures) {
                List<String> args = new ArrayList<>();
                for (var type : signature.arguments()) {
                    args.add(io.codeanatomy.engine.core.internal.exec.expr.Casts.sqlName(type).toUpperCase(Locale.ROOT));
                }
                lines.add(name + "(" + String.join(", ", args) + (signature.variadic() ? "..." : "") + ")");
            }
            return String.join("\n", lines);
        }

        @Override
        public boolean isOptional(int i) {
            return false;
        }
    }

}
