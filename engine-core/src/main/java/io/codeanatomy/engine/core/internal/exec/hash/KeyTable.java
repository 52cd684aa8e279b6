package io.codeanatomy.engine.core.internal.exec.hash;

import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.BytesColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.DoubleColumn;
import io.codeanatomy.engine.core.internal.exec.vector.LongColumn;
import io.codeanatomy.engine.core.internal.exec.vector.ObjectColumn;
import io.codeanatomy.engine.core.internal.exec.vector.PhysicalKind;
import java.util.Arrays;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Dense ids for distinct key tuples: the hash table of hash aggregation (and of anything that groups rows by
 * keys). Keys are stored column-wise in primitive arrays and hashed a column at a time; the table is open
 * addressing with linear probing over parallel int/long arrays, so a lookup allocates nothing. NULL is a key value
 * like any other (GROUP BY puts NULLs in one group); callers that need SQL equality drop NULL keys first.
 *
 * <p>Written here rather than taken from a collections library: the keys are multi-column and columnar, which
 * general-purpose primitive maps do not model, and this loop is the aggregation's hot path.
 */
public final class KeyTable {
    private static final long SEED = 0x9E3779B97F4A7C15L;

    private final KeyStore[] stores;
    // slot s holds its key's hash at [2s] and its group id + 1 at [2s + 1] (0: empty): one cache line per probe step
    private long[] slots;
    private int mask;
    private int size;
    /**
     * One integer key: its hash is a bijection of the value (xor-multiply by an odd constant, then xor-shift), so equal
     * hashes of non-null keys mean equal keys and a probe need not read the stored key (a cache miss per probe on a
     * large build side). NULL keys hash to a constant that a real value shares, so they take the full comparison.
     */
    private final boolean hashIsKey;
    private boolean nullKeyStored;
    /**
     * A grouping table of one integer key starts direct: each key's group id + 1 (0: none) at its offset from
     * {@link #directBase}, no hashing and no probing, and sorted or clustered keys touch memory in order. It widens as
     * keys arrive outside it, and becomes a hash table for good (null here) when a key is NULL or the keys spread over
     * more than 16 offsets a group (an int per offset: no more memory than a hash table's slots).
     */
    private int[] direct;
    private long directBase;
    /**
     * A grouping table of short text keys starts packed: each row's key tuple as one long (per column a length byte,
     * 0xFF for NULL, then its bytes; 8 bytes in all, so 7 bytes for one column, 3 each for two, 1 each for three or
     * four) in a table of those longs, so a row costs no hash of its bytes and no compare through the stores. TPC-H q1
     * groups by two one-letter flags. The first value too long for its share turns it into a hash table for good.
     */
    private PackedTexts packed;
    private final int expectedKeys;
    /** The widest direct range: 64 MiB of offsets. */
    private static final long MAX_DIRECT = 1 << 24;

    public KeyTable(ArrowType[] keyTypes) {
        this(keyTypes, 512);
    }

    /** A table sized for about {@code expectedKeys} distinct keys, so filling it rehashes nothing. */
    public KeyTable(ArrowType[] keyTypes, int expectedKeys) {
        this(keyTypes, expectedKeys, false);
    }

    private KeyTable(ArrowType[] keyTypes, int expectedKeys, boolean startDirect) {
        stores = new KeyStore[keyTypes.length];
        for (int k = 0; k < keyTypes.length; k++) {
            stores[k] = KeyStore.of(keyTypes[k]);
        }
        hashIsKey = stores.length == 1 && stores[0] instanceof LongStore;
        this.expectedKeys = expectedKeys;
        if (startDirect && hashIsKey) {
            direct = new int[0];
        } else if (startDirect && PackedTexts.fits(stores)) {
            packed = new PackedTexts(stores.length);
        } else {
            allocateSlots(expectedKeys);
        }
    }

    /**
     * A table for grouping rows ({@link #assign} only, then {@link #keyColumns}): one integer key column starts
     * {@linkplain #direct direct}, up to four text columns {@linkplain #packed packed}, any other key a hash table.
     */
    public static KeyTable forGrouping(ArrowType[] keyTypes, int expectedKeys) {
        return new KeyTable(keyTypes, expectedKeys, true);
    }

