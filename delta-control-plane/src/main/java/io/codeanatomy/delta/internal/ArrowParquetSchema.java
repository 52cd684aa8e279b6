package io.codeanatomy.delta.internal;

import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FLOAT;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema Kernel's default writer uses for a flat Delta schema, so that files from either writer read the
 * same everywhere: bytes and shorts as plain INT32, timestamps as INT64 micros, decimals as INT32/INT64/fixed bytes
 * by precision, strings as BINARY (STRING).
 */
final class ArrowParquetSchema {
    static final int DECIMAL_DIGITS_IN_INT = 9;
    static final int DECIMAL_DIGITS_IN_LONG = 18;
    /** Kernel's (and Spark's) field-id key; set only with column mapping, which Kernel 4.4 cannot write. */
    static final String FIELD_ID_KEY = "parquet.field.id";

    private ArrowParquetSchema() {}

    static MessageType of(StructType schema) {
        List<Type> fields = new ArrayList<>(schema.length());
        for (StructField field : schema.fields()) {
            fields.add(type(field.getDataType(), field.getName(), field.isNullable() ? Repetition.OPTIONAL : Repetition.REQUIRED));
        }
        return new MessageType("codeanatomy_schema", fields);
    }

    /** Whether {@link #of} covers the column: a supported primitive type and no field id. */
    static boolean supports(StructField field) {
        return !field.getMetadata().contains(FIELD_ID_KEY) && switch (field.getDataType()) {
            case BooleanType t -> true;
            case ByteType t -> true;
            case ShortType t -> true;
            case IntegerType t -> true;
            case LongType t -> true;
            case FloatType t -> true;
            case DoubleType t -> true;
            case DateType t -> true;
            case TimestampType t -> true;
            case TimestampNTZType t -> true;
            case DecimalType t -> true;
            case StringType t -> true;
            case BinaryType t -> true;
            default -> false;
        };
    }

    private static Type type(DataType type, String name, Repetition repetition) {
        return switch (type) {
            case BooleanType t -> Types.primitive(BOOLEAN, repetition).named(name);
            case ByteType t -> Types.primitive(INT32, repetition).named(name);
            case ShortType t -> Types.primitive(INT32, repetition).named(name);
            case IntegerType t -> Types.primitive(INT32, repetition).named(name);
            case LongType t -> Types.primitive(INT64, repetition).named(name);
            case FloatType t -> Types.primitive(FLOAT, repetition).named(name);
            case DoubleType t -> Types.primitive(DOUBLE, repetition).named(name);
            case DateType t -> Types.primitive(INT32, repetition).as(LogicalTypeAnnotation.dateType()).named(name);
            case TimestampType t -> Types.primitive(INT64, repetition)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
            case TimestampNTZType t -> Types.primitive(INT64, repetition)
                    .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
            case DecimalType t -> decimal(t, name, repetition);
            case StringType t -> Types.primitive(BINARY, repetition).as(LogicalTypeAnnotation.stringType()).named(name);
            case BinaryType t -> Types.primitive(BINARY, repetition).named(name);
            default -> throw new IllegalArgumentException("No Parquet type here for column " + name + " of type " + type);
        };
    }

    private static Type decimal(DecimalType type, String name, Repetition repetition) {
        LogicalTypeAnnotation annotation = LogicalTypeAnnotation.decimalType(type.getScale(), type.getPrecision());
        if (type.getPrecision() <= DECIMAL_DIGITS_IN_INT) {
            return Types.primitive(INT32, repetition).as(annotation).named(name);
        }
        if (type.getPrecision() <= DECIMAL_DIGITS_IN_LONG) {
            return Types.primitive(INT64, repetition).as(annotation).named(name);
        }
        return Types.primitive(FIXED_LEN_BYTE_ARRAY, repetition).as(annotation).length(decimalBytes(type.getPrecision()))
                .named(name);
    }

    /** The fewest bytes whose two's complement holds every unscaled value of {@code precision} digits. */
    static int decimalBytes(int precision) {
        BigInteger largest = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
        return (largest.bitLength() + 1 + 7) / 8;
    }
}
