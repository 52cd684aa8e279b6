package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.PlanningException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite types to the engine's canonical Arrow types and back. Canonical means: signed ints, Float4/Float8,
 * Decimal128, Utf8, Binary, Date(DAY), Time(MICROSECOND), Timestamp(MICROSECOND[, UTC]), Interval(YEAR_MONTH |
 * DAY_TIME), List, Struct, Map, Null. Providers may use other Arrow types; scans convert them to canonical ones.
 */
public final class TypeMapping {
    private TypeMapping() {}

    public static ArrowType arrowType(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case TINYINT -> new ArrowType.Int(8, true);
            case SMALLINT -> new ArrowType.Int(16, true);
            case INTEGER -> new ArrowType.Int(32, true);
            case BIGINT -> new ArrowType.Int(64, true);
            case DECIMAL -> new ArrowType.Decimal(type.getPrecision(), type.getScale(), 128);
            case REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT, DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case CHAR, VARCHAR -> ArrowType.Utf8.INSTANCE;
            case BINARY, VARBINARY -> ArrowType.Binary.INSTANCE;
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIME, TIME_WITH_LOCAL_TIME_ZONE -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIMESTAMP_TZ -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
            case INTERVAL_YEAR, INTERVAL_YEAR_MONTH, INTERVAL_MONTH -> new ArrowType.Interval(IntervalUnit.YEAR_MONTH);
            case INTERVAL_DAY, INTERVAL_DAY_HOUR, INTERVAL_DAY_MINUTE, INTERVAL_DAY_SECOND, INTERVAL_HOUR,
                 INTERVAL_HOUR_MINUTE, INTERVAL_HOUR_SECOND, INTERVAL_MINUTE, INTERVAL_MINUTE_SECOND, INTERVAL_SECOND ->
                    new ArrowType.Interval(IntervalUnit.DAY_TIME);
            case ARRAY, MULTISET -> ArrowType.List.INSTANCE;
            case ROW -> ArrowType.Struct.INSTANCE;
            case MAP -> new ArrowType.Map(false);
            case NULL -> ArrowType.Null.INSTANCE;
            default -> throw new PlanningException("SQL type " + type.getFullTypeString() + " has no Arrow representation");
        };
    }

    /** The Arrow field for a column of {@code type}, with children for nested types. */
    public static Field field(String name, RelDataType type) {
        ArrowType arrow = arrowType(type);
        List<Field> children = switch (type.getSqlTypeName()) {
            case ARRAY, MULTISET -> List.of(field("item", type.getComponentType()));
            case ROW -> type.getFieldList().stream().map(f -> field(f.getName(), f.getType())).toList();
            case MAP -> List.of(new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE),
                    List.of(field("key", type.getKeyType()).getType() == null ? null
                            : withNullable(field("key", type.getKeyType()), false), field("value", type.getValueType()))));
            default -> null;
        };
        boolean nullable = type.isNullable() || type.getSqlTypeName() == SqlTypeName.NULL;
        return new Field(name, new FieldType(nullable, arrow, null), children);
    }

    private static Field withNullable(Field f, boolean nullable) {
        return new Field(f.getName(), new FieldType(nullable, f.getType(), f.getDictionary(), f.getMetadata()), f.getChildren());
    }

    public static Schema schema(RelDataType rowType) {
        List<Field> fields = new ArrayList<>();
        for (RelDataTypeField f : rowType.getFieldList()) {
            fields.add(field(f.getName(), f.getType()));
        }
        return new Schema(fields);
    }

    public static Schema schema(RelDataType rowType, List<String> names) {
        List<Field> fields = new ArrayList<>();
        List<RelDataTypeField> list = rowType.getFieldList();
        for (int i = 0; i < list.size(); i++) {
            fields.add(field(names.get(i), list.get(i).getType()));
        }
        return new Schema(fields);
    }

    /** The Calcite type for an Arrow field (any Arrow type a provider may use). */
    public static RelDataType relType(RelDataTypeFactory f, Field field) {
        RelDataType type = relTypeNotNull(f, field);
        return f.createTypeWithNullability(type, field.isNullable());
    }

    private static RelDataType relTypeNotNull(RelDataTypeFactory f, Field field) {
        ArrowType t = field.getType();
        return switch (t) {
            case ArrowType.Bool b -> f.createSqlType(SqlTypeName.BOOLEAN);
            case ArrowType.Int i -> {
                int bits = i.getBitWidth() + (i.getIsSigned() ? 0 : 1);
                yield bits <= 8 ? f.createSqlType(SqlTypeName.TINYINT)
                        : bits <= 16 ? f.createSqlType(SqlTypeName.SMALLINT)
                        : bits <= 32 ? f.createSqlType(SqlTypeName.INTEGER)
                        : bits <= 64 ? f.createSqlType(SqlTypeName.BIGINT)
                        : f.createSqlType(SqlTypeName.DECIMAL, 20, 0);
            }
            case ArrowType.FloatingPoint fp -> fp.getPrecision() == FloatingPointPrecision.DOUBLE
                    ? f.createSqlType(SqlTypeName.DOUBLE) : f.createSqlType(SqlTypeName.REAL);
            case ArrowType.Decimal d -> f.createSqlType(SqlTypeName.DECIMAL, Math.min(d.getPrecision(), 38), d.getScale());
            case ArrowType.Utf8 u -> f.createSqlType(SqlTypeName.VARCHAR);
            case ArrowType.LargeUtf8 u -> f.createSqlType(SqlTypeName.VARCHAR);
            case ArrowType.Utf8View u -> f.createSqlType(SqlTypeName.VARCHAR);
            case ArrowType.Binary b -> f.createSqlType(SqlTypeName.VARBINARY);
            case ArrowType.LargeBinary b -> f.createSqlType(SqlTypeName.VARBINARY);
            case ArrowType.FixedSizeBinary b -> f.createSqlType(SqlTypeName.VARBINARY);
            case ArrowType.BinaryView b -> f.createSqlType(SqlTypeName.VARBINARY);
            case ArrowType.Date d -> f.createSqlType(SqlTypeName.DATE);
            case ArrowType.Time tm -> f.createSqlType(SqlTypeName.TIME, 6);
            case ArrowType.Timestamp ts -> ts.getTimezone() == null ? f.createSqlType(SqlTypeName.TIMESTAMP, 6)
                    : f.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6);
            case ArrowType.Interval iv -> iv.getUnit() == IntervalUnit.YEAR_MONTH
                    ? f.createSqlIntervalType(new SqlIntervalQualifier(TimeUnitRange.YEAR_TO_MONTH.startUnit,
                            TimeUnitRange.YEAR_TO_MONTH.endUnit, SqlParserPos.ZERO))
                    : f.createSqlIntervalType(new SqlIntervalQualifier(TimeUnitRange.DAY_TO_SECOND.startUnit,
                            TimeUnitRange.DAY_TO_SECOND.endUnit, SqlParserPos.ZERO));
            case ArrowType.Duration d -> f.createSqlIntervalType(new SqlIntervalQualifier(TimeUnitRange.DAY_TO_SECOND.startUnit,
                    TimeUnitRange.DAY_TO_SECOND.endUnit, SqlParserPos.ZERO));
            case ArrowType.List l -> f.createArrayType(relType(f, field.getChildren().getFirst()), -1);
            case ArrowType.LargeList l -> f.createArrayType(relType(f, field.getChildren().getFirst()), -1);
            case ArrowType.FixedSizeList l -> f.createArrayType(relType(f, field.getChildren().getFirst()), -1);
            case ArrowType.Struct s -> f.createStructType(
                    field.getChildren().stream().map(c -> relType(f, c)).toList(),
                    field.getChildren().stream().map(Field::getName).toList());
            case ArrowType.Map m -> {
                Field entries = field.getChildren().getFirst();
                yield f.createMapType(relType(f, entries.getChildren().get(0)), relType(f, entries.getChildren().get(1)));
            }
            case ArrowType.Null n -> f.createSqlType(SqlTypeName.NULL);
            default -> throw new PlanningException("Column '" + field.getName() + "' has Arrow type " + t
                    + ", which SQL cannot read yet");
        };
    }

    public static RelDataType rowType(RelDataTypeFactory f, Schema schema) {
        return f.createStructType(
                schema.getFields().stream().map(field -> relType(f, field)).toList(),
                schema.getFields().stream().map(Field::getName).toList());
    }

    /** The canonical Arrow field the engine uses for a provider's field. */
    public static Field canonical(RelDataTypeFactory f, Field providerField) {
        return field(providerField.getName(), relType(f, providerField));
    }
}
