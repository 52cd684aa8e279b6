package io.codeanatomy.extract.internal.ts;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Our own FFM bindings for the walk: the helpers in {@code native/codeanatomy_walk.c}, linked into the same
 * libtree-sitter jtreesitter uses. One call flattens a whole tree into arrays (the walk over per-node downcalls,
 * five or more per node each copying a {@code TSNode} by value, was most of the extraction CPU); the rules' few
 * lookups go by node index and pointers, so nothing is passed or returned by value. Bound once per process.
 */
@SuppressWarnings("restricted")   // binding native functions is this class's purpose
final class TsNative {
    private TsNative() {}

    /** {@code struct TSNode { uint32_t context[4]; const void *id; const TSTree *tree; }} */
    static final StructLayout NODE = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_INT), ValueLayout.ADDRESS, ValueLayout.ADDRESS);

    /** Ints per node in the flat array and their order: as {@code CA_*} in codeanatomy_walk.c. */
    static final int FLAT_SYMBOL = 0, FLAT_FIELD = 1, FLAT_START = 2, FLAT_END = 3, FLAT_ROW = 4, FLAT_FLAGS = 5,
            FLAT_SUBTREE_END = 6, FLAT_NAMED_CHILDREN = 7, FLAT_DEPTH = 8, FLAT_PARENT = 9, FLAT_INTS = 10;
    static final int FLAG_NAMED = 1, FLAG_MISSING = 2;

    static final short ERROR_SYMBOL = (short) 0xFFFF;

    private static final SymbolLookup LIB = TreeSitterNatives.coreLookup();
    private static final Linker LINKER = Linker.nativeLinker();

    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        MemorySegment address = LIB.find(name).orElseThrow(() -> new IllegalStateException(name + " is not in libtree-sitter"));
        return LINKER.downcallHandle(address, descriptor, Linker.Option.critical(false));
    }

    private static final MethodHandle FLATTEN = bind("codeanatomy_ts_flatten", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    // The lookups take the arrays' raw addresses (pointers are plain 64-bit integers in the C ABI): a segment
    // argument costs checks and a session acquire/release per call, and these run a few hundred thousand times.
    private static final MethodHandle CHILD_BY_FIELD = bind("codeanatomy_ts_child_by_field", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_SHORT));
    private static final MethodHandle PREV_NAMED_SIBLING = bind("codeanatomy_ts_prev_named_sibling",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

    /**
     * Writes the tree under {@code root} (a TSNode) in cursor pre-order: {@link #FLAT_INTS} ints per node into
     * {@code ints}, the TSNodes into {@code nodes}. Returns the node count, or 0 when more than {@code capacity}.
     */
    static int flatten(MemorySegment root, MemorySegment ints, MemorySegment nodes, int capacity) {
        int count;
        try {
            count = (int) FLATTEN.invokeExact(root, ints, nodes, capacity);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (count == -1) {
            throw new OutOfMemoryError("tree-sitter walk: no native memory for the cursor stack");
        }
        return count;
    }

    /**
     * {@code ts_node_child_by_field_id} of node {@code index}: the child's index, -1 for none. {@code nodes} and
     * {@code ints} are the addresses of {@link #flatten}'s arrays, which the caller keeps alive.
     */
    static int childByField(long nodes, long ints, int index, short field) {
        try {
            return checked((int) CHILD_BY_FIELD.invokeExact(nodes, ints, index, field), index);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ts_node_prev_named_sibling} of node {@code index}: the sibling's index, -1 for none. As above. */
    static int prevNamedSibling(long nodes, long ints, int index) {
        try {
            return checked((int) PREV_NAMED_SIBLING.invokeExact(nodes, ints, index), index);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int checked(int found, int index) {
        if (found < -1) {   // tree-sitter answered with a node the cursor walk did not visit where expected
            throw new IllegalStateException("tree-sitter lookup from node " + index + " found no flattened node");
        }
        return found;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("tree-sitter call failed", t);
    }
}
