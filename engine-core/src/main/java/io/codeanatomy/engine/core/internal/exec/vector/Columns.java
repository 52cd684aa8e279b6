package io.codeanatomy.engine.core.internal.exec.vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalDayVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Moves values between Arrow vectors and {@link Column}s. Unpacking reads the selected rows of a vector into dense
 * primitive arrays; packing writes a column into a new vector of the requested field. The fixed-width paths read and
 * write Arrow buffers directly, a batch at a time; everything else goes through the slow generic path.
 */
public final class Columns {
    private Columns() {}

    /**
     * The rows {@code sel[0..n)} of {@code v} (or rows {@code 0..n)} when {@code sel} is null) as a column whose type
     * is the vector's type.
     */
    public static Column unpack(ValueVector v, int[] sel, int n) {
        return unpack(v, sel, n, -1);
    }

    /**
     * {@link #unpack(ValueVector, int[], int)} given the selection's {@link #span} (or -1, for the readers that need it
     * to compute it): a caller that unpacks several columns of one selection (a batch's, for an expression) computes
     * it once instead of once a column.
     */
    public static Column unpack(ValueVector v, int[] sel, int n, int span) {
        ArrowType type = v.getField().getType();
        boolean[] nulls = nulls(v, sel, n);
        return switch (v) {
            case BigIntVector b -> new LongColumn(type, readLongs(b.getDataBuffer(), sel, n, span), n, nulls);
            case TimeStampVector b -> new LongColumn(type, readTimestamps(b, sel, n, span), n, nulls);
            case TimeMicroVector b -> new LongColumn(type, readLongs(b.getDataBuffer(), sel, n, span), n, nulls);
            case IntVector b -> new LongColumn(type, readInts(b.getDataBuffer(), sel, n, span), n, nulls);
            case DateDayVector b -> new LongColumn(type, readInts(b.getDataBuffer(), sel, n, span), n, nulls);
            case IntervalYearVector b -> new LongColumn(type, readInts(b.getDataBuffer(), sel, n, span), n, nulls);
            case SmallIntVector b -> new LongColumn(type, readShorts(b.getDataBuffer(), sel, n), n, nulls);
            case TinyIntVector b -> new LongColumn(type, readBytes(b.getDataBuffer(), sel, n), n, nulls);
            case IntervalDayVector b -> new LongColumn(type, readDayTime(b.getDataBuffer(), sel, n), n, nulls);
            case Float8Vector b -> new DoubleColumn(type, readDoubles(b.getDataBuffer(), sel, n, span), n, nulls);
            case Float4Vector b -> new DoubleColumn(type, readFloats(b.getDataBuffer(), sel, n), n, nulls);
            case BitVector b -> new BoolColumn(readBits(b.getDataBuffer(), sel, n), n, nulls);
            case DecimalVector d -> unpackDecimal(d, sel, n, span, nulls);
            case VarCharVector s -> unpackVariable(s, sel, n, span, nulls);
            case VarBinaryVector s -> unpackVariable(s, sel, n, span, nulls);
            default -> unpackObjects(v, sel, n);
        };
    }

    /**
     * Which of the rows ({@code sel}, or the first {@code n}) are NULL, or null when none is: one bulk read of the
     * validity bitmap (asking the vector for its null count first cost a second, bounds-checked pass).
     */
    private static boolean[] nulls(ValueVector v, int[] sel, int n) {
        ArrowBuf validity = v instanceof NullVector ? null : v.getValidityBuffer();
        int bytes = (v.getValueCount() + 7) >>> 3;
        if (validity == null || validity.capacity() < bytes) {
            return v.getNullCount() == 0 ? null : readNulls(v, sel, n);
        }
        byte[] bits = new byte[bytes];
        MemorySegment.copy(segment(validity, bytes), ValueLayout.JAVA_BYTE, 0, bits, 0, bytes);
        boolean[] nulls = null;
        if (sel == null) {
            int whole = n >>> 3;
            int i = 0;
            while (i < whole && bits[i] == -1) {      // eight valid rows at a time
                i++;
            }
            for (int r = i << 3; r < n; r++) {
                if ((bits[r >>> 3] >> (r & 7) & 1) == 0) {
                    if (nulls == null) {
                        nulls = new boolean[n];
                    }
                    nulls[r] = true;
                }
            }
            return nulls;
        }
        for (int i = 0; i < n; i++) {
            int r = sel[i];
            if ((bits[r >>> 3] >> (r & 7) & 1) == 0) {
                if (nulls == null) {
                    nulls = new boolean[n];
                }
                nulls[i] = true;
            }
        }
        return nulls;
    }

    private static boolean[] readNulls(ValueVector v, int[] sel, int n) {
        boolean[] nulls = new boolean[n];
        ArrowBuf validity = v instanceof NullVector ? null : v.getValidityBuffer();  // NullVector has no buffer
        if (validity == null || validity.capacity() == 0) {
            for (int i = 0; i < n; i++) {
                nulls[i] = v.isNull(sel == null ? i : sel[i]);
            }
            return nulls;
        }
        for (int i = 0; i < n; i++) {
            int r = sel == null ? i : sel[i];
            nulls[i] = (validity.getByte(r >>> 3) >> (r & 7) & 1) == 0;
        }
        return nulls;
    }