    private void allocateSlots(int keys) {
        int capacity = Integer.highestOneBit(Math.max(512, Math.min(keys, 1 << 25)) * 2 - 1) << 1;
        slots = new long[2 * capacity];
        mask = capacity - 1;
    }

    public int size() {
        return size;
    }

    /**
     * The group id of each of the {@code n} rows of {@code keys}, adding new groups. A row with the key of the row
     * before it takes that row's id without a probe: sorted or clustered input (TPC-H's lineitem by order, a table
     * written in key order) repeats keys, and on a large table each probe is a cache miss.
     */
    public int[] assign(Column[] keys, int n) {
        return assignRows(keys, null, n);
    }

    /**
     * {@link #assign(Column[], int)} of keys that are, as they are, the text vectors {@code vectors} (an element is
     * null where a key is computed) at rows {@code sel[0..n)} (or the first {@code n}): while the table is
     * {@linkplain #packed packed}, each row's key is packed straight from the vectors' bytes, not from columns unpacked
     * from them first ({@link Columns#packTexts}); otherwise, or when a value is too long to pack, the keys come from
     * {@code columns}.
     */
    public int[] assign(ValueVector[] vectors, int[] sel, int n, java.util.function.Supplier<Column[]> columns) {
        BaseVariableWidthVector[] texts = packed == null ? null : texts(vectors);
        long[] keys = texts == null ? null : Columns.packTexts(texts, sel, n, packed.share);
        if (keys == null) {
            return assign(columns.get(), n);
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            int id = packed.find(keys[i]);
            if (id == 0) {
                packed.appendTo(keys[i], stores);
                id = ++size;
                packed.insert(keys[i], id);
            }
            ids[i] = id - 1;
        }
        return ids;
    }

    /** {@code vectors} as text vectors, one per key column, or null when one is not. */
    private BaseVariableWidthVector[] texts(ValueVector[] vectors) {
        if (vectors.length != stores.length) {
            return null;
        }
        BaseVariableWidthVector[] texts = new BaseVariableWidthVector[vectors.length];
        for (int k = 0; k < vectors.length; k++) {
            if (!(vectors[k] instanceof BaseVariableWidthVector text)) {
                return null;
            }
            texts[k] = text;
        }
        return texts;
    }

    /**
     * {@link #assign(Column[], int)} of rows whose {@link #hash}es the caller already has (it split the rows by them):
     * hashing them again was a tenth of merging an aggregation's partitions.
     */
    public int[] assign(Column[] keys, long[] hashes, int n) {
        return assignRows(keys, hashes, n);
    }

    /** A direct table assigns rows until it turns into a hash table (if it does); hashes are computed only then. */
    private int[] assignRows(Column[] keys, long[] known, int n) {
        int[] ids = new int[n];
        int done = direct != null ? assignDirect((LongColumn) keys[0], ids, n) : packed != null ? assignPacked(keys, ids, n) : 0;
        if (done < n) {
            assignHashed(keys, known != null ? known : hash(keys, n), ids, done, n);
        }
        return ids;
    }

    /**
     * Assigns rows from 0 while the table stays direct; returns the first row it did not assign (n when all were),
     * the table then being a hash table.
     */
    private int assignDirect(LongColumn keys, int[] ids, int n) {
        long[] values = keys.values;
        for (int i = 0; i < n; i++) {
            if (keys.isNull(i)) {
                toHashed();
                return i;
            }
            long offset = values[i] - directBase;
            if (Long.compareUnsigned(offset, direct.length) >= 0) {
                if (!widenDirect(values[i])) {
                    toHashed();
                    return i;
                }
                offset = values[i] - directBase;
            }
            int id = direct[(int) offset];
            if (id == 0) {
                stores[0].append(keys, i);
                id = ++size;
                direct[(int) offset] = id;
            }
            ids[i] = id - 1;
        }
        return n;
    }

