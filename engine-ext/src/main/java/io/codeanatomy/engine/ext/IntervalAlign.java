package io.codeanatomy.engine.ext;

import io.codeanatomy.engine.ext.internal.IntervalSweep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Aligns the byte spans of two inputs per partition (usually the file) with a sort-merge sweep: O((n + m) log(n + m))
 * plus the size of the output, never a loop over all pairs. Spans are half-open {@code [start, end)}.
 *
 * <ul>
 *   <li>{@link Mode#CONTAINS}: every (left, right) pair where the right span lies inside the left one
 *       ({@code l.start <= r.start and r.end <= l.end}).</li>
 *   <li>{@link Mode#OVERLAPS}: every pair sharing at least one byte ({@code max(starts) < min(ends)}; empty spans
 *       and spans that only touch do not overlap).</li>
 *   <li>{@link Mode#NEAREST}: one row per left row, with the right span at the smallest gap
 *       {@code max(0, r.start - l.end, l.start - r.end)} (0 when they overlap or touch); ties go to the right span
 *       with the smallest (start, end, row number). Left rows with no candidate get NULL right columns.</li>
 * </ul>
 * Rows whose partition, start or end is NULL, or whose end is before their start, are never aligned (NEAREST still
 * returns them, unmatched). Output rows are ordered by left row, then by right (start, end, row).
 *
 * <p>Output columns: every left column prefixed {@code left_}, every right column prefixed {@code right_} (all
 * nullable), and for NEAREST a {@code distance} BIGINT.
 *
 * @since 0.1
 */
public final class IntervalAlign {
    /** How spans are paired. */
    public enum Mode {
        CONTAINS, OVERLAPS, NEAREST;

        /** {@code contains}, {@code overlaps} or {@code nearest}, case-insensitive. */
        public static Mode parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "contains" -> CONTAINS;
                case "overlaps" -> OVERLAPS;
                case "nearest" -> NEAREST;
                default -> throw new IllegalArgumentException("Unknown interval_align mode '" + text
                        + "'; use 'contains', 'overlaps' or 'nearest'");
            };
        }
    }

    /**
     * The columns of one input that hold the partition key and the span.
     *
     * @param partition any type; rows are compared by value
     * @param start     an integer column
     * @param end       an integer column
     */
    public record SpanColumns(String partition, String start, String end) {
        public SpanColumns {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }
    }

    private IntervalAlign() {}

    /** The output schema for inputs of these schemas. */
    public static Schema outputSchema(Schema left, Schema right, Mode mode) {
        List<Field> fields = new ArrayList<>();
        for (Field f : left.getFields()) {
            fields.add(renamed("left_", f));
        }
        for (Field f : right.getFields()) {
            fields.add(renamed("right_", f));
        }
        if (mode == Mode.NEAREST) {
            fields.add(new Field("distance", FieldType.nullable(new ArrowType.Int(64, true)), null));
        }
        return new Schema(fields);
    }

    private static Field renamed(String prefix, Field f) {
        return new Field(prefix + f.getName(), new FieldType(true, f.getType(), f.getDictionary(), f.getMetadata()),
                f.getChildren());
    }

    /**
     * Aligns {@code left} with {@code right}. Both inputs are borrowed; the returned root is allocated from
     * {@code allocator} and owned by the caller.
     */
    public static VectorSchemaRoot align(BufferAllocator allocator, VectorSchemaRoot left, SpanColumns leftColumns,
                                         VectorSchemaRoot right, SpanColumns rightColumns, Mode mode) {
        IntervalSweep.PartitionIds ids = new IntervalSweep.PartitionIds();
        IntervalSweep.Side l = side(left, leftColumns, ids, "left");
        IntervalSweep.Side r = side(right, rightColumns, ids, "right");
        IntervalSweep.Pairs pairs = IntervalSweep.align(IntervalSweep.Mode.valueOf(mode.name()), l, r);
        VectorSchemaRoot out = VectorSchemaRoot.create(outputSchema(left.getSchema(), right.getSchema(), mode), allocator);
        try {
            int n = pairs.size();
            for (FieldVector v : out.getFieldVectors()) {
                v.setInitialCapacity(n);
                v.allocateNew();
            }
            int column = 0;
            for (FieldVector source : left.getFieldVectors()) {
                copyRows(source, pairs.left(), n, out.getVector(column++));
            }
            for (FieldVector source : right.getFieldVectors()) {
                copyRows(source, pairs.right(), n, out.getVector(column++));
            }
            if (mode == Mode.NEAREST) {
                BigIntVector distance = (BigIntVector) out.getVector(column);
                for (int k = 0; k < n; k++) {
                    if (pairs.right()[k] >= 0) {
                        distance.setSafe(k, pairs.distance()[k]);
                    }
                }
            }
            out.setRowCount(n);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** Copies {@code rows[k]} of {@code source} to row k; a negative row stays NULL (vectors start all-NULL). */
    private static void copyRows(FieldVector source, int[] rows, int n, FieldVector target) {
        for (int k = 0; k < n; k++) {
            if (rows[k] >= 0) {
                target.copyFromSafe(rows[k], k, source);
            }
        }
        target.setValueCount(n);
    }

    private static IntervalSweep.Side side(VectorSchemaRoot root, SpanColumns columns, IntervalSweep.PartitionIds ids, String which) {
        FieldVector partition = column(root, columns.partition(), which);
        BaseIntVector start = integers(column(root, columns.start(), which), which);
        BaseIntVector end = integers(column(root, columns.end(), which), which);
        int n = root.getRowCount();
        int[] part = new int[n];
        long[] s = new long[n];
        long[] e = new long[n];
        for (int i = 0; i < n; i++) {
            boolean missing = start.isNull(i) || end.isNull(i);
            part[i] = missing ? -1 : ids.id(partition.getObject(i));
            s[i] = missing ? 0 : start.getValueAsLong(i);
            e[i] = missing ? 0 : end.getValueAsLong(i);
        }
        return new IntervalSweep.Side(part, s, e);
    }

    private static FieldVector column(VectorSchemaRoot root, String name, String which) {
        FieldVector v = root.getVector(name);
        if (v == null) {
            throw new IllegalArgumentException("The " + which + " input of interval_align has no column '" + name
                    + "'; its columns are " + root.getSchema().getFields().stream().map(Field::getName).toList());
        }
        return v;
    }

    private static BaseIntVector integers(FieldVector v, String which) {
        if (v instanceof BaseIntVector ints) {
            return ints;
        }
        throw new IllegalArgumentException("Column '" + v.getName() + "' of the " + which
                + " input of interval_align must be an integer column, not " + v.getField().getType());
    }
}
