package io.codeanatomy.engine.core.internal.exec.vector;

import org.apache.arrow.vector.types.pojo.ArrowType;

/** Which {@link Column} class holds values of an Arrow type. */
public enum PhysicalKind {
    LONG, DOUBLE, BOOL, BYTES, OBJECT;

    public static PhysicalKind of(ArrowType type) {
        return switch (type) {
            case ArrowType.Int i -> LONG;
            case ArrowType.Date d -> LONG;
            case ArrowType.Time t -> LONG;
            case ArrowType.Timestamp t -> LONG;
            case ArrowType.Interval i -> LONG;
            case ArrowType.Decimal d -> LONG;
            case ArrowType.FloatingPoint f -> DOUBLE;
            case ArrowType.Bool b -> BOOL;
            case ArrowType.Utf8 u -> BYTES;
            case ArrowType.Binary b -> BYTES;
            default -> OBJECT;
        };
    }
}