    /** Widens the direct range to take {@code key}, doubling it at least; false if it would grow too sparse. */
    private boolean widenDirect(long key) {
        if (key == Long.MAX_VALUE) {
            return false;       // its end, key + 1, is not a long
        }
        long length = direct.length;
        long start = length == 0 ? key : Math.min(directBase, key);
        long end = length == 0 ? key + 1 : Math.max(directBase + length, key + 1);
        if (end - start <= 0 || end - start > MAX_DIRECT) {
            return false;       // also a range that overflows a long
        }
        long wanted = Math.max(end - start, Math.min(2 * length, MAX_DIRECT));
        if (wanted > 16L * (size + 1) + (1 << 16)) {
            return false;
        }
        if (key >= directBase + length) {
            if (start > Long.MAX_VALUE - wanted) {
                return false;
            }
            end = start + wanted;           // growing upwards (ascending keys): room above
        } else {
            if (end < Long.MIN_VALUE + wanted) {
                return false;
            }
            start = end - wanted;           // growing downwards: room below
        }
        int[] widened = new int[(int) (end - start)];
        if (length > 0) {
            System.arraycopy(direct, 0, widened, (int) (directBase - start), direct.length);
        }
        direct = widened;
        directBase = start;
        return true;
    }

    /**
     * Assigns rows from 0 while every key fits its packed share; returns the first row it did not assign (n when all
     * were), the table then being a hash table.
     */
    private int assignPacked(Column[] keys, int[] ids, int n) {
        for (int i = 0; i < n; i++) {
            long key = packed.key(keys, i);
            if (key == PackedTexts.TOO_LONG) {
                toHashed();
                return i;
            }
            // no shortcut for a key repeating the row before's, unlike the other modes: the table is small, so a probe
            // is cheap, and the shortcut's branch mispredicts on mixed flags (TPC-H q1)
            int id = packed.find(key);
            if (id == 0) {
                for (int k = 0; k < stores.length; k++) {
                    stores[k].append(keys[k], i);
                }
                id = ++size;
                packed.insert(key, id);
            }
            ids[i] = id - 1;
        }
        return n;
    }

    /** Leaves direct or packed mode: the groups so far go into a hash table, by the hash {@link #hash} gives their key. */
    private void toHashed() {
        long[] hashes = hash(keyColumns(), size);
        direct = null;
        packed = null;
        allocateSlots(Math.max(expectedKeys, 2 * size));     // at least twice the groups' slots: no growth here
        for (int group = 0; group < size; group++) {
            long hash = hashes[group];
            int slot = (int) (hash ^ (hash >>> 32)) & mask;
            while (slots[2 * slot + 1] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[2 * slot] = hash;
            slots[2 * slot + 1] = group + 1;
        }
    }

    private void assignHashed(Column[] keys, long[] hashes, int[] ids, int first, int n) {
        for (int from = first; from < n; from += TOUCH_ROWS) {
            int to = Math.min(n, from + TOUCH_ROWS);
            touchSlots(hashes, from, to);
            for (int i = from; i < to; i++) {
                ids[i] = i > first && repeatsPrevious(keys, hashes, i) ? ids[i - 1] : findOrInsert(keys, i, hashes[i]);
            }
        }
    }

    /** The group id of each row, or -1 where the key is not in the table (a repeated key probes once, as in {@link #assign}). */
    public int[] find(Column[] keys, int n) {
        if (direct != null || packed != null) {
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = lookup(keys, i, 0);     // neither mode hashes
            }
            return ids;
        }
        long[] hashes = hash(keys, n);
        int[] ids = new int[n];
        for (int from = 0; from < n; from += TOUCH_ROWS) {
            int to = Math.min(n, from + TOUCH_ROWS);
            touchSlots(hashes, from, to);
            for (int i = from; i < to; i++) {
                ids[i] = repeatsPrevious(keys, hashes, i) ? ids[i - 1] : lookup(keys, i, hashes[i]);
            }
        }
        return ids;
    }

    /** Rows whose first slots {@link #touchSlots} reads ahead of their probes: their cache lines fit in L1 and L2. */
    public static final int TOUCH_ROWS = 256;
    /** Tables of more slots than this outgrow the caches; smaller ones skip the extra pass. */
    private static final int TOUCH_ABOVE_SLOTS = 1 << 15;

