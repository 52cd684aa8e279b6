package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.PlanningException;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.expr.Arithmetic;
import io.codeanatomy.engine.core.internal.exec.expr.Casts;
import io.codeanatomy.engine.core.internal.exec.expr.ColumnRef;
import io.codeanatomy.engine.core.internal.exec.expr.Comparisons;
import io.codeanatomy.engine.core.internal.exec.expr.Conditional;
import io.codeanatomy.engine.core.internal.exec.expr.ConstantArithmetic;
import io.codeanatomy.engine.core.internal.exec.expr.ConstantComparison;
import io.codeanatomy.engine.core.internal.exec.expr.InList;
import io.codeanatomy.engine.core.internal.exec.expr.Literal;
import io.codeanatomy.engine.core.internal.exec.expr.Logic;
import io.codeanatomy.engine.core.internal.exec.expr.ScalarCall;
import io.codeanatomy.engine.core.internal.exec.expr.ScalarFunctions;
import io.codeanatomy.engine.core.internal.exec.expr.ScalarKernel;
import io.codeanatomy.engine.core.internal.exec.expr.Shared;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.PhysicalKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Compiles Calcite row expressions into vectorized {@link PhysicalExpr}s over one input row type. Operand casts the
 * kernels rely on (common comparison types, arithmetic scales) are inserted here, so kernels stay monomorphic.
 */
public final class RexCompiler {
    private final RexBuilder rexBuilder;
    private final RelDataType inputType;
    /** While {@link #compileList} runs: the calls that occur more than once, and their {@link Shared}s once made. */
    private Set<RexNode> repeated = Set.of();
    private final Map<RexNode, PhysicalExpr> shared = new HashMap<>();

    public RexCompiler(RexBuilder rexBuilder, RelDataType inputType) {
        this.rexBuilder = rexBuilder;
        this.inputType = inputType;
    }

    private RelDataTypeFactory typeFactory() {
        return rexBuilder.getTypeFactory();
    }

    /**
     * Compiles a list of expressions evaluated over the same rows (a projection): a deterministic call over columns
     * that occurs more than once in the list (within one expression or across several) is compiled once, as a
     * {@link Shared} that each evaluation computes once for all its occurrences.
     */
    public List<PhysicalExpr> compileList(List<? extends RexNode> nodes) {
        Map<RexNode, Integer> occurrences = new HashMap<>();
        org.apache.calcite.rex.RexVisitor<Void> counter = new org.apache.calcite.rex.RexVisitorImpl<>(true) {
            @Override
            public Void visitCall(RexCall call) {
                occurrences.merge(call, 1, Integer::sum);
                return super.visitCall(call);
            }
        };
        nodes.forEach(node -> node.accept(counter));
        occurrences.entrySet().removeIf(e -> e.getValue() < 2 || RexUtil.isConstant(e.getKey())
                || !RexUtil.isDeterministic(e.getKey()));
        repeated = occurrences.keySet();
        try {
            return compileAll(nodes);
        } finally {
            repeated = Set.of();
            shared.clear();
        }
    }

    public List<PhysicalExpr> compileAll(List<? extends RexNode> nodes) {
        List<PhysicalExpr> out = new ArrayList<>(nodes.size());
        for (RexNode node : nodes) {
            out.add(compile(node));
        }
        return out;
    }

    public PhysicalExpr compile(RexNode node) {
        return switch (node) {
            case RexInputRef ref -> {
                RelDataType type = inputType.getFieldList().get(ref.getIndex()).getType();
                yield new ColumnRef(ref.getIndex(), TypeMapping.arrowType(type), type.isNullable(),
                        inputType.getFieldNames().get(ref.getIndex()));
            }
            case RexLiteral literal -> literal(literal);
            case RexCall call when repeated.contains(call) -> shared(call);
            case RexCall call -> folded(call, call(call));
            case org.apache.calcite.rex.RexFieldAccess access -> new io.codeanatomy.engine.core.internal.exec.expr.FieldAccess(
                    compile(access.getReferenceExpr()), access.getField().getName(), TypeMapping.arrowType(access.getType()));
            default -> throw new PlanningException("Expression " + node + " (" + node.getKind()
                    + ") cannot be executed here; correlated references must be decorrelated first");
        };
    }

