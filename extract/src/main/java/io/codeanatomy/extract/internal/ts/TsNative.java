package io.codeanatomy.extract.internal.ts;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Our own FFM bindings for the calls the walk makes per node. jtreesitter's {@code Node} creates an automatic arena
 * per instance (a Cleaner registration per node, measured as the top cost on the stdlib); these calls work on
 * {@code TSNode} structs written into memory we own, so walking a tree allocates nothing per node.
 * The handles are immutable and bound once per process against the same libtree-sitter jtreesitter uses.
 */
@SuppressWarnings("restricted")   // binding native functions is this class's purpose
final class TsNative {
    private TsNative() {}

    /** {@code struct TSNode { uint32_t context[4]; const void *id; const TSTree *tree; }} */
    static final StructLayout NODE = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_INT), ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    /** {@code struct TSTreeCursor { const void *tree; const void *id; uint32_t context[3]; }} (+4 padding) */
    static final StructLayout CURSOR = MemoryLayout.structLayout(ValueLayout.ADDRESS, ValueLayout.ADDRESS,
            MemoryLayout.sequenceLayout(3, ValueLayout.JAVA_INT), MemoryLayout.paddingLayout(4));
    static final StructLayout POINT = MemoryLayout.structLayout(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);

    private static final SymbolLookup LIB = TreeSitterNatives.coreLookup();
    private static final Linker LINKER = Linker.nativeLinker();

    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        MemorySegment address = LIB.find(name).orElseThrow(() -> new IllegalStateException(name + " is not in libtree-sitter"));
        return LINKER.downcallHandle(address, descriptor, Linker.Option.critical(false));
    }

    private static final MethodHandle CURSOR_NEW = bind("ts_tree_cursor_new", FunctionDescriptor.of(CURSOR, NODE));
    private static final MethodHandle CURSOR_DELETE = bind("ts_tree_cursor_delete", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    private static final MethodHandle CURSOR_NODE = bind("ts_tree_cursor_current_node", FunctionDescriptor.of(NODE, ValueLayout.ADDRESS));
    private static final MethodHandle CURSOR_FIELD = bind("ts_tree_cursor_current_field_id",
            FunctionDescriptor.of(ValueLayout.JAVA_SHORT, ValueLayout.ADDRESS));
    private static final MethodHandle CURSOR_FIRST_CHILD = bind("ts_tree_cursor_goto_first_child",
            FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, ValueLayout.ADDRESS));
    private static final MethodHandle CURSOR_NEXT_SIBLING = bind("ts_tree_cursor_goto_next_sibling",
            FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, ValueLayout.ADDRESS));
    private static final MethodHandle CURSOR_PARENT = bind("ts_tree_cursor_goto_parent",
            FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, ValueLayout.ADDRESS));
    private static final MethodHandle SYMBOL = bind("ts_node_symbol", FunctionDescriptor.of(ValueLayout.JAVA_SHORT, NODE));
    private static final MethodHandle START_BYTE = bind("ts_node_start_byte", FunctionDescriptor.of(ValueLayout.JAVA_INT, NODE));
    private static final MethodHandle END_BYTE = bind("ts_node_end_byte", FunctionDescriptor.of(ValueLayout.JAVA_INT, NODE));
    private static final MethodHandle START_POINT = bind("ts_node_start_point", FunctionDescriptor.of(POINT, NODE));
    private static final MethodHandle IS_MISSING = bind("ts_node_is_missing", FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, NODE));
    private static final MethodHandle IS_NULL = bind("ts_node_is_null", FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, NODE));
    private static final MethodHandle IS_NAMED = bind("ts_node_is_named", FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, NODE));
    private static final MethodHandle CHILD_BY_FIELD = bind("ts_node_child_by_field_id",
            FunctionDescriptor.of(NODE, NODE, ValueLayout.JAVA_SHORT));
    private static final MethodHandle NAMED_CHILD_COUNT = bind("ts_node_named_child_count",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, NODE));
    private static final MethodHandle PREV_NAMED_SIBLING = bind("ts_node_prev_named_sibling", FunctionDescriptor.of(NODE, NODE));

    static final short ERROR_SYMBOL = (short) 0xFFFF;

    static MemorySegment cursorNew(SegmentAllocator allocator, MemorySegment node) {
        try {
            return (MemorySegment) CURSOR_NEW.invokeExact(allocator, node);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void cursorDelete(MemorySegment cursor) {
        try {
            CURSOR_DELETE.invokeExact(cursor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes the cursor's current node into the memory {@code into} hands out (a reused slot). */
    static MemorySegment cursorNode(SegmentAllocator into, MemorySegment cursor) {
        try {
            return (MemorySegment) CURSOR_NODE.invokeExact(into, cursor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static short cursorField(MemorySegment cursor) {
        try {
            return (short) CURSOR_FIELD.invokeExact(cursor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static boolean gotoFirstChild(MemorySegment cursor) {
        try {
            return (boolean) CURSOR_FIRST_CHILD.invokeExact(cursor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static boolean gotoNextSibling(MemorySegment cursor) {
        try {
            return (boolean) CURSOR_NEXT_SIBLING.invokeExact(cursor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static boolean gotoParent(MemorySegment cursor) {
        try {
            return (boolean) CURSOR_PARENT.invokeExact(cursor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static short symbol(MemorySegment node) {
        try {
            return (short) SYMBOL.invokeExact(node);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int startByte(MemorySegment node) {
        try {
            return (int) START_BYTE.invokeExact(node);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int endByte(MemorySegment node) {
        try {
            return (int) END_BYTE.invokeExact(node);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int startRow(SegmentAllocator scratch, MemorySegment node) {
        try {
            MemorySegment point = (MemorySegment) START_POINT.invokeExact(scratch, node);
            return point.get(ValueLayout.JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static boolean isMissing(MemorySegment node) {
        try {
            return (boolean) IS_MISSING.invokeExact(node);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static boolean isNull(MemorySegment node) {
        try {
            return (boolean) IS_NULL.invokeExact(node);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static boolean isNamed(MemorySegment node) {
        try {
            return (boolean) IS_NAMED.invokeExact(node);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment childByField(SegmentAllocator allocator, MemorySegment node, short field) {
        try {
            return (MemorySegment) CHILD_BY_FIELD.invokeExact(allocator, node, field);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int namedChildCount(MemorySegment node) {
        try {
            return (int) NAMED_CHILD_COUNT.invokeExact(node);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment prevNamedSibling(SegmentAllocator allocator, MemorySegment node) {
        try {
            return (MemorySegment) PREV_NAMED_SIBLING.invokeExact(allocator, node);
        } catch (Throwable t) {
            throw rethrow(t);
        }
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
