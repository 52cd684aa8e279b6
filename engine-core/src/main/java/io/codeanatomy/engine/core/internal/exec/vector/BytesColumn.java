package io.codeanatomy.engine.core.internal.exec.vector;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Variable-length values (utf8 strings, binary) in one byte array with Arrow-style offsets: row i is
 * {@code data[offsets[i] .. offsets[i + 1])}.
 */
public final class BytesColumn extends Column {
    public byte[] data;
    public final int[] offsets;

    public BytesColumn(ArrowType type, byte[] data, int[] offsets, int size, boolean[] nulls) {
        super(type, size, nulls);
        this.data = data;
        this.offsets = offsets;
    }

    public boolean isUtf8() {
        return type instanceof ArrowType.Utf8;
    }

    public int length(int i) {
        return offsets[i + 1] - offsets[i];
    }

    public String getString(int i) {
        return new String(data, offsets[i], offsets[i + 1] - offsets[i], StandardCharsets.UTF_8);
    }

    public byte[] getBytes(int i) {
        return Arrays.copyOfRange(data, offsets[i], offsets[i + 1]);
    }

    @Override
    public Object get(int i) {
        if (isNull(i)) {
            return null;
        }
        return isUtf8() ? getString(i) : getBytes(i);
    }

    /** Appends values one at a time; grows its byte array as needed. */
    public static final class Builder {
        private final ArrowType type;
        private final int[] offsets;
        private boolean[] nulls;
        private byte[] data;
        private int count;

        public Builder(ArrowType type, int size, int expectedBytes) {
            this.type = type;
            this.offsets = new int[size + 1];
            this.data = new byte[Math.max(16, expectedBytes)];
        }

        public void append(byte[] src, int from, int length) {
            ensure(length);
            System.arraycopy(src, from, data, offsets[count], length);
            offsets[count + 1] = offsets[count] + length;
            count++;
        }

        public void append(byte[] src) {
            append(src, 0, src.length);
        }

        public void append(String s) {
            append(s.getBytes(StandardCharsets.UTF_8));
        }

        public void appendNull() {
            if (nulls == null) {
                nulls = new boolean[offsets.length - 1];
            }
            nulls[count] = true;
            offsets[count + 1] = offsets[count];
            count++;
        }

        private void ensure(int length) {
            int needed = offsets[count] + length;
            if (needed > data.length) {
                data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
            }
        }

        public BytesColumn build() {
            if (count != offsets.length - 1) {
                throw new IllegalStateException("built " + count + " of " + (offsets.length - 1) + " values");
            }
            return new BytesColumn(type, data, offsets, count, nulls);
        }
    }
}