    @SuppressWarnings("unused")
    private long touched;

    /**
     * Reads the first slot of rows {@code from..to)} before they probe, in a loop whose reads do not depend on one
     * another: on a table larger than the caches their misses overlap, where the probe loop (a branch and maybe an
     * insert per row) waits for one miss at a time. Java has no prefetch instruction; a read is the next best thing.
     */
    private void touchSlots(long[] hashes, int from, int to) {
        if (mask < TOUCH_ABOVE_SLOTS) {
            return;
        }
        long sink = 0;
        for (int i = from; i < to; i++) {
            sink += homeSlot(hashes[i]);
        }
        keep(sink);
    }

    /**
     * {@link #touchSlots} for rows spread over {@code tables} by the top {@code bits} of their hash, as
     * {@link #partitionRows} splits them (a join's partitioned build side), ahead of probing rows {@code from..to)}.
     */
    public static void touchSlots(KeyTable[] tables, int bits, long[] hashes, int from, int to) {
        if (tables[0].mask < TOUCH_ABOVE_SLOTS) {     // partitions hold about as many keys each
            return;
        }
        long sink = 0;
        for (int i = from; i < to; i++) {
            sink += tables[partition(hashes[i], bits)].homeSlot(hashes[i]);
        }
        tables[0].keep(sink);
    }

    private long homeSlot(long hash) {
        return slots[2 * ((int) (hash ^ (hash >>> 32)) & mask)];
    }

    private void keep(long sink) {
        if (sink == Long.MIN_VALUE) {
            touched = sink;     // a use of the reads, so the JIT keeps them, that (almost) never writes: workers
        }                       // probing one table at once would otherwise pass this field's cache line around
    }

    /** Whether row {@code i} of {@code keys} (whose {@link #hash}es are {@code hashes}) has the key of the row before it. */
    public static boolean repeatsPrevious(Column[] keys, long[] hashes, int i) {
        return i > 0 && hashes[i] == hashes[i - 1] && sameRows(keys, i, i - 1);
    }