    /** The one {@link Shared} of a call that occurs several times in the list being compiled. */
    private PhysicalExpr shared(RexCall call) {
        PhysicalExpr compiled = shared.get(call);
        if (compiled == null) {
            compiled = new Shared(call(call));       // its operands may be shared calls themselves
            shared.put(call, compiled);
        }
        return compiled;
    }

    /**
     * A call without column references ({@code DATE '1994-01-01' + INTERVAL '1' YEAR}) evaluated once here, with the
     * engine's own kernels, instead of once per row. Only fixed-width results, whose internal value a literal holds
     * as is; anything that fails to evaluate stays a call (and fails, if it must, at run time as before).
     */
    private static PhysicalExpr folded(RexCall call, PhysicalExpr compiled) {
        if (compiled instanceof Literal
                || !RexUtil.isConstant(call) || !RexUtil.isDeterministic(call)) {
            return compiled;
        }
        ArrowType type = TypeMapping.arrowType(call.getType());
        var kind = PhysicalKind.of(type);
        if (kind != PhysicalKind.LONG
                && kind != PhysicalKind.DOUBLE
                && kind != PhysicalKind.BOOL
                && kind != PhysicalKind.BYTES) {
            return compiled;
        }
        try {
            var column = compiled.evaluate(io.codeanatomy.engine.core.internal.exec.EvalInput.ofColumns(
                    new io.codeanatomy.engine.core.internal.exec.vector.Column[0], 1, null));
            return new Literal(column.get(0), type);
        } catch (RuntimeException e) {
            return compiled;
        }
    }

    /** A literal in the engine's internal representation. */
    public static Literal literal(RexLiteral literal) {
        RelDataType type = literal.getType();
        ArrowType arrow = TypeMapping.arrowType(type);
        if (literal.isNull()) {
            return new Literal(null, arrow);
        }
        Object value = switch (type.getSqlTypeName()) {
            case BOOLEAN -> literal.getValueAs(Boolean.class);
            case TINYINT, SMALLINT, INTEGER, BIGINT -> literal.getValueAs(Long.class);
            case DECIMAL -> literal.getValueAs(BigDecimal.class).setScale(type.getScale(), java.math.RoundingMode.HALF_UP);
            case REAL, FLOAT, DOUBLE -> literal.getValueAs(Double.class);
            case CHAR, VARCHAR -> literal.getValueAs(String.class);
            case BINARY, VARBINARY -> literal.getValueAs(ByteString.class).getBytes();
            case DATE -> (long) literal.getValueAs(Integer.class);
            case TIME -> literal.getValueAs(Integer.class) * 1000L;
            // from the literal's text: its millisecond value would drop microseconds
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> io.codeanatomy.engine.core.internal.exec.vector.Scalars.toMicros(
                    java.time.LocalDateTime.parse(literal.getValueAs(org.apache.calcite.util.TimestampString.class).toString()
                            .replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC));
            case INTERVAL_YEAR, INTERVAL_YEAR_MONTH, INTERVAL_MONTH -> literal.getValueAs(BigDecimal.class).longValueExact();
            case INTERVAL_DAY, INTERVAL_DAY_HOUR, INTERVAL_DAY_MINUTE, INTERVAL_DAY_SECOND, INTERVAL_HOUR,
                 INTERVAL_HOUR_MINUTE, INTERVAL_HOUR_SECOND, INTERVAL_MINUTE, INTERVAL_MINUTE_SECOND, INTERVAL_SECOND ->
                    literal.getValueAs(BigDecimal.class).longValueExact();
            case SYMBOL -> literal.getValue();
            default -> throw new PlanningException("Literal " + literal + " of type " + type + " is not supported");
        };
        return new Literal(value, arrow);
    }

