package io.codeanatomy.delta.internal;

import io.codeanatomy.delta.DeltaSchemaException;
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
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The one mapping between Arrow types (the engine's) and Delta types (the table's). */
public final class KernelTypes {
    private KernelTypes() {}

    public static StructType toDelta(Schema schema) {
        StructType out = new StructType();
        for (Field field : schema.getFields()) {
            out = out.add(new StructField(field.getName(), toDelta(field), field.isNullable()));
        }
        return out;
    }

    public static DataType toDelta(Field field) {
        ArrowType type = field.getType();
        return switch (type) {
            case ArrowType.Bool b -> BooleanType.BOOLEAN;
            case ArrowType.Int i when i.getIsSigned() && i.getBitWidth() == 8 -> ByteType.BYTE;
            case ArrowType.Int i when i.getIsSigned() && i.getBitWidth() == 16 -> ShortType.SHORT;
            case ArrowType.Int i when i.getIsSigned() && i.getBitWidth() == 32 -> IntegerType.INTEGER;
            case ArrowType.Int i when i.getIsSigned() && i.getBitWidth() == 64 -> LongType.LONG;
            case ArrowType.FloatingPoint f when f.getPrecision() == FloatingPointPrecision.SINGLE -> FloatType.FLOAT;
            case ArrowType.FloatingPoint f when f.getPrecision() == FloatingPointPrecision.DOUBLE -> DoubleType.DOUBLE;
            case ArrowType.Decimal d when d.getPrecision() <= 38 -> new DecimalType(d.getPrecision(), d.getScale());
            case ArrowType.Utf8 u -> StringType.STRING;
            case ArrowType.Binary b -> BinaryType.BINARY;
            case ArrowType.Date d when d.getUnit() == DateUnit.DAY -> DateType.DATE;
            case ArrowType.Timestamp t when t.getUnit() == TimeUnit.MICROSECOND && t.getTimezone() == null ->
                    TimestampNTZType.TIMESTAMP_NTZ;
            case ArrowType.Timestamp t when t.getUnit() == TimeUnit.MICROSECOND -> TimestampType.TIMESTAMP;
            default -> throw new DeltaSchemaException("Column " + field.getName() + " has Arrow type " + type
                    + ", which Delta tables cannot store here; cast it to one of boolean, tinyint..bigint, float, double, "
                    + "decimal(p<=38,s), varchar, varbinary, date or timestamp(microsecond) before writing");
        };
    }

    public static Schema toArrow(StructType schema) {
        List<Field> fields = new ArrayList<>(schema.length());
        for (StructField field : schema.fields()) {
            fields.add(new Field(field.getName(), new FieldType(field.isNullable(), toArrow(field.getName(), field.getDataType()), null), null));
        }
        return new Schema(fields);
    }

    public static ArrowType toArrow(String column, DataType type) {
        return switch (type) {
            case BooleanType b -> ArrowType.Bool.INSTANCE;
            case ByteType b -> new ArrowType.Int(8, true);
            case ShortType s -> new ArrowType.Int(16, true);
            case IntegerType i -> new ArrowType.Int(32, true);
            case LongType l -> new ArrowType.Int(64, true);
            case FloatType f -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DoubleType d -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DecimalType d -> new ArrowType.Decimal(d.getPrecision(), d.getScale(), 128);
            case StringType s -> ArrowType.Utf8.INSTANCE;
            case BinaryType b -> ArrowType.Binary.INSTANCE;
            case DateType d -> new ArrowType.Date(DateUnit.DAY);
            case TimestampNTZType t -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case TimestampType t -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
            default -> throw new DeltaSchemaException("Column " + column + " has Delta type " + type
                    + ", which this reader does not support yet (struct, array, map and variant columns): the table "
                    + "cannot be registered or scanned here, not even its other columns");
        };
    }
}
