package io.codeanatomy.delta.internal;

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
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;

/**
 * Feeds one Arrow vector of one batch to a Parquet column writer, a run of rows at a time, with the values Kernel's
 * default writer would write for the same Delta type (see {@link ArrowParquetSchema}). Valid while the batch is.
 */
sealed interface ArrowColumnSource {
    /**
     * Writes the values at {@code rows[from..from+count)}; {@code maxDefinition} is 1 for an optional column, 0 for a
     * required one.
     */
    void write(ColumnWriter writer, int maxDefinition, int[] rows, int from, int count);

    /** Whether {@link #of} can read {@code vector} as a column of Delta type {@code type}. */
    static boolean supports(DataType type, FieldVector vector) {
        return switch (type) {
            case BooleanType t -> vector instanceof BitVector;
            case ByteType t -> vector instanceof TinyIntVector;
            case ShortType t -> vector instanceof SmallIntVector;
            case IntegerType t -> vector instanceof IntVector;
            case LongType t -> vector instanceof BigIntVector;
            case FloatType t -> vector instanceof Float4Vector;
            case DoubleType t -> vector instanceof Float8Vector;
            case DateType t -> vector instanceof DateDayVector;
            case TimestampType t -> vector instanceof TimeStampMicroTZVector;
            case TimestampNTZType t -> vector instanceof TimeStampMicroVector;
            case DecimalType t -> vector instanceof DecimalVector d && d.getPrecision() == t.getPrecision()
                    && d.getScale() == t.getScale();
            case StringType t -> vector instanceof VarCharVector;
            case BinaryType t -> vector instanceof VarBinaryVector;
            default -> false;
        };
    }

    /**
     * A source over {@code vector} (which {@link #supports} accepted for {@code type}). String and binary values are
     * copied to {@code scratch} once per batch, so Parquet reads them from the heap without a per-value copy.
     */
    static ArrowColumnSource of(DataType type, FieldVector vector, Scratch scratch) {
        boolean nulls = vector.getNullCount() > 0;
        return switch (type) {
            case BooleanType t -> new Booleans((BitVector) vector, nulls);
            case ByteType t -> new Ints(vector.getDataBuffer(), 1, nulls ? vector : null);
            case ShortType t -> new Ints(vector.getDataBuffer(), 2, nulls ? vector : null);
            case IntegerType t -> new Ints(vector.getDataBuffer(), 4, nulls ? vector : null);
            case DateType t -> new Ints(vector.getDataBuffer(), 4, nulls ? vector : null);
            case LongType t -> new Longs(vector.getDataBuffer(), nulls ? vector : null);
            case TimestampType t -> new Longs(vector.getDataBuffer(), nulls ? vector : null);
            case TimestampNTZType t -> new Longs(vector.getDataBuffer(), nulls ? vector : null);
            case FloatType t -> new Floats((Float4Vector) vector, nulls);
            case DoubleType t -> new Doubles((Float8Vector) vector, nulls);
            case DecimalType t when t.getPrecision() <= ArrowParquetSchema.DECIMAL_DIGITS_IN_INT ->
                    new Ints(vector.getDataBuffer(), DecimalVector.TYPE_WIDTH, nulls ? vector : null);
            case DecimalType t when t.getPrecision() <= ArrowParquetSchema.DECIMAL_DIGITS_IN_LONG ->
                    new Longs(vector.getDataBuffer(), DecimalVector.TYPE_WIDTH, nulls ? vector : null);
            case DecimalType t -> new FixedDecimals(vector.getDataBuffer(),
                    new byte[ArrowParquetSchema.decimalBytes(t.getPrecision())], nulls ? vector : null);
            case StringType t -> Bytes.of((BaseVariableWidthVector) vector, nulls, scratch);
            case BinaryType t -> Bytes.of((BaseVariableWidthVector) vector, nulls, scratch);
            default -> throw new IllegalArgumentException("No Arrow column source for " + type);
        };
    }

    /** A growable heap buffer one column reuses across batches. */
    final class Scratch {
        byte[] bytes = new byte[0];