    private PhysicalExpr call(RexCall call) {
        SqlKind kind = call.getKind();
        RelDataType type = call.getType();
        return switch (kind) {
            case SEARCH -> compile(RexUtil.expandSearch(rexBuilder, null, call));
            case AND -> {
                List<PhysicalExpr> terms = InList.grouped(compileAll(call.getOperands()), true);
                yield terms.size() == 1 ? terms.getFirst() : new Logic.And(terms);
            }
            case OR -> {
                List<PhysicalExpr> terms = InList.grouped(compileAll(call.getOperands()), false);
                yield terms.size() == 1 ? terms.getFirst() : new Logic.Or(terms);
            }
            case NOT -> new Logic.Not(compile(call.getOperands().getFirst()));
            case EQUALS -> comparison(call, Comparisons.Op.EQ);
            case NOT_EQUALS -> comparison(call, Comparisons.Op.NE);
            case LESS_THAN -> comparison(call, Comparisons.Op.LT);
            case LESS_THAN_OR_EQUAL -> comparison(call, Comparisons.Op.LE);
            case GREATER_THAN -> comparison(call, Comparisons.Op.GT);
            case GREATER_THAN_OR_EQUAL -> comparison(call, Comparisons.Op.GE);
            case IS_DISTINCT_FROM -> comparison(call, Comparisons.Op.IS_DISTINCT_FROM);
            case IS_NOT_DISTINCT_FROM -> comparison(call, Comparisons.Op.IS_NOT_DISTINCT_FROM);
            case IS_NULL -> new Conditional.IsNull(compile(call.getOperands().getFirst()), false);
            case IS_NOT_NULL -> new Conditional.IsNull(compile(call.getOperands().getFirst()), true);
            case IS_TRUE, IS_FALSE, IS_NOT_TRUE, IS_NOT_FALSE -> truthTest(call);
            case PLUS, MINUS, TIMES, DIVIDE, MOD -> arithmetic(call);
            case MINUS_PREFIX -> {
                PhysicalExpr operand = castTo(compile(call.getOperands().getFirst()), TypeMapping.arrowType(type));
                yield new ScalarCall("-", Arithmetic.negate(), List.of(operand), operand.type(), type.isNullable());
            }
            case PLUS_PREFIX -> compile(call.getOperands().getFirst());
            case CAST, SAFE_CAST -> castTo(compile(call.getOperands().getFirst()), TypeMapping.arrowType(type), type.isNullable());
            case CASE -> caseWhen(call);
            case COALESCE -> new Conditional.Coalesce(
                    castAll(compileAll(call.getOperands()), TypeMapping.arrowType(type)), TypeMapping.arrowType(type), type.isNullable());
            case EXTRACT -> {
                // a TimeUnitRange symbol, or a string when DATE_PART('year', x) arrives as EXTRACT
                Object unitValue = ((RexLiteral) call.getOperands().get(0)).getValue();
                String unit = (unitValue instanceof org.apache.calcite.util.NlsString text ? text.getValue()
                        : String.valueOf(unitValue)).toUpperCase(Locale.ROOT);
                PhysicalExpr source = compile(call.getOperands().get(1));
                if (!(source.type() instanceof ArrowType.Date || source.type() instanceof ArrowType.Timestamp)) {
                    throw new PlanningException("EXTRACT(" + unit + ") needs a date or timestamp, got " + call.getOperands().get(1).getType());
                }
                yield new ScalarCall("EXTRACT_" + unit, io.codeanatomy.engine.core.internal.exec.expr.TemporalFunctions.extract(unit),
                        List.of(source), TypeMapping.arrowType(type), type.isNullable());
            }
            case TRIM -> {
                String flag = String.valueOf(((RexLiteral) call.getOperands().get(0)).getValue()).toUpperCase(Locale.ROOT);
                PhysicalExpr chars = compile(call.getOperands().get(1));
                PhysicalExpr text = compile(call.getOperands().get(2));
                yield new ScalarCall("TRIM", (args, n, resultType) -> trim(flag, args, n, resultType), List.of(chars, text),
                        TypeMapping.arrowType(type), type.isNullable());
            }
            case NULLIF -> {
                // NULLIF(a, b) = CASE WHEN a = b THEN NULL ELSE a END
                RexNode a = call.getOperands().get(0);
                RexNode eq = rexBuilder.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.EQUALS, a, call.getOperands().get(1));
                yield compile(rexBuilder.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.CASE, eq,
                        rexBuilder.makeNullLiteral(type), rexBuilder.makeCast(type, a)));
            }
            default -> function(call);
        };
    }

    private static io.codeanatomy.engine.core.internal.exec.vector.Column trim(String flag,
            io.codeanatomy.engine.core.internal.exec.vector.Column[] args, int n, ArrowType type) {
        var chars = (io.codeanatomy.engine.core.internal.exec.vector.BytesColumn) args[0];
        var text = (io.codeanatomy.engine.core.internal.exec.vector.BytesColumn) args[1];
        var out = new io.codeanatomy.engine.core.internal.exec.vector.BytesColumn.Builder(type, n, text.data.length);
        for (int i = 0; i < n; i++) {
            if (chars.isNull(i) || text.isNull(i)) {
                out.appendNull();
                continue;
            }
            String set = chars.getString(i);
            String s = text.getString(i);
            int begin = 0;
            int end = s.length();
            if (!flag.equals("TRAILING")) {
                while (begin < end && set.indexOf(s.charAt(begin)) >= 0) {
                    begin++;
                }
            }
            if (!flag.equals("LEADING")) {
                while (end > begin && set.indexOf(s.charAt(end - 1)) >= 0) {
                    end--;
                }
            }
            out.append(s.substring(begin, end));
        }
        return out.build();
    }

    private PhysicalExpr truthTest(RexCall call) {
        PhysicalExpr operand = compile(call.getOperands().getFirst());
        boolean wantTrue = call.getKind() == SqlKind.IS_TRUE || call.getKind() == SqlKind.IS_NOT_TRUE;
        boolean negate = call.getKind() == SqlKind.IS_NOT_TRUE || call.getKind() == SqlKind.IS_NOT_FALSE;
        // x IS TRUE = x IS NOT DISTINCT FROM TRUE; IS NOT TRUE is its negation (never NULL either way).
        PhysicalExpr test = new ScalarCall("IS " + (wantTrue ? "TRUE" : "FALSE"),
                Comparisons.kernel(Comparisons.Op.IS_NOT_DISTINCT_FROM),
                List.of(operand, new Literal(wantTrue, ArrowType.Bool.INSTANCE)), ArrowType.Bool.INSTANCE, false);
        return negate ? new Logic.Not(test) : test;
    }

    private PhysicalExpr comparison(RexCall call, Comparisons.Op op) {
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        RelDataType common = commonType(left.getType(), right.getType());
        ArrowType arrow = TypeMapping.arrowType(common);
        PhysicalExpr a = foldedCast(castTo(compile(left), arrow));
        PhysicalExpr b = foldedCast(castTo(compile(right), arrow));
        String symbol = switch (op) {
            case EQ -> "=";
            case NE -> "<>";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
            case IS_DISTINCT_FROM -> "IS DISTINCT FROM";
            case IS_NOT_DISTINCT_FROM -> "IS NOT DISTINCT FROM";
        };
        // a column against a non-NULL constant compares in place, without a column of copies of the constant
        if (op != Comparisons.Op.IS_DISTINCT_FROM && op != Comparisons.Op.IS_NOT_DISTINCT_FROM) {
            if (b instanceof Literal l && l.value() != null && !(a instanceof Literal)) {
                ScalarKernel kernel = againstConstant(op, l, arrow);
                if (kernel != null) {
                    return new ConstantComparison(symbol, a, l, false, kernel, call.getType().isNullable());
                }
            }
            if (a instanceof Literal l && l.value() != null && !(b instanceof Literal)) {
                ScalarKernel kernel = againstConstant(op.flip(), l, arrow);
                if (kernel != null) {
                    return new ConstantComparison(symbol, b, l, true, kernel, call.getType().isNullable());
                }
            }
        }
        return new ScalarCall(symbol, Comparisons.kernel(op), List.of(a, b), ArrowType.Bool.INSTANCE, call.getType().isNullable());
    }

    /** The kernel comparing a column of type {@code arrow} with {@code constant}, or null when there is none. */
    private static ScalarKernel againstConstant(Comparisons.Op op, Literal constant, ArrowType arrow) {
        return switch (PhysicalKind.of(arrow)) {
            case BYTES -> Comparisons.againstConstant(op, bytes(constant.value()));
            case LONG -> {
                try {
                    yield Comparisons.againstLong(op, Columns.constantLong(arrow, constant.value()), constant);
                } catch (ArithmeticException | ClassCastException e) {
                    yield null;   // not representable as this column's long (a decimal wider than 64 bits)
                }
            }
            case DOUBLE -> constant.value() instanceof Number number
                    ? Comparisons.againstDouble(op, number.doubleValue(), constant) : null;
            default -> null;
        };
    }

    /** A cast of a literal (CHAR to VARCHAR, say) evaluated now, so the comparison sees a constant. */
    private static PhysicalExpr foldedCast(PhysicalExpr expr) {
        if (expr instanceof ScalarCall call && call.isDeterministic() && call.args().size() == 1
                && call.args().getFirst() instanceof Literal) {
            try {
                var column = call.evaluate(io.codeanatomy.engine.core.internal.exec.EvalInput.ofColumns(
                        new io.codeanatomy.engine.core.internal.exec.vector.Column[0], 1, null));
                return new Literal(column.get(0), call.type());
            } catch (RuntimeException e) {
                return expr;
            }
        }
        return expr;
    }

    private static byte[] bytes(Object value) {
        return value instanceof byte[] b ? b : value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The type both sides of a comparison are cast to. */
    private RelDataType commonType(RelDataType a, RelDataType b) {
        if (a.getSqlTypeName() == b.getSqlTypeName() && a.getSqlTypeName() != SqlTypeName.DECIMAL) {
            return a;
        }
        RelDataType common = typeFactory().leastRestrictive(List.of(a, b));
        if (common == null) {
            // e.g. string vs number: compare as numbers when one side is numeric (SQLite-like affinity)
            if (SqlTypeFamily.NUMERIC.contains(a)) {
                return a;
            }
            if (SqlTypeFamily.NUMERIC.contains(b)) {
                return b;
            }
            throw new PlanningException("Cannot compare " + a.getFullTypeString() + " with " + b.getFullTypeString());
        }
        return common;
    }

    private PhysicalExpr arithmetic(RexCall call) {
        RelDataType type = call.getType();
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        boolean leftTime = SqlTypeFamily.DATETIME.contains(left.getType());
        boolean rightTime = SqlTypeFamily.DATETIME.contains(right.getType());
        boolean leftInterval = SqlTypeFamily.DATETIME_INTERVAL.contains(left.getType());
        boolean rightInterval = SqlTypeFamily.DATETIME_INTERVAL.contains(right.getType());
        if ((leftTime && rightInterval) || (leftInterval && rightTime)) {
            int sign = call.getKind() == SqlKind.MINUS ? -1 : 1;
            return new ScalarCall(sign > 0 ? "+" : "-", io.codeanatomy.engine.core.internal.exec.expr.TemporalFunctions.plusInterval(sign, leftInterval),
                    List.of(compile(left), compile(right)), TypeMapping.arrowType(type), type.isNullable());
        }
        if (leftTime || rightTime || leftInterval || rightInterval) {
            return function(call);
        }
        Arithmetic.Op op = switch (call.getKind()) {
            case PLUS -> Arithmetic.Op.ADD;
            case MINUS -> Arithmetic.Op.SUBTRACT;
            case TIMES -> Arithmetic.Op.MULTIPLY;
            case DIVIDE -> Arithmetic.Op.DIVIDE;
            default -> Arithmetic.Op.MOD;
        };
        ArrowType result = TypeMapping.arrowType(type);
        PhysicalExpr a = compile(left);
        PhysicalExpr b = compile(right);
        switch (result) {
            case ArrowType.FloatingPoint f -> {
                ArrowType dbl = TypeMapping.arrowType(typeFactory().createSqlType(SqlTypeName.DOUBLE));
                a = castTo(a, dbl);
                b = castTo(b, dbl);
            }
            case ArrowType.Int i -> {
                ArrowType big = new ArrowType.Int(64, true);
                a = castTo(a, big);
                b = castTo(b, big);
            }
            case ArrowType.Decimal d -> {
                switch (op) {
                    case ADD, SUBTRACT, MOD -> {
                        ArrowType at = new ArrowType.Decimal(38, d.getScale(), 128);
                        a = castTo(a, at);
                        b = castTo(b, at);
                    }
                    default -> {
                        a = castTo(a, asDecimal(a.type()));
                        b = castTo(b, asDecimal(b.type()));
                        if (op == Arithmetic.Op.MULTIPLY) {
                            int scaleA = ((ArrowType.Decimal) a.type()).getScale();
                            int scaleB = ((ArrowType.Decimal) b.type()).getScale();
                            if (scaleA + scaleB != d.getScale()) {
                                // bring the left operand to the scale that makes the product land on the result scale
                                a = castTo(a, new ArrowType.Decimal(38, Math.max(0, d.getScale() - scaleB), 128));
                            }
                        }
                    }
                }
            }
            default -> throw new PlanningException("Arithmetic on " + type.getFullTypeString() + " is not supported");
        }
        String symbol = switch (op) {
            case ADD -> "+";
            case SUBTRACT -> "-";
            case MULTIPLY -> "*";
            case DIVIDE -> "/";
            case MOD -> "%";
        };
        PhysicalExpr constantArithmetic = constantArithmetic(symbol, op, foldedCast(a), foldedCast(b), result, type.isNullable());
        return constantArithmetic != null ? constantArithmetic
                : new ScalarCall(symbol, Arithmetic.kernel(op), List.of(a, b), result, type.isNullable());
    }

    /** {@code a op b} with one side a non-NULL constant, for +, - and * on longs; else null. */
    private static PhysicalExpr constantArithmetic(String symbol, Arithmetic.Op op, PhysicalExpr a, PhysicalExpr b,
                                                   ArrowType result, boolean nullable) {
        if (op == Arithmetic.Op.DIVIDE || op == Arithmetic.Op.MOD
                || !(result instanceof ArrowType.Int || result instanceof ArrowType.Decimal)) {
            return null;
        }
        boolean constantFirst = a instanceof Literal && !(b instanceof Literal);
        if (!constantFirst && !(b instanceof Literal && !(a instanceof Literal))) {
            return null;
        }
        Literal constant = (Literal) (constantFirst ? a : b);
        PhysicalExpr operand = constantFirst ? b : a;
        if (constant.value() == null || PhysicalKind.of(constant.type()) != PhysicalKind.LONG) {
            return null;
        }
        try {
            long value = Columns.constantLong(constant.type(), constant.value());
            return new ConstantArithmetic(symbol, op, operand, constant, constantFirst, value, result, nullable);
        } catch (ArithmeticException | ClassCastException e) {
            return null;          // a constant wider than the long form (a decimal of more than 18 digits)
        }
    }

    private static ArrowType asDecimal(ArrowType type) {
        return switch (type) {
            case ArrowType.Decimal d -> new ArrowType.Decimal(38, d.getScale(), 128);
            case ArrowType.Int i -> new ArrowType.Decimal(38, 0, 128);
            default -> throw new PlanningException("Cannot use " + type + " in decimal arithmetic");
        };
    }

    private PhysicalExpr caseWhen(RexCall call) {
        List<RexNode> operands = call.getOperands();
        ArrowType result = TypeMapping.arrowType(call.getType());
        List<PhysicalExpr> conditions = new ArrayList<>();
        List<PhysicalExpr> values = new ArrayList<>();
        for (int i = 0; i + 1 < operands.size(); i += 2) {
            conditions.add(compile(operands.get(i)));
            values.add(castTo(compile(operands.get(i + 1)), result));
        }
        PhysicalExpr otherwise = castTo(compile(operands.getLast()), result);
        return new Conditional.Case(conditions, values, otherwise, result, call.getType().isNullable());
    }

    private PhysicalExpr function(RexCall call) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        List<PhysicalExpr> args = compileAll(call.getOperands());
        ArrowType result = TypeMapping.arrowType(call.getType());
        PhysicalExpr extension = FunctionOperators.compile(call, args);
        if (extension != null) {
            return extension;
        }
        ScalarFunctions.Resolved resolved = ScalarFunctions.resolve(call.getKind().name(), name, args, result);
        if (resolved == null) {
            throw new PlanningException("Function " + name + "(" + String.join(", ",
                    call.getOperands().stream().map(o -> o.getType().getFullTypeString()).toList())
                    + ") is not supported by the engine yet");
        }
        return new ScalarCall(resolved.displayName(), resolved.kernel(), resolved.args(), result, call.getType().isNullable(),
                resolved.deterministic());
    }

    private List<PhysicalExpr> castAll(List<PhysicalExpr> exprs, ArrowType type) {
        return exprs.stream().map(e -> castTo(e, type)).toList();
    }

    static PhysicalExpr castTo(PhysicalExpr expr, ArrowType type) {
        return castTo(expr, type, expr.nullable());
    }

    static PhysicalExpr castTo(PhysicalExpr expr, ArrowType type, boolean nullable) {
        if (Casts.isNoOp(expr.type(), type)) {
            return expr;
        }
        if (expr instanceof Literal literal) {
            return new Literal(literal.value() == null ? null : Casts.convert(literal.type(), literal.value(), type), type);
        }
        return new ScalarCall("CAST", Casts.kernel(), List.of(expr), type, nullable);
    }
}