    /**
     * Whether rows {@code a} and {@code b} of {@code keys} hold the same key, as the stores compare keys (NULL equal
     * to NULL); false, so the caller probes, for columns this does not compare (doubles, objects, booleans).
     */
    public static boolean sameRows(Column[] keys, int a, int b) {
        for (Column key : keys) {
            boolean nullA = key.isNull(a);
            if (nullA != key.isNull(b)) {
                return false;
            }
            if (nullA) {
                continue;
            }
            switch (key) {
                case LongColumn l -> {
                    if (l.values[a] != l.values[b]) {
                        return false;
                    }
                }
                case BytesColumn bytes -> {
                    if (!sameBytes(bytes.data, bytes.offsets[a], bytes.offsets[a + 1], bytes.data, bytes.offsets[b],
                            bytes.offsets[b + 1])) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether two byte ranges hold the same bytes. Keys are mostly short (flags, codes, names): comparing those byte
     * by byte skips the range checks and the call that {@link Arrays#equals(byte[], int, int, byte[], int, int)}
     * makes before comparing, which were most of the cost of grouping by two one-letter columns (TPC-H q1).
     */
    static boolean sameBytes(byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
        int length = aTo - aFrom;
        if (length != bTo - bFrom) {
            return false;
        }
        if (length > 16) {
            return Arrays.equals(a, aFrom, aTo, b, bFrom, bTo);
        }
        for (int i = 0; i < length; i++) {
            if (a[aFrom + i] != b[bFrom + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rows {@code 0..rows)} grouped by the partition the top {@code bits} of their {@link #hash} pick, each group in
     * row order: work split this way (a join's build side, an aggregation's final merge) gives each partition its
     * own table, and the tables' slots, taken from the low bits, stay evenly used.
     */
    public static int[][] partitionRows(long[] hashes, int rows, int bits) {
        int[] counts = new int[1 << bits];
        for (int i = 0; i < rows; i++) {
            counts[partition(hashes[i], bits)]++;
        }
        int[][] members = new int[1 << bits][];
        for (int p = 0; p < members.length; p++) {
            members[p] = new int[counts[p]];
        }
        int[] at = new int[1 << bits];
        for (int i = 0; i < rows; i++) {
            int p = partition(hashes[i], bits);
            members[p][at[p]++] = i;
        }
        return members;
    }

    /** The hashes of rows {@code rows} (as {@link #partitionRows} lists one partition's), in that order. */
    public static long[] hashesOf(long[] hashes, int[] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = hashes[rows[i]];
        }
        return out;
    }

    private static int partition(long hash, int bits) {
        return bits == 0 ? 0 : (int) (hash >>> (64 - bits));
    }

    /** Adds one group with no key columns (a global aggregate over no rows still has one group). */
    public int addEmptyGroup() {
        if (stores.length != 0) {
            throw new IllegalStateException("only a table without key columns has an empty group");
        }
        return size++;
    }

    /**
     * The packed keys of a {@linkplain #packed packed} grouping table, in open addressing over parallel arrays. Not a
     * general primitive map: it is only ever asked for a key, then told to add it.
     */
    private static final class PackedTexts {
        /** What {@link #key} gives for a value longer than its share (no packed key has all bits set: 0xFF is NULL). */
        static final long TOO_LONG = -1;
        private final int share;         // bytes of a column's value
        private final int width;         // bits per column: the length byte and the value
        private long[] keys = new long[64];
        private int[] ids = new int[64];         // group id + 1, 0 for an empty slot
        private int count;

        PackedTexts(int columns) {
            this.share = 8 / columns - 1;
            this.width = 8 * (share + 1);
        }

        static boolean fits(KeyStore[] stores) {
            return stores.length >= 1 && stores.length <= 4 && Arrays.stream(stores).allMatch(s -> s instanceof BytesStore);
        }

        /** Row {@code row}'s key tuple packed, or {@link #TOO_LONG}. */
        long key(Column[] columns, int row) {
            long key = 0;
            for (Column column : columns) {
                BytesColumn c = (BytesColumn) column;
                long part;
                if (c.isNull(row)) {
                    part = 0xFF;
                } else {
                    int from = c.offsets[row];
                    int length = c.offsets[row + 1] - from;
                    if (length > share) {
                        return TOO_LONG;
                    }
                    part = length;
                    for (int b = 0; b < length; b++) {
                        part |= (c.data[from + b] & 0xFFL) << (8 * (b + 1));
                    }
                }
                key = width == 64 ? part : key << width | part;
            }
            return key;
        }

        /** Appends the values of {@code key}, a key {@link #key} packs, to the stores of its columns. */
        void appendTo(long key, KeyStore[] stores) {
            for (int k = 0; k < stores.length; k++) {
                long part = width == 64 ? key : key >>> (width * (stores.length - 1 - k)) & ((1L << width) - 1);
                ((BytesStore) stores[k]).appendPacked(part);
            }
        }

        /** The id + 1 of {@code key}'s group, 0 if it has none. */
        int find(long key) {
            int mask = keys.length - 1;
            for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
                if (ids[slot] == 0 || keys[slot] == key) {
                    return ids[slot];
                }
            }
        }

        void insert(long key, int id) {
            if (2 * (count + 1) > keys.length) {
                long[] oldKeys = keys;
                int[] oldIds = ids;
                keys = new long[oldKeys.length * 2];
                ids = new int[oldKeys.length * 2];
                for (int s = 0; s < oldKeys.length; s++) {
                    if (oldIds[s] != 0) {
                        place(oldKeys[s], oldIds[s]);
                    }
                }
            }
            place(key, id);
            count++;
        }

        private void place(long key, int id) {
            int mask = keys.length - 1;
            int slot = slot(key, mask);
            while (ids[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            ids[slot] = id;
        }

        private static int slot(long key, int mask) {
            long h = KeyStore.combine(SEED, key);
            return (int) (h ^ (h >>> 32)) & mask;
        }
    }

    /** The distinct keys, one column per key, in group id order. */
    public Column[] keyColumns() {
        Column[] out = new Column[stores.length];
        for (int k = 0; k < stores.length; k++) {
            out[k] = stores[k].toColumn(size);
        }
        return out;
    }

    /**
     * The group id of row {@code row} of {@code keys} whose {@link #hash} is {@code hash}, or -1 when the key is not
     * in the table. Reads only: several threads may look up one table once it is filled.
     */
    public int find(Column[] keys, int row, long hash) {
        return lookup(keys, row, hash);
    }

    /** The {@link #hash} of a one-column key whose value is the (non-NULL, non-decimal) long {@code value}. */
    public static long hashOfLong(long value) {
        return KeyStore.combine(SEED, value);
    }

    /** The hash of each of the {@code n} rows of {@code keys}, as the table computes it (same keys, same hash). */
    public static long[] hash(Column[] keys, int n) {
        long[] hashes = new long[n];
        Arrays.fill(hashes, SEED);
        for (Column key : keys) {
            KeyStore.mix(key, hashes, n);
        }
        return hashes;
    }

    private int lookupDirect(Column keys, int row) {
        if (keys.isNull(row)) {
            return -1;          // a direct table holds no NULL key
        }
        long offset = ((LongColumn) keys).values[row] - directBase;
        return Long.compareUnsigned(offset, direct.length) < 0 ? direct[(int) offset] - 1 : -1;
    }

    private int lookup(Column[] keys, int row, long hash) {
        if (direct != null) {
            return lookupDirect(keys[0], row);
        }
        if (packed != null) {
            long key = packed.key(keys, row);
            return key == PackedTexts.TOO_LONG ? -1 : packed.find(key) - 1;
        }
        int slot = (int) (hash ^ (hash >>> 32)) & mask;
        while (true) {
            int id = (int) slots[2 * slot + 1];
            if (id == 0) {
                return -1;
            }
            if (slots[2 * slot] == hash && sameKey(id - 1, keys, row)) {
                return id - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean sameKey(int group, Column[] keys, int row) {
        return hashIsKey && !nullKeyStored && !keys[0].isNull(row) || equal(group, keys, row);
    }

    private int findOrInsert(Column[] keys, int row, long hash) {
        int slot = (int) (hash ^ (hash >>> 32)) & mask;
        while (true) {
            int id = (int) slots[2 * slot + 1];
            if (id == 0) {
                int group = size++;
                for (int k = 0; k < stores.length; k++) {
                    stores[k].append(keys[k], row);
                    nullKeyStored |= keys[k].isNull(row);
                }
                slots[2 * slot] = hash;
                slots[2 * slot + 1] = group + 1;
                if (size * 2 > mask + 1) {
                    grow();
                }
                return group;
            }
            if (slots[2 * slot] == hash && sameKey(id - 1, keys, row)) {
                return id - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean equal(int group, Column[] keys, int row) {
        for (int k = 0; k < stores.length; k++) {
            if (!stores[k].equalsRow(group, keys[k], row)) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        mask = old.length - 1;           // twice the slots: old.length / 2 * 2
        for (int s = 0; s < old.length; s += 2) {
            if (old[s + 1] != 0) {
                long hash = old[s];
                int slot = (int) (hash ^ (hash >>> 32)) & mask;
                while (slots[2 * slot + 1] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[2 * slot] = hash;
                slots[2 * slot + 1] = old[s + 1];
            }
        }
    }

    /** One key column's distinct values, in group order, in the column kind's own primitive array. */
    private abstract static sealed class KeyStore {
        final ArrowType type;
        boolean[] nulls = new boolean[64];

        KeyStore(ArrowType type) {
            this.type = type;
        }

        static KeyStore of(ArrowType type) {
            return switch (PhysicalKind.of(type)) {
                case LONG -> type instanceof ArrowType.Decimal ? new ObjectStore(type) : new LongStore(type);
                case DOUBLE -> new DoubleStore(type);
                case BOOL -> new BoolStore(type);
                case BYTES -> new BytesStore(type);
                case OBJECT -> new ObjectStore(type);
            };
        }

        /** Folds column values into the running row hashes, one tight loop per column kind. */
        static void mix(Column column, long[] hashes, int n) {
            switch (column) {
                case LongColumn c when !(c.type instanceof ArrowType.Decimal) -> {
                    for (int i = 0; i < n; i++) {
                        hashes[i] = combine(hashes[i], c.isNull(i) ? 0x5bd1e995L : c.values[i]);
                    }
                }
                case DoubleColumn c -> {
                    for (int i = 0; i < n; i++) {
                        double v = c.values[i] == 0.0 ? 0.0 : c.values[i]; // -0.0 and 0.0 group together
                        hashes[i] = combine(hashes[i], c.isNull(i) ? 0x5bd1e995L : Double.doubleToLongBits(v));
                    }
                }
                case BoolColumn c -> {
                    for (int i = 0; i < n; i++) {
                        hashes[i] = combine(hashes[i], c.isNull(i) ? 2 : c.values[i] ? 1 : 0);
                    }
                }
                case BytesColumn c -> {
                    for (int i = 0; i < n; i++) {
                        hashes[i] = combine(hashes[i], c.isNull(i) ? 0x5bd1e995L : bytesHash(c.data, c.offsets[i], c.offsets[i + 1]));
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        Object v = column.get(i);
                        hashes[i] = combine(hashes[i], v == null ? 0x5bd1e995L : normalized(v).hashCode());
                    }
                }
            }
        }

        static long combine(long h, long v) {
            long x = (h ^ v) * 0xff51afd7ed558ccdL;
            return x ^ (x >>> 33);
        }

        static long bytesHash(byte[] data, int from, int to) {
            long h = 0xcbf29ce484222325L;
            for (int i = from; i < to; i++) {
                h = (h ^ data[i]) * 0x100000001b3L;
            }
            return h;
        }

        /** Decimals compare by value: 1.0 and 1.00 are one key. */
        static Object normalized(Object v) {
            return v instanceof java.math.BigDecimal d ? d.stripTrailingZeros() : v;
        }

        void setNull(int group, boolean isNull) {
            if (group >= nulls.length) {
                nulls = Arrays.copyOf(nulls, Math.max(group + 1, nulls.length * 2));
            }
            nulls[group] = isNull;
        }

        abstract void append(Column column, int row);

        abstract boolean equalsRow(int group, Column column, int row);

        abstract Column toColumn(int size);

        boolean[] nullsOf(int size) {
            for (int i = 0; i < size; i++) {
                if (nulls[i]) {
                    return Arrays.copyOf(nulls, size);
                }
            }
            return null;
        }
    }

    private static final class LongStore extends KeyStore {
        long[] values = new long[64];
        private int count;

        LongStore(ArrowType type) {
            super(type);
        }

        @Override
        void append(Column column, int row) {
            LongColumn c = (LongColumn) column;
            if (count >= values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            boolean isNull = c.isNull(row);
            values[count] = isNull ? 0 : c.values[row];
            setNull(count, isNull);
            count++;
        }

        @Override
        boolean equalsRow(int group, Column column, int row) {
            LongColumn c = (LongColumn) column;
            boolean isNull = c.isNull(row);
            return isNull ? nulls[group] : !nulls[group] && values[group] == c.values[row];
        }

        @Override
        Column toColumn(int size) {
            return new LongColumn(type, Arrays.copyOf(values, size), size, nullsOf(size));
        }
    }

    private static final class DoubleStore extends KeyStore {
        double[] values = new double[64];
        private int count;

        DoubleStore(ArrowType type) {
            super(type);
        }

        @Override
        void append(Column column, int row) {
            DoubleColumn c = (DoubleColumn) column;
            if (count >= values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            boolean isNull = c.isNull(row);
            values[count] = isNull ? 0 : c.values[row];
            setNull(count, isNull);
            count++;
        }

        @Override
        boolean equalsRow(int group, Column column, int row) {
            DoubleColumn c = (DoubleColumn) column;
            boolean isNull = c.isNull(row);
            if (isNull || nulls[group]) {
                return isNull && nulls[group];
            }
            double a = values[group];
            double b = c.values[row];
            return a == b || (Double.isNaN(a) && Double.isNaN(b));
        }

        @Override
        Column toColumn(int size) {
            return new DoubleColumn(type, Arrays.copyOf(values, size), size, nullsOf(size));
        }
    }

    private static final class BoolStore extends KeyStore {
        boolean[] values = new boolean[64];
        private int count;

        BoolStore(ArrowType type) {
            super(type);
        }

        @Override
        void append(Column column, int row) {
            BoolColumn c = (BoolColumn) column;
            if (count >= values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            boolean isNull = c.isNull(row);
            values[count] = !isNull && c.values[row];
            setNull(count, isNull);
            count++;
        }

        @Override
        boolean equalsRow(int group, Column column, int row) {
            BoolColumn c = (BoolColumn) column;
            boolean isNull = c.isNull(row);
            return isNull ? nulls[group] : !nulls[group] && values[group] == c.values[row];
        }

        @Override
        Column toColumn(int size) {
            return new BoolColumn(Arrays.copyOf(values, size), size, nullsOf(size));
        }
    }

    private static final class BytesStore extends KeyStore {
        byte[] data = new byte[1024];
        int[] offsets = new int[65];
        private int count;

        BytesStore(ArrowType type) {
            super(type);
        }

        @Override
        void append(Column column, int row) {
            BytesColumn c = (BytesColumn) column;
            if (count + 1 >= offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            boolean isNull = c.isNull(row);
            int from = c.offsets[row];
            int length = isNull ? 0 : c.offsets[row + 1] - from;
            int end = offsets[count];
            if (end + length > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, end + length));
            }
            System.arraycopy(c.data, from, data, end, length);
            offsets[count + 1] = end + length;
            setNull(count, isNull);
            count++;
        }

        /** Appends the value of one column's part of a packed key: a length byte (0xFF for NULL), then its bytes. */
        void appendPacked(long part) {
            if (count + 1 >= offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            boolean isNull = (part & 0xFF) == 0xFF;
            int length = isNull ? 0 : (int) (part & 0xFF);
            int end = offsets[count];
            if (end + length > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, end + length));
            }
            for (int b = 0; b < length; b++) {
                data[end + b] = (byte) (part >>> (8 * (b + 1)));
            }
            offsets[count + 1] = end + length;
            setNull(count, isNull);
            count++;
        }

        @Override
        boolean equalsRow(int group, Column column, int row) {
            BytesColumn c = (BytesColumn) column;
            boolean isNull = c.isNull(row);
            if (isNull || nulls[group]) {
                return isNull && nulls[group];
            }
            return sameBytes(data, offsets[group], offsets[group + 1], c.data, c.offsets[row], c.offsets[row + 1]);
        }

        @Override
        Column toColumn(int size) {
            return new BytesColumn(type, Arrays.copyOf(data, offsets[size]), Arrays.copyOf(offsets, size + 1), size, nullsOf(size));
        }
    }

    /** Decimals and nested types: boxed, compared with equals (decimals by value). */
    private static final class ObjectStore extends KeyStore {
        Object[] values = new Object[64];
        private int count;

        ObjectStore(ArrowType type) {
            super(type);
        }

        @Override
        void append(Column column, int row) {
            if (count >= values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            Object v = column.get(row);
            values[count] = v;
            setNull(count, v == null);
            count++;
        }

        @Override
        boolean equalsRow(int group, Column column, int row) {
            Object v = column.get(row);
            Object stored = values[group];
            if (v == null || stored == null) {
                return v == null && stored == null;
            }
            if (v instanceof java.math.BigDecimal a && stored instanceof java.math.BigDecimal b) {
                return a.compareTo(b) == 0;
            }
            if (v instanceof byte[] a && stored instanceof byte[] b) {
                return Arrays.equals(a, b);
            }
            return v.equals(stored);
        }

        @Override
        Column toColumn(int size) {
            return new ObjectColumn(type, Arrays.copyOf(values, size), size);
        }
    }
}