    /**
     * Runs {@code range} on {@code v}'s values in place: writes to {@code out} the positions (the entries of
     * {@code positions}, or {@code 0..count)} when it is null) whose row ({@code rows[position]}, or the position when
     * {@code rows} is null) holds a non-NULL value the range keeps, and returns how many. {@code out} may be
     * {@code positions}. Returns -1, having written nothing, for a vector this does not read in place: then the
     * caller unpacks the column. Reading Arrow memory directly skips the copy into an array and the array of
     * booleans a kernel would return, which were most of the cost of a selective filter over a wide scan.
     */
    public static int keepInRange(ValueVector v, int[] rows, int[] positions, int count,
                                  io.codeanatomy.engine.core.internal.exec.expr.LongRange range, int[] out) {
        int width = inPlaceWidth(v);
        long address = width == 0 || !v.getField().getType().equals(range.type()) ? -1
                : inPlaceAddress(v, width, rows, positions, count);
        if (address < 0) {
            return -1;
        }
        long lo = range.lo();
        long span = range.hi() - range.lo();
        long flip = range.inside() ? 1 : 0;
        if (range.lo() > range.hi()) {
            // an empty range (x < Long.MIN_VALUE, or two tests that exclude each other), which the unsigned test
            // below would read as the widest one: test the widest range (every value inside) with the outcome
            // inverted, so no row is inside
            lo = 0;
            span = -1;
            flip ^= 1;
        }
        int kept = 0;
        // no branch on the outcome: a test keeping rows at random would mispredict every other one. Written as
        // arithmetic: C2 compiled (v >= lo & v <= hi) ? 1 : 0 into branches, 5 ns a row against 1.5.
        for (int j = 0; j < count; j++) {
            int p = positions == null ? j : positions[j];
            long value = valueAt(address, width, rows == null ? p : rows[p]);
            out[kept] = p;
            kept += (int) (outsideBit(value - lo, span) ^ flip);
        }
        return dropNulls(v, rows, out, kept);
    }

    /**
     * Bytes per value of a vector whose values {@link #valueAt} reads in place as longs: 4 (INT, DATE), 8 (BIGINT),
     * 16 (a decimal of up to 18 digits: its value is the low word); 0 for any other vector.
     */
    public static int inPlaceWidth(ValueVector v) {
        return switch (v) {
            case IntVector x -> 4;
            case DateDayVector x -> 4;
            case BigIntVector x -> 8;
            case DecimalVector x when x.getPrecision() <= 18 -> 16;
            default -> 0;
        };
    }

    /**
     * The address of {@code v}'s values for {@link #valueAt} reads of the rows of {@code positions} (as
     * {@link #keepInRange} maps them), checked against the buffer's capacity once; -1 without native access.
     */
    public static long inPlaceAddress(ValueVector v, int width, int[] rows, int[] positions, int count) {
        int span = 0;
        for (int j = 0; j < count; j++) {
            int p = positions == null ? j : positions[j];
            span = Math.max(span, (rows == null ? p : rows[p]) + 1);
        }
        return readableAddress(((FieldVector) v).getDataBuffer(), (long) span * width);
    }

    /**
     * 1 when {@code offset} (a value minus the range's low end, wrapping) is past {@code width} (high minus low) as
     * unsigned numbers, i.e. the value lies outside the range, else 0: the borrow of {@code width - offset}, computed
     * without a branch and exact for every long.
     */
    public static long outsideBit(long offset, long width) {
        return ((~width & offset) | (~(width ^ offset) & (width - offset))) >>> 63;
    }

    /** The value of row {@code row}, at an address {@link #inPlaceAddress} vouched for, as a long. */
    public static long valueAt(long address, int width, int row) {
        return width == 4 ? ALL_MEMORY.get(ValueLayout.JAVA_INT_UNALIGNED, address + ((long) row << 2))
                : ALL_MEMORY.get(ValueLayout.JAVA_LONG_UNALIGNED, address + (long) row * width);
    }

    /**
     * Drops from the first {@code count} positions of {@code kept} those whose row ({@code rows[position]}, or the
     * position) is NULL in {@code v}, in place; returns how many remain.
     */
    public static int dropNulls(ValueVector v, int[] rows, int[] kept, int count) {
        if (v.getNullCount() == 0) {
            return count;
        }
        ArrowBuf validity = ((FieldVector) v).getValidityBuffer();
        int nonNull = 0;
        for (int j = 0; j < count; j++) {
            int p = kept[j];
            int r = rows == null ? p : rows[p];
            kept[nonNull] = p;
            nonNull += validity.getByte(r >>> 3) >> (r & 7) & 1;
        }
        return nonNull;
    }

