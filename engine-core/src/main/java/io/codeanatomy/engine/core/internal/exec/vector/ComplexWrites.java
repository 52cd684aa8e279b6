package io.codeanatomy.engine.core.internal.exec.vector;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Writes internal values into list elements and struct fields (the slow path for nested types in projections). */
final class ComplexWrites {
    private ComplexWrites() {}

    static void write(UnionListWriter writer, org.apache.arrow.memory.BufferAllocator allocator, ArrowType type, Object value) {
        if (value == null) {
            writer.writeNull();
            return;
        }
        switch (type) {
            case ArrowType.Int i -> {
                switch (i.getBitWidth()) {
                    case 8 -> writer.writeTinyInt((byte) ((Number) value).longValue());
                    case 16 -> writer.writeSmallInt((short) ((Number) value).longValue());
                    case 32 -> writer.writeInt((int) ((Number) value).longValue());
                    default -> writer.writeBigInt(((Number) value).longValue());
                }
            }
            case ArrowType.FloatingPoint f -> writer.writeFloat8(((Number) value).doubleValue());
            case ArrowType.Bool b -> writer.writeBit((Boolean) value ? 1 : 0);
            case ArrowType.Utf8 u -> {
                byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
                try (ArrowBuf buf = allocator.buffer(Math.max(1, bytes.length))) {
                    buf.setBytes(0, bytes);
                    writer.writeVarChar(0, bytes.length, buf);
                }
            }
            case ArrowType.Date d -> writer.writeDateDay((int) ((Number) value).longValue());
            case ArrowType.Timestamp t -> writer.writeTimeStampMicro(((Number) value).longValue());
            case ArrowType.Decimal d -> writer.writeDecimal((BigDecimal) value);
            default -> throw new UnsupportedOperationException("list elements of type " + type + " are not supported yet");
        }
    }

    static void writeScalar(FieldVector v, int i, ArrowType type, Object value) {
        if (value == null) {
            v.setNull(i);
            return;
        }
        switch (v) {
            case BigIntVector x -> x.setSafe(i, ((Number) value).longValue());
            case IntVector x -> x.setSafe(i, (int) ((Number) value).longValue());
            case SmallIntVector x -> x.setSafe(i, (short) ((Number) value).longValue());
            case TinyIntVector x -> x.setSafe(i, (byte) ((Number) value).longValue());
            case Float8Vector x -> x.setSafe(i, ((Number) value).doubleValue());
            case Float4Vector x -> x.setSafe(i, ((Number) value).floatValue());
            case BitVector x -> x.setSafe(i, (Boolean) value ? 1 : 0);
            case VarCharVector x -> x.setSafe(i, value.toString().getBytes(StandardCharsets.UTF_8));
            case VarBinaryVector x -> x.setSafe(i, (byte[]) value);
            case DateDayVector x -> x.setSafe(i, (int) ((Number) value).longValue());
            case TimeStampMicroVector x -> x.setSafe(i, ((Number) value).longValue());
            case DecimalVector x -> x.setSafe(i, (BigDecimal) value);
            default -> {
                if (value instanceof Map<?, ?> || value instanceof java.util.List<?>) {
                    throw new UnsupportedOperationException("nested struct fields of type " + type + " are not supported yet");
                }
                throw new UnsupportedOperationException("struct fields of type " + type + " are not supported yet");
            }
        }
    }
}
