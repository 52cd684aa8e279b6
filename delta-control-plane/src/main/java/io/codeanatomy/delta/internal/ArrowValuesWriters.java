package io.codeanatomy.delta.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.fallback.FallbackValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Parquet's default values writers, except for dictionary-encoded BINARY columns of Parquet 1.0 pages (Kernel's
 * default): there the dictionary lookup, half of the time of writing strings, goes through a flat hash index over one
 * byte arena (a hash over 8-byte words, vectorized range equality) instead of a map of Binary objects hashed and
 * compared a byte at a time. The dictionary, its ids, the pages and the fallback to PLAIN are Parquet's own, so the
 * files are byte for byte what the default writer produces.
 */
final class ArrowValuesWriters implements ValuesWriterFactory {
    private final ValuesWriterFactory defaults = new DefaultValuesWriterFactory();
    private ParquetProperties properties;

    @Override
    public void initialize(ParquetProperties properties) {
        this.properties = properties;
        defaults.initialize(properties);
    }

    @Override
    public ValuesWriter newValuesWriter(ColumnDescriptor column) {
        if (column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY
                && properties.getWriterVersion() == ParquetProperties.WriterVersion.PARQUET_1_0
                && properties.isDictionaryEnabled(column)) {
            // as DefaultV1ValuesWriterFactory builds it, with the lookup swapped
            return FallbackValuesWriter.of(
                    new BinaryDictionary(properties.getDictionaryPageSizeThreshold(), Encoding.PLAIN_DICTIONARY,
                            Encoding.PLAIN_DICTIONARY, properties),
                    new PlainValuesWriter(properties.getInitialSlabSize(), properties.getPageSizeThreshold(),
                            properties.getAllocator()));
        }
        return defaults.newValuesWriter(column);
    }

    /**
     * Parquet's binary dictionary writer with its own lookup: the superclass map still receives every new entry (it
     * writes the dictionary page and the fallback from it), this index only answers "which id has these bytes".
     */
    static final class BinaryDictionary extends DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter {
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final long MIX = 0x9E3779B97F4A7C15L;

        /** Open addressing over ids + 1 (0 = empty slot), at most half full. */
        private int[] slots = new int[1024];
        private int[] hashes = new int[256];
        private int[] starts = new int[256];
        private int[] lengths = new int[256];
        private byte[] arena = new byte[4096];
        private int arenaUsed;
        private int entries;

        BinaryDictionary(int maxDictionaryByteSize, Encoding dataPageEncoding, Encoding dictionaryPageEncoding,
                         ParquetProperties properties) {
            super(maxDictionaryByteSize, dataPageEncoding, dictionaryPageEncoding, properties.getAllocator());
        }

        @Override
        public void writeBytes(Binary value) {
            ByteBuffer buffer = value.toByteBuffer();
            byte[] bytes;
            int offset;
            int length = buffer.remaining();
            if (buffer.hasArray()) {
                bytes = buffer.array();
                offset = buffer.arrayOffset() + buffer.position();
            } else {
                bytes = new byte[length];
                buffer.get(bytes);
                offset = 0;
            }
            int hash = hash(bytes, offset, length);
            int mask = slots.length - 1;
            int slot = hash & mask;
            while (true) {
                int id = slots[slot] - 1;
                if (id < 0) {
                    break;
                }
                if (hashes[id] == hash && lengths[id] == length
                        && Arrays.equals(arena, starts[id], starts[id] + length, bytes, offset, offset + length)) {
                    encodedValues.add(id);
                    return;
                }
                slot = (slot + 1) & mask;
            }
            int id = binaryDictionaryContent.size();
            binaryDictionaryContent.put(value.copy(), id);
            dictionaryByteSize += 4L + length;
            encodedValues.add(id);
            add(id, hash, bytes, offset, length, slot);
        }

        private void add(int id, int hash, byte[] bytes, int offset, int length, int slot) {
            if (id >= hashes.length) {
                int grown = hashes.length * 2;
                hashes = Arrays.copyOf(hashes, grown);
                starts = Arrays.copyOf(starts, grown);
                lengths = Arrays.copyOf(lengths, grown);
            }
            if (arenaUsed + length > arena.length) {
                arena = Arrays.copyOf(arena, Math.max(arenaUsed + length, arena.length * 2));
            }
            System.arraycopy(bytes, offset, arena, arenaUsed, length);
            hashes[id] = hash;
            starts[id] = arenaUsed;
            lengths[id] = length;
            arenaUsed += length;
            entries = id + 1;
            if (entries * 2 > slots.length) {
                rehash(slots.length * 2);
            } else {
                slots[slot] = id + 1;
            }
        }

        private void rehash(int capacity) {
            slots = new int[capacity];
            int mask = capacity - 1;
            for (int id = 0; id < entries; id++) {
                int slot = hashes[id] & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = id + 1;
            }
        }

        private static int hash(byte[] bytes, int offset, int length) {
            long h = length * MIX;
            int i = offset;
            int end = offset + length;
            for (; i + 8 <= end; i += 8) {
                h = (h ^ (long) LONGS.get(bytes, i)) * MIX;
                h ^= h >>> 29;
            }
            for (; i < end; i++) {
                h = (h ^ (bytes[i] & 0xFF)) * MIX;
            }
            h ^= h >>> 32;
            return (int) (h ^ (h >>> 16));
        }

        @Override
        protected void clearDictionaryContent() {
            super.clearDictionaryContent();
            Arrays.fill(slots, 0);
            arenaUsed = 0;
            entries = 0;
        }
    }
}
