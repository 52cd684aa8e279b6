package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.PlanningException;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.BytesColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.DoubleColumn;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import io.codeanatomy.engine.core.internal.exec.vector.PhysicalKind;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * {@code struct_expr.field}: one field of a struct value ({@code canonicalize_byte_span(...).start_line}). Structs
 * are row objects inside the engine, so this reads the field per row; supported for integer, floating point,
 * boolean and text fields.
 */
public record FieldAccess(PhysicalExpr struct, String field, ArrowType type) implements PhysicalExpr {
    public FieldAccess {
        PhysicalKind kind = PhysicalKind.of(type);
        if (kind == PhysicalKind.OBJECT || type instanceof ArrowType.Decimal || type instanceof ArrowType.Binary) {
            throw new PlanningException("Reading struct field " + field + " of type " + type
                    + " is not supported yet; read integer, floating point, boolean or text fields");
        }
    }

    @Override
    public boolean nullable() {
        return true;
    }

    @Override
    public Column evaluate(EvalInput input) {
        Column structs = struct.evaluate(input);
        int n = input.rows();
        boolean[] nulls = new boolean[n];
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            Object row = structs.isNull(i) ? null : structs.get(i);
            values[i] = row instanceof Map<?, ?> map ? map.get(field) : null;
            nulls[i] = values[i] == null;
        }
        return switch (PhysicalKind.of(type)) {
            case LONG -> {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = values[i] == null ? 0 : ((Number) values[i]).longValue();
                }
                yield new LongColumn(type, out, n, nulls);
            }
            case DOUBLE -> {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = values[i] == null ? 0 : ((Number) values[i]).doubleValue();
                }
                yield new DoubleColumn(type, out, n, nulls);
            }
            case BOOL -> {
                boolean[] out = new boolean[n];
                for (int i = 0; i < n; i++) {
                    out[i] = Boolean.TRUE.equals(values[i]);
                }
                yield new BoolColumn(out, n, nulls);
            }
            default -> {
                BytesColumn.Builder out = new BytesColumn.Builder(type, n, n * 16);
                for (int i = 0; i < n; i++) {
                    if (values[i] == null) {
                        out.appendNull();
                    } else {
                        out.append(values[i].toString());
                    }
                }
                yield out.build();
            }
        };
    }

    @Override
    public List<PhysicalExpr> children() {
        return List.of(struct);
    }

    @Override
    public String display() {
        return struct.display() + "." + field;
    }
}