    /**
     * The first {@code bytes} of {@code buf} as a memory segment, for bulk copies: a loop of bounds-checked
     * {@code ArrowBuf} reads was most of the cost of bringing a batch into our columns.
     */
    private static MemorySegment segment(ArrowBuf buf, long bytes) {
        java.util.Objects.checkFromIndexSize(0, bytes, buf.capacity());
        if (ALL_MEMORY != null) {
            return ALL_MEMORY.asSlice(buf.memoryAddress(), bytes);
        }
        return MemorySegment.ofBuffer(buf.nioBuffer(0, Math.toIntExact(bytes)));
    }

    /**
     * The address of {@code buf}, whose first {@code bytes} (checked against its capacity) a loop then reads through
     * {@link #ALL_MEMORY} without a check per read; -1 without native access, when the loop reads the buffer itself.
     * A sparse selection's rows were read through {@code ArrowBuf}'s per-read bounds and reference-count checks.
     */
    private static long readableAddress(ArrowBuf buf, long bytes) {
        if (ALL_MEMORY == null) {
            return -1;
        }
        java.util.Objects.checkFromIndexSize(0, bytes, buf.capacity());
        return buf.memoryAddress();
    }

    /**
     * The whole address space as one segment, sliced to an Arrow buffer's bounds (checked first) for each copy. The
     * other way in, a direct ByteBuffer per copy, goes through a reflective constructor in Arrow that took 9% of a
     * filter-heavy query. Reinterpreting needs native access, which the engine's documented JVM flags grant; without
     * it (the JVM would print a warning) copies take the ByteBuffer way.
     */
    private static final MemorySegment ALL_MEMORY = Columns.class.getModule().isNativeAccessEnabled()
            ? MemorySegment.NULL.reinterpret(Long.MAX_VALUE) : null;

    /**
     * A selection is gathered from a bulk copy of the rows up to its last one when it keeps at least a quarter of
     * them: one copy plus an array gather beats a bounds-checked buffer read per row.
     */
    private static boolean denseEnough(int span, int n) {
        return span <= 4L * n;
    }

    /** {@code known} when it is a span (not -1), else the selection's {@link #span(int[], int)}. */
    private static int span(int[] sel, int n, int known) {
        return known >= 0 ? known : span(sel, n);
    }