        byte[] atLeast(int length) {
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, bytes.length + (bytes.length >> 1))];
            }
            return bytes;
        }
    }

    /**
     * Integers of width 1, 2 or 4 bytes (little endian, sign-extended), or the low 4 bytes of a 16-byte decimal; a
     * non-null {@code nulls} vector is consulted for validity.
     */
    record Ints(ArrowBuf data, int width, FieldVector nulls) implements ArrowColumnSource {
        @Override
        public void write(ColumnWriter writer, int maxDefinition, int[] rows, int from, int count) {
            for (int i = from, end = from + count; i < end; i++) {
                int row = rows[i];
                if (nulls != null && nulls.isNull(row)) {
                    writer.writeNull(0, 0);
                    continue;
                }
                long at = (long) row * width;
                int value = switch (width) {
                    case 1 -> data.getByte(at);
                    case 2 -> data.getShort(at);
                    default -> data.getInt(at);
                };
                writer.write(value, 0, maxDefinition);
            }
        }
    }

    /** 8-byte integers, or the low 8 bytes of a 16-byte decimal (its unscaled value when precision <= 18). */
    record Longs(ArrowBuf data, int width, FieldVector nulls) implements ArrowColumnSource {
        Longs(ArrowBuf data, FieldVector nulls) {
            this(data, 8, nulls);
        }

        @Override
        public void write(ColumnWriter writer, int maxDefinition, int[] rows, int from, int count) {
            for (int i = from, end = from + count; i < end; i++) {
                int row = rows[i];
                if (nulls != null && nulls.isNull(row)) {
                    writer.writeNull(0, 0);
                } else {
                    writer.write(data.getLong((long) row * width), 0, maxDefinition);
                }
            }
        }
    }

    record Booleans(BitVector vector, boolean nulls) implements ArrowColumnSource {
        @Override
        public void write(ColumnWriter writer, int maxDefinition, int[] rows, int from, int count) {
            for (int i = from, end = from + count; i < end; i++) {
                int row = rows[i];
                if (nulls && vector.isNull(row)) {
                    writer.writeNull(0, 0);
                } else {
                    writer.write(vector.get(row) != 0, 0, maxDefinition);
                }
            }
        }
    }

    record Floats(Float4Vector vector, boolean nulls) implements ArrowColumnSource {
        @Override
        public void write(ColumnWriter writer, int maxDefinition, int[] rows, int from, int count) {
            for (int i = from, end = from + count; i < end; i++) {
                int row = rows[i];
                if (nulls && vector.isNull(row)) {
                    writer.writeNull(0, 0);
                } else {
                    writer.write(vector.get(row), 0, maxDefinition);
                }
            }
        }
    }

    record Doubles(Float8Vector vector, boolean nulls) implements ArrowColumnSource {
        @Override
        public void write(ColumnWriter writer, int maxDefinition, int[] rows, int from, int count) {
            for (int i = from, end = from + count; i < end; i++) {
                int row = rows[i];
                if (nulls && vector.isNull(row)) {
                    writer.writeNull(0, 0);
                } else {
                    writer.write(vector.get(row), 0, maxDefinition);
                }
            }
        }
    }

    /**
     * Decimals of precision > 18 as Parquet FIXED_LEN_BYTE_ARRAY: the big-endian two's complement of the unscaled
     * value in {@code out.length} bytes, i.e. Arrow's little-endian 16 bytes reversed and cut to that length (the
     * value fits: the length is the minimum for the precision).
     */
    record FixedDecimals(ArrowBuf data, byte[] out, FieldVector nulls) implements ArrowColumnSource {
        @Override
        public void write(ColumnWriter writer, int maxDefinition, int[] rows, int from, int count) {
            int length = out.length;
            for (int i = from, end = from + count; i < end; i++) {
                int row = rows[i];
                if (nulls != null && nulls.isNull(row)) {
                    writer.writeNull(0, 0);
                    continue;
                }
                long at = (long) row * DecimalVector.TYPE_WIDTH;
                for (int b = 0; b < length; b++) {
                    out[b] = data.getByte(at + length - 1 - b);
                }
                // Parquet copies reused bytes wherever it keeps them (dictionary, statistics)
                writer.write(Binary.fromReusedByteArray(out), 0, maxDefinition);
            }
        }
    }

    /** Variable-width values, read from a heap copy of the batch's data buffer. */
    record Bytes(BaseVariableWidthVector vector, boolean nulls, byte[] heap, int base) implements ArrowColumnSource {
        static Bytes of(BaseVariableWidthVector vector, boolean nulls, Scratch scratch) {
            int rows = vector.getValueCount();
            ArrowBuf offsets = vector.getOffsetBuffer();
            int base = rows == 0 ? 0 : offsets.getInt(0);
            int length = rows == 0 ? 0 : offsets.getInt((long) rows * BaseVariableWidthVector.OFFSET_WIDTH) - base;
            byte[] heap = scratch.atLeast(length);
            vector.getDataBuffer().getBytes(base, heap, 0, length);
            return new Bytes(vector, nulls, heap, base);
        }

        @Override
        public void write(ColumnWriter writer, int maxDefinition, int[] rows, int from, int count) {
            ArrowBuf offsets = vector.getOffsetBuffer();
            for (int i = from, end = from + count; i < end; i++) {
                int row = rows[i];
                if (nulls && vector.isNull(row)) {
                    writer.writeNull(0, 0);
                    continue;
                }
                long at = (long) row * BaseVariableWidthVector.OFFSET_WIDTH;
                int start = offsets.getInt(at);
                int stop = offsets.getInt(at + BaseVariableWidthVector.OFFSET_WIDTH);
                // reused: the next batch overwrites the heap copy; Parquet copies what it keeps
                writer.write(Binary.fromReusedByteArray(heap, start - base, stop - start), 0, maxDefinition);
            }
        }
    }
}
