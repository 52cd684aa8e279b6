package io.codeanatomy.engine.core.internal.sql;

import java.util.Locale;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** SQL type names as written in CREATE TABLE, mapped to the engine's Arrow types. */
final class DdlTypes {
    static final int DEFAULT_DECIMAL_PRECISION = 18;
    static final int DEFAULT_DECIMAL_SCALE = 3;

    private DdlTypes() {}

    /**
     * The Arrow type for a type name and its optional parameters (-1 when absent), or null if unknown.
     * Follows SQLite's affinity where a name is unknown to standard SQL but common in sqllogictest.
     */
    static ArrowType arrowType(String name, int precision, int scale) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "BOOLEAN", "BOOL" -> ArrowType.Bool.INSTANCE;
            case "TINYINT", "INT1" -> new ArrowType.Int(8, true);
            case "SMALLINT", "INT2" -> new ArrowType.Int(16, true);
            case "INT", "INTEGER", "INT4", "MEDIUMINT" -> new ArrowType.Int(32, true);
            case "BIGINT", "INT8", "LONG" -> new ArrowType.Int(64, true);
            case "REAL", "FLOAT4" -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case "FLOAT", "DOUBLE", "FLOAT8", "DOUBLE PRECISION" -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case "DECIMAL", "NUMERIC", "DEC" -> new ArrowType.Decimal(precision < 0 ? DEFAULT_DECIMAL_PRECISION : precision,
                    scale < 0 ? (precision < 0 ? DEFAULT_DECIMAL_SCALE : 0) : scale, 128);
            case "VARCHAR", "CHAR", "CHARACTER", "TEXT", "STRING", "CHARACTER VARYING", "NVARCHAR", "NCHAR", "CLOB" ->
                    ArrowType.Utf8.INSTANCE;
            case "VARBINARY", "BINARY", "BLOB", "BYTEA" -> ArrowType.Binary.INSTANCE;
            case "DATE" -> new ArrowType.Date(DateUnit.DAY);
            case "TIME" -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
            case "TIMESTAMP", "DATETIME", "TIMESTAMP WITHOUT TIME ZONE" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
            case "INTERVAL YEAR", "INTERVAL MONTH", "INTERVAL YEAR TO MONTH" -> new ArrowType.Interval(IntervalUnit.YEAR_MONTH);
            case "INTERVAL DAY", "INTERVAL HOUR", "INTERVAL MINUTE", "INTERVAL SECOND", "INTERVAL DAY TO SECOND" ->
                    new ArrowType.Interval(IntervalUnit.DAY_TIME);
            default -> null;
        };
    }
}