    /**
     * One past the largest row of the selection (selections are ascending, but need not be); {@code n} for none (the
     * first {@code n} rows).
     */
    public static int span(int[] sel, int n) {
        if (sel == null) {
            return n;
        }
        int max = -1;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, sel[i]);
        }
        return max + 1;
    }

    private static long[] readLongs(ArrowBuf buf, int[] sel, int n, int knownSpan) {
        if (sel == null) {
            long[] out = new long[n];
            MemorySegment.copy(segment(buf, (long) n << 3), ValueLayout.JAVA_LONG_UNALIGNED, 0, out, 0, n);
            return out;
        }
        int span = span(sel, n, knownSpan);
        long address = readableAddress(buf, (long) span << 3);
        if (address < 0 && denseEnough(span, n)) {
            long[] all = readLongs(buf, null, span, span);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = all[sel[i]];
            }
            return out;
        }
        long[] out = new long[n];
        if (address >= 0) {
            for (int i = 0; i < n; i++) {
                out[i] = ALL_MEMORY.get(ValueLayout.JAVA_LONG_UNALIGNED, address + ((long) sel[i] << 3));
            }
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] = buf.getLong((long) sel[i] << 3);
        }
        return out;
    }

    private static long[] readTimestamps(TimeStampVector v, int[] sel, int n, int span) {
        long[] out = readLongs(v.getDataBuffer(), sel, n, span);
        org.apache.arrow.vector.types.TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
        if (unit != org.apache.arrow.vector.types.TimeUnit.MICROSECOND) {
            for (int i = 0; i < n; i++) {
                out[i] = Scalars.toMicros(unit, out[i]);
            }
        }
        return out;
    }

    private static long[] readInts(ArrowBuf buf, int[] sel, int n, int knownSpan) {
        long[] out = new long[n];
        int count = span(sel, n, knownSpan);
        long address = sel == null ? -1 : readableAddress(buf, (long) count << 2);
        if (address >= 0) {
            for (int i = 0; i < n; i++) {
                out[i] = ALL_MEMORY.get(ValueLayout.JAVA_INT_UNALIGNED, address + ((long) sel[i] << 2));
            }
        } else if (sel == null || denseEnough(count, n)) {
            int[] ints = new int[count];
            MemorySegment.copy(segment(buf, (long) count << 2), ValueLayout.JAVA_INT_UNALIGNED, 0, ints, 0, count);
            if (sel == null) {
                for (int i = 0; i < n; i++) {
                    out[i] = ints[i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    out[i] = ints[sel[i]];
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = buf.getInt((long) sel[i] << 2);
            }
        }
        return out;
    }

    private static long[] readShorts(ArrowBuf buf, int[] sel, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = buf.getShort((long) (sel == null ? i : sel[i]) << 1);
        }
        return out;
    }

    private static long[] readBytes(ArrowBuf buf, int[] sel, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = buf.getByte(sel == null ? i : sel[i]);
        }
        return out;
    }

    private static long[] readDayTime(ArrowBuf buf, int[] sel, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long offset = (long) (sel == null ? i : sel[i]) << 3;
            out[i] = buf.getInt(offset) * Scalars.MILLIS_PER_DAY + buf.getInt(offset + 4);
        }
        return out;
    }

    private static double[] readDoubles(ArrowBuf buf, int[] sel, int n, int knownSpan) {
        double[] out = new double[n];
        int span = span(sel, n, knownSpan);
        if (sel == null) {
            MemorySegment.copy(segment(buf, (long) n << 3), ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, out, 0, n);
        } else if (denseEnough(span, n)) {
            double[] all = readDoubles(buf, null, span, span);
            for (int i = 0; i < n; i++) {
                out[i] = all[sel[i]];
            }
        } else {
            long address = readableAddress(buf, (long) span << 3);
            for (int i = 0; i < n; i++) {
                out[i] = address >= 0 ? ALL_MEMORY.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, address + ((long) sel[i] << 3))
                        : buf.getDouble((long) sel[i] << 3);
            }
        }
        return out;
    }

    private static double[] readFloats(ArrowBuf buf, int[] sel, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = buf.getFloat((long) (sel == null ? i : sel[i]) << 2);
        }
        return out;
    }

    private static boolean[] readBits(ArrowBuf buf, int[] sel, int n) {
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            int r = sel == null ? i : sel[i];
            out[i] = (buf.getByte(r >>> 3) >> (r & 7) & 1) != 0;
        }
        return out;
    }

    /**
     * Decimals whose unscaled values fit in 64 bits (every value of TPC-H's columns) become longs: the low word of each
     * 128-bit value, read with the high words in one bulk copy.
     */
    private static Column unpackDecimal(DecimalVector d, int[] sel, int n, int knownSpan, boolean[] nulls) {
        if (n == 0) {
            return new LongColumn(d.getField().getType(), new long[0], 0, nulls);
        }
        int count = span(sel, n, knownSpan);
        long[] out = new long[n];
        long address = readableAddress(d.getDataBuffer(), (long) count << 4);
        if (address >= 0) {
            // straight from Arrow memory: no copy of the 16-byte values into an array first
            long wide = 0;
            for (int i = 0; i < n; i++) {
                long offset = address + ((long) (sel == null ? i : sel[i]) << 4);
                long low = ALL_MEMORY.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
                wide |= ALL_MEMORY.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8) ^ (low >> 63);
                out[i] = low;
            }
            if (wide != 0) {
                for (int i = 0; i < n; i++) {
                    long offset = address + ((long) (sel == null ? i : sel[i]) << 4);
                    if (ALL_MEMORY.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8) != (out[i] >> 63)
                            && (nulls == null || !nulls[i])) {
                        return unpackObjects(d, sel, n);   // a value wider than 64 bits: this batch takes the BigDecimal path
                    }
                }
            }
        } else if (sel == null || denseEnough(count, n)) {
            long[] words = new long[count << 1];
            MemorySegment.copy(segment(d.getDataBuffer(), (long) count << 4), ValueLayout.JAVA_LONG_UNALIGNED, 0, words, 0,
                    count << 1);
            // no branch per row: the high words that are not the low word's sign are OR-ed together, and looked at
            // (with the NULL slots, whose bytes may be anything) only if there are any
            long wide = 0;
            if (sel == null) {
                for (int i = 0; i < n; i++) {
                    long low = words[i << 1];
                    wide |= words[(i << 1) + 1] ^ (low >> 63);
                    out[i] = low;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    int r = sel[i];
                    long low = words[r << 1];
                    wide |= words[(r << 1) + 1] ^ (low >> 63);
                    out[i] = low;
                }
            }
            if (wide != 0) {
                for (int i = 0; i < n; i++) {
                    int r = sel == null ? i : sel[i];
                    if (words[(r << 1) + 1] != (words[r << 1] >> 63) && (nulls == null || !nulls[i])) {
                        return unpackObjects(d, sel, n);   // a value wider than 64 bits: this batch takes the BigDecimal path
                    }
                }
            }
        } else {
            ArrowBuf buf = d.getDataBuffer();
            for (int i = 0; i < n; i++) {
                long offset = (long) sel[i] << 4;
                long low = buf.getLong(offset);
                if (buf.getLong(offset + 8) != (low >> 63) && (nulls == null || !nulls[i])) {
                    return unpackObjects(d, sel, n);
                }
                out[i] = low;
            }
        }
        return new LongColumn(d.getField().getType(), out, n, nulls);
    }

    /**
     * The grouping keys of rows {@code sel[0..n)} (or the first {@code n}) of the text or binary vectors
     * {@code vectors}, each row's values packed into a long: per vector, the key so far shifts left by a share's width
     * ({@code 8 * (share + 1)} bits), then the value goes in as a length byte (0xFF for NULL) and its bytes from the
     * next byte up. Offsets and bytes are read straight from the vectors' buffers: unpacking the values into columns
     * first, then packing them from there, was most of the cost of grouping by short texts (TPC-H q1's two flags).
     * Null when a value is longer than {@code share} bytes.
     */
    public static long[] packTexts(BaseVariableWidthVector[] vectors, int[] sel, int n, int share) {
        long[] keys = new long[n];
        int span = span(sel, n);
        for (BaseVariableWidthVector v : vectors) {
            if (n > 0 && !packTexts(v, sel, n, span, share, keys)) {
                return null;
            }
        }
        return keys;
    }

    private static boolean packTexts(BaseVariableWidthVector v, int[] sel, int n, int span, int share, long[] keys) {
        int width = 8 * (share + 1);
        ArrowBuf validity = v.getNullCount() == 0 ? null : v.getValidityBuffer();
        long offsetsAt = readableAddress(v.getOffsetBuffer(), (span + 1L) << 2);
        if (offsetsAt < 0) {      // no native access: through the vector, a bounds-checked read at a time
            for (int i = 0; i < n; i++) {
                int r = sel == null ? i : sel[i];
                long part;
                if (v.isNull(r)) {
                    part = 0xFF;
                } else {
                    byte[] value = v.get(r);
                    if (value.length > share) {
                        return false;
                    }
                    part = value.length;
                    for (int b = 0; b < value.length; b++) {
                        part |= (value[b] & 0xFFL) << (8 * (b + 1));
                    }
                }
                keys[i] = width == 64 ? part : keys[i] << width | part;
            }
            return true;
        }
        int end = ALL_MEMORY.get(ValueLayout.JAVA_INT_UNALIGNED, offsetsAt + ((long) span << 2));
        long dataAt = readableAddress(v.getDataBuffer(), end);
        long validityAt = validity == null ? -1 : readableAddress(validity, (span + 7L) >>> 3);
        for (int i = 0; i < n; i++) {
            int r = sel == null ? i : sel[i];
            long part;
            boolean isNull = validityAt >= 0
                    && (ALL_MEMORY.get(ValueLayout.JAVA_BYTE, validityAt + (r >>> 3)) >> (r & 7) & 1) == 0;
            if (isNull) {
                part = 0xFF;
            } else {
                long at = offsetsAt + ((long) r << 2);
                int from = ALL_MEMORY.get(ValueLayout.JAVA_INT_UNALIGNED, at);
                int length = ALL_MEMORY.get(ValueLayout.JAVA_INT_UNALIGNED, at + 4) - from;
                if (length > share) {
                    return false;
                }
                part = length;
                for (int b = 0; b < length; b++) {
                    part |= (ALL_MEMORY.get(ValueLayout.JAVA_BYTE, dataAt + from + b) & 0xFFL) << (8 * (b + 1));
                }
            }
            keys[i] = width == 64 ? part : keys[i] << width | part;
        }
        return true;
    }

    /**
     * Text and binary rows into one byte array: the offsets of the rows spanned (up to the last selected) come over in
     * one bulk copy, and so do their bytes when the selection keeps at least a quarter of them; a bounds-checked
     * {@code ArrowBuf} read per offset was most of the cost.
     */
    private static BytesColumn unpackVariable(BaseVariableWidthVector v, int[] sel, int n, int knownSpan,
                                              boolean[] nulls) {
        ArrowType type = v.getField().getType();
        if (n == 0) {
            return new BytesColumn(type, new byte[0], new int[1], 0, nulls);
        }
        int span = span(sel, n, knownSpan);
        int[] spanOffsets = new int[span + 1];
        MemorySegment.copy(segment(v.getOffsetBuffer(), (span + 1L) << 2), ValueLayout.JAVA_INT_UNALIGNED, 0, spanOffsets,
                0, span + 1);
        ArrowBuf dataBuf = v.getDataBuffer();
        int base = spanOffsets[0];
        int[] offsets = new int[n + 1];
        if (sel == null) {
            for (int i = 0; i <= n; i++) {
                offsets[i] = spanOffsets[i] - base;
            }
            byte[] data = new byte[offsets[n]];
            if (data.length > 0) {
                MemorySegment.copy(segment(dataBuf, (long) base + data.length), ValueLayout.JAVA_BYTE, base, data, 0,
                        data.length);
            }
            return new BytesColumn(type, data, offsets, n, nulls);
        }
        int total = 0;
        for (int i = 0; i < n; i++) {
            int r = sel[i];
            offsets[i] = total;
            total += spanOffsets[r + 1] - spanOffsets[r];
        }
        offsets[n] = total;
        byte[] data = new byte[total];
        if (denseEnough(span, n)) {
            byte[] spanned = new byte[spanOffsets[span] - base];
            if (spanned.length > 0) {
                MemorySegment.copy(segment(dataBuf, (long) base + spanned.length), ValueLayout.JAVA_BYTE, base, spanned,
                        0, spanned.length);
            }
            for (int i = 0; i < n; i++) {
                int from = spanOffsets[sel[i]] - base;
                int to = offsets[i];
                int len = offsets[i + 1] - to;
                if (len <= 16) {      // a call to arraycopy costs more than moving a short value byte by byte
                    for (int k = 0; k < len; k++) {
                        data[to + k] = spanned[from + k];
                    }
                } else {
                    System.arraycopy(spanned, from, data, to, len);
                }
            }
        } else {
            long address = readableAddress(dataBuf, spanOffsets[span]);
            for (int i = 0; i < n; i++) {
                int len = offsets[i + 1] - offsets[i];
                if (len > 0 && address >= 0) {
                    MemorySegment.copy(ALL_MEMORY, ValueLayout.JAVA_BYTE, address + spanOffsets[sel[i]], data, offsets[i], len);
                } else if (len > 0) {
                    dataBuf.getBytes(spanOffsets[sel[i]], data, offsets[i], len);
                }
            }
        }
        return new BytesColumn(type, data, offsets, n, nulls);
    }

    private static ObjectColumn unpackObjects(ValueVector v, int[] sel, int n) {
        ArrowType type = v.getField().getType();
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            int r = sel == null ? i : sel[i];
            values[i] = v.isNull(r) ? null : Scalars.toInternal(type, v.getObject(r));
        }
        return new ObjectColumn(type, values, n);
    }

    /**
     * The rows of {@code pieces}, one piece after another, as one column of {@code type}: array copies when every
     * piece holds longs (or every piece doubles) of that type, else row by row.
     */
    public static Column concat(ArrowType type, List<Column> pieces) {
        if (pieces.isEmpty()) {
            return new ColumnAssembler(type, 0).build();
        }
        if (pieces.size() == 1) {
            return pieces.getFirst();
        }
        int total = 0;
        for (Column piece : pieces) {
            total += piece.size;
        }
        boolean longs = pieces.stream().allMatch(p -> p instanceof LongColumn && p.type.equals(type));
        boolean doubles = pieces.stream().allMatch(p -> p instanceof DoubleColumn && p.type.equals(type));
        if (longs || doubles) {
            long[] longValues = longs ? new long[total] : null;
            double[] doubleValues = doubles ? new double[total] : null;
            boolean[] nulls = pieces.stream().anyMatch(p -> p.nulls != null) ? new boolean[total] : null;
            int offset = 0;
            for (Column piece : pieces) {
                if (longs) {
                    System.arraycopy(((LongColumn) piece).values, 0, longValues, offset, piece.size);
                } else {
                    System.arraycopy(((DoubleColumn) piece).values, 0, doubleValues, offset, piece.size);
                }
                if (piece.nulls != null) {
                    System.arraycopy(piece.nulls, 0, nulls, offset, piece.size);
                }
                offset += piece.size;
            }
            return longs ? new LongColumn(type, longValues, total, nulls) : new DoubleColumn(type, doubleValues, total, nulls);
        }
        ColumnAssembler out = new ColumnAssembler(type, total);
        int offset = 0;
        for (Column piece : pieces) {
            int[] positions = new int[piece.size];
            for (int i = 0; i < piece.size; i++) {
                positions[i] = offset + i;
            }
            out.put(piece, positions, piece.size);
            offset += piece.size;
        }
        return out.build();
    }

    /** Writes {@code c} into a new vector for {@code field}, allocated from {@code allocator}; the caller owns it. */
    public static FieldVector pack(Column c, Field field, BufferAllocator allocator) {
        FieldVector v = field.createVector(allocator);
        try {
            write(c, v);
            return v;
        } catch (RuntimeException | Error e) {
            v.close();
            throw e;
        }
    }

    private static void write(Column c, FieldVector v) {
        int n = c.size;
        if (v instanceof BaseFixedWidthVector fixed && !(v instanceof DecimalVector && c instanceof ObjectColumn)) {
            fixed.allocateNew(n);
            fixed.setValueCount(n);
            writeFixed(c, fixed, n);
            writeValidity(c, fixed, n);
            return;
        }
        switch (v) {
            case BaseVariableWidthVector var when c instanceof BytesColumn b -> writeVariable(b, var, n);
            case BaseVariableWidthVector var -> {
                var.allocateNew(n);
                for (int i = 0; i < n; i++) {
                    Object o = c.get(i);
                    if (o == null) {
                        var.setNull(i);
                    } else {
                        byte[] bytes = o instanceof byte[] b ? b : o.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        var.setSafe(i, bytes);
                    }
                }
                var.setValueCount(n);
            }
            case DecimalVector d -> {
                d.allocateNew(n);
                int scale = ((ArrowType.Decimal) d.getField().getType()).getScale();
                for (int i = 0; i < n; i++) {
                    Object o = c.get(i);
                    if (o == null) {
                        d.setNull(i);
                    } else {
                        d.setSafe(i, ((BigDecimal) o).setScale(scale, java.math.RoundingMode.UNNECESSARY));
                    }
                }
                d.setValueCount(n);
            }
            case NullVector nv -> nv.setValueCount(n);
            default -> writeObjects(c, v, n);
        }
    }

    private static void copyLongs(long[] values, ArrowBuf buf, int n) {
        MemorySegment.copy(values, 0, segment(buf, (long) n << 3),
                ValueLayout.JAVA_LONG_UNALIGNED, 0, n);
    }

    private static void writeFixed(Column c, BaseFixedWidthVector v, int n) {
        ArrowBuf buf = v.getDataBuffer();
        switch (c) {
            case LongColumn l -> {
                long[] a = l.values;
                switch (v) {
                    case BigIntVector x -> copyLongs(a, buf, n);
                    case TimeStampVector x -> copyLongs(a, buf, n);
                    case TimeMicroVector x -> copyLongs(a, buf, n);
                    case IntVector x -> { for (int i = 0; i < n; i++) buf.setInt((long) i << 2, (int) a[i]); }
                    case DateDayVector x -> { for (int i = 0; i < n; i++) buf.setInt((long) i << 2, (int) a[i]); }
                    case IntervalYearVector x -> { for (int i = 0; i < n; i++) buf.setInt((long) i << 2, (int) a[i]); }
                    case SmallIntVector x -> { for (int i = 0; i < n; i++) buf.setShort((long) i << 1, (short) a[i]); }
                    case TinyIntVector x -> { for (int i = 0; i < n; i++) buf.setByte(i, (byte) a[i]); }
                    case IntervalDayVector x -> {
                        for (int i = 0; i < n; i++) {
                            buf.setInt((long) i << 3, (int) Math.floorDiv(a[i], Scalars.MILLIS_PER_DAY));
                            buf.setInt(((long) i << 3) + 4, (int) Math.floorMod(a[i], Scalars.MILLIS_PER_DAY));
                        }
                    }
                    case DecimalVector x -> {
                        for (int i = 0; i < n; i++) {
                            buf.setLong((long) i << 4, a[i]);
                            buf.setLong(((long) i << 4) + 8, a[i] >> 63);
                        }
                    }
                    case Float8Vector x -> { for (int i = 0; i < n; i++) buf.setDouble((long) i << 3, a[i]); }
                    case Float4Vector x -> { for (int i = 0; i < n; i++) buf.setFloat((long) i << 2, a[i]); }
                    default -> throw mismatch(c, v);
                }
            }
            case DoubleColumn d -> {
                double[] a = d.values;
                switch (v) {
                    case Float8Vector x -> MemorySegment.copy(a, 0, segment(buf, (long) n << 3),
                            ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, n);
                    case Float4Vector x -> { for (int i = 0; i < n; i++) buf.setFloat((long) i << 2, (float) a[i]); }
                    default -> throw mismatch(c, v);
                }
            }
            case BoolColumn b when v instanceof BitVector -> {
                boolean[] a = b.values;
                buf.setZero(0, buf.capacity());
                for (int i = 0; i < n; i++) {
                    if (a[i]) {
                        BitVectorHelper.setBit(buf, i);
                    }
                }
            }
            default -> throw mismatch(c, v);
        }
    }

    private static void writeValidity(Column c, BaseFixedWidthVector v, int n) {
        ArrowBuf validity = v.getValidityBuffer();
        int bytes = (n + 7) >>> 3;
        if (c.nulls == null) {
            validity.setOne(0, bytes);
            return;
        }
        validity.setZero(0, bytes);
        boolean[] nulls = c.nulls;
        for (int i = 0; i < n; i++) {
            if (!nulls[i]) {
                BitVectorHelper.setBit(validity, i);
            }
        }
    }

    private static void writeVariable(BytesColumn b, BaseVariableWidthVector v, int n) {
        int start = b.offsets[0];
        int total = b.offsets[n] - start;
        v.allocateNew(Math.max(total, 1), n);
        ArrowBuf offsets = v.getOffsetBuffer();
        for (int i = 0; i <= n; i++) {
            offsets.setInt((long) i << 2, b.offsets[i] - start);
        }
        if (total > 0) {
            v.getDataBuffer().setBytes(0, b.data, start, total);
        }
        ArrowBuf validity = v.getValidityBuffer();
        int bytes = (n + 7) >>> 3;
        if (b.nulls == null) {
            validity.setOne(0, bytes);
        } else {
            validity.setZero(0, bytes);
            for (int i = 0; i < n; i++) {
                if (!b.nulls[i]) {
                    BitVectorHelper.setBit(validity, i);
                }
            }
        }
        v.setLastSet(n - 1);
        v.setValueCount(n);
    }

    private static void writeObjects(Column c, FieldVector v, int n) {
        v.allocateNew();
        switch (v) {
            case ListVector list -> {
                UnionListWriter writer = list.getWriter();
                for (int i = 0; i < n; i++) {
                    writer.setPosition(i);
                    Object o = c.get(i);
                    if (o == null) {
                        writer.writeNull();
                        continue;
                    }
                    writer.startList();
                    Field child = list.getField().getChildren().getFirst();
                    for (Object element : (List<?>) o) {
                        ComplexWrites.write(writer, list.getAllocator(), child.getType(), element);
                    }
                    writer.endList();
                }
                list.setValueCount(n);
            }
            case StructVector struct -> {
                for (int i = 0; i < n; i++) {
                    Object o = c.get(i);
                    if (o == null) {
                        struct.setNull(i);
                        continue;
                    }
                    struct.setIndexDefined(i);
                    Map<?, ?> map = (Map<?, ?>) o;
                    for (Field child : struct.getField().getChildren()) {
                        FieldVector childVector = struct.getChild(child.getName());
                        Object value = map.get(child.getName());
                        ComplexWrites.writeScalar(childVector, i, child.getType(), value);
                    }
                }
                struct.setValueCount(n);
            }
            default -> throw mismatch(c, v);
        }
    }

    private static IllegalStateException mismatch(Column c, ValueVector v) {
        return new IllegalStateException("cannot write a " + c.getClass().getSimpleName() + " of " + c.type + " into "
                + v.getClass().getSimpleName() + " (" + v.getField() + "); the planner should have inserted a cast");
    }

    /** A column of {@code n} copies of one internal value. */
    /** The long a non-NULL constant of a {@link PhysicalKind#LONG} type is held as (a decimal's unscaled value). */
    public static long constantLong(ArrowType type, Object value) {
        return type instanceof ArrowType.Decimal d
                ? ((BigDecimal) value).setScale(d.getScale(), java.math.RoundingMode.UNNECESSARY).unscaledValue().longValueExact()
                : ((Number) value).longValue();
    }

    public static Column constant(ArrowType type, Object value, int n) {
        boolean[] nulls = null;
        if (value == null) {
            nulls = new boolean[n];
            java.util.Arrays.fill(nulls, true);
        }
        return switch (PhysicalKind.of(type)) {
            case LONG -> {
                long[] a = new long[n];
                if (value != null) {
                    java.util.Arrays.fill(a, constantLong(type, value));
                }
                yield new LongColumn(type, a, n, nulls);
            }
            case DOUBLE -> {
                double[] a = new double[n];
                if (value != null) {
                    java.util.Arrays.fill(a, ((Number) value).doubleValue());
                }
                yield new DoubleColumn(type, a, n, nulls);
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                if (value != null) {
                    java.util.Arrays.fill(a, (Boolean) value);
                }
                yield new BoolColumn(a, n, nulls);
            }
            case BYTES -> {
                byte[] bytes = value == null ? new byte[0]
                        : value instanceof byte[] b ? b : value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] data = new byte[bytes.length * n];
                int[] offsets = new int[n + 1];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(bytes, 0, data, i * bytes.length, bytes.length);
                    offsets[i + 1] = (i + 1) * bytes.length;
                }
                if (value == null) {
                    java.util.Arrays.fill(offsets, 0);
                    data = new byte[0];
                }
                yield new BytesColumn(type, data, offsets, n, nulls);
            }
            case OBJECT -> {
                Object[] a = new Object[n];
                java.util.Arrays.fill(a, value);
                yield new ObjectColumn(type, a, n);
            }
        };
    }

    /** Rows {@code positions[0..n)} of {@code c}, densely, in a column of the same class and type. */
    public static Column gather(Column c, int[] positions, int n) {
        boolean[] nulls = null;
        if (c.nulls != null) {
            nulls = new boolean[n];
            for (int i = 0; i < n; i++) {
                nulls[i] = c.nulls[positions[i]];
            }
        }
        switch (c) {
            case LongColumn l -> {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = l.values[positions[i]];
                }
                return new LongColumn(c.type, out, n, nulls);
            }
            case DoubleColumn d -> {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = d.values[positions[i]];
                }
                return new DoubleColumn(c.type, out, n, nulls);
            }
            case BoolColumn b -> {
                boolean[] out = new boolean[n];
                for (int i = 0; i < n; i++) {
                    out[i] = b.values[positions[i]];
                }
                return new BoolColumn(out, n, nulls);
            }
            case BytesColumn b -> {
                int total = 0;
                for (int i = 0; i < n; i++) {
                    total += b.length(positions[i]);
                }
                byte[] data = new byte[total];
                int[] offsets = new int[n + 1];
                int pos = 0;
                for (int i = 0; i < n; i++) {
                    int p = positions[i];
                    int len = b.offsets[p + 1] - b.offsets[p];
                    System.arraycopy(b.data, b.offsets[p], data, pos, len);
                    pos += len;
                    offsets[i + 1] = pos;
                }
                return new BytesColumn(c.type, data, offsets, n, nulls);
            }
            case ObjectColumn o -> {
                Object[] out = new Object[n];
                for (int i = 0; i < n; i++) {
                    out[i] = o.values[positions[i]];
                }
                return new ObjectColumn(c.type, out, n);
            }
        }
    }

    /** Whether a decimal value fits the 64-bit fast path at the type's scale. */
    public static boolean fitsLong(BigDecimal value, int scale) {
        BigInteger unscaled = value.setScale(scale, java.math.RoundingMode.UNNECESSARY).unscaledValue();
        return unscaled.bitLength() < 64;
    }
}
