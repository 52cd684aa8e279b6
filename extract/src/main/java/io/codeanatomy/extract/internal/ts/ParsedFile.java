package io.codeanatomy.extract.internal.ts;

import io.codeanatomy.extract.internal.Deadline;
import io.codeanatomy.extract.internal.FileRows;
import io.codeanatomy.extract.internal.SourceFile;
import io.codeanatomy.extract.internal.Tables;
import io.codeanatomy.extract.internal.Utf8Slice;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shared state of one file's walk: the UTF-8 text, the def scope stack, row emission. Language rules call into it.
 * Def ids are derived from the file id and the def's ordinal, so re-extracting unchanged content gives equal ids.
 */
final class ParsedFile {
    static final int MAX_VALUE_CHARS = 200;

    /** A def on the scope stack, popped when the walk leaves the node at {@code depth}. */
    record Scope(long defId, String kind, String qualname, int depth, boolean isClass, boolean isFunction) {}

    final SourceFile file;
    final byte[] utf8;
    final FileRows out;
    final Deadline deadline;
    private final List<Scope> scopes = new ArrayList<>();
    /** Start offsets of identifiers that name a member ({@code x.m()}), marked by their parent before the walk reaches them. */
    private final java.util.BitSet memberNames = new java.util.BitSet();
    private int ordinal;
    /** Decorators of the decorated_definition being entered, consumed by its class or function child. */
    List<String> pendingDecorators = List.of();
    long nodes;
    int errorNodes;
    int missingNodes;
    /** Byte offset of the first ERROR or MISSING node, -1 while there is none. */
    int firstErrorByte = -1;

    /**
     * The flattened tree ({@link TsNative#flatten}): a Java copy for reads, and the addresses of the native arrays
     * for lookups (the caller keeps their arena open while the rules run).
     */
    private final int[] flat;
    private final long flatNative;
    private final long nodesNative;

    ParsedFile(SourceFile file, FileRows out, Deadline deadline, int[] flat, MemorySegment flatNative,
            MemorySegment nodesNative) {
        this.flat = flat;
        this.flatNative = flatNative.address();
        this.nodesNative = nodesNative.address();
        this.file = file;
        this.utf8 = file.utf8();
        this.out = out;
        this.deadline = deadline;
    }

    String text(int start, int end) {
        int s = Math.max(0, Math.min(start, utf8.length));
        int e = Math.max(s, Math.min(end, utf8.length));
        return new String(utf8, s, e - s, StandardCharsets.UTF_8);
    }

    String text(int node) {
        return text(start(node), end(node));
    }

    /** The node's text as a slice of the file's bytes, for cells that need no Java string. */
    Utf8Slice slice(int node) {
        int s = Math.max(0, Math.min(start(node), utf8.length));
        int e = Math.max(s, Math.min(end(node), utf8.length));
        return new Utf8Slice(utf8, s, e - s);
    }

    /**
     * Whether the node's text contains the ASCII {@code first} followed by one of {@code seconds} (any byte when
     * empty), searched in the UTF-8 bytes: no ASCII byte occurs inside a multi-byte sequence, so this is what
     * {@code text(node).contains(...)} says, without decoding.
     */
    boolean containsAscii(int node, char first, String seconds) {
        int s = Math.max(0, Math.min(start(node), utf8.length));
        int e = Math.max(s, Math.min(end(node), utf8.length));
        for (int i = s; i < e; i++) {
            if (utf8[i] == first && (seconds.isEmpty() || (i + 1 < e && seconds.indexOf(utf8[i + 1]) >= 0))) {
                return true;
            }
        }
        return false;
    }

    /** The node's text, or {@code otherwise} for no node (-1). */
    String textOr(int node, String otherwise) {
        return node < 0 ? otherwise : text(node);
    }

    /**
     * {@link #shortText} as a row cell: the bytes themselves when the text is short enough to be kept whole (at most
     * {@link #MAX_VALUE_CHARS} bytes, so at most as many chars), sparing a decode here and an encode in the batch.
     */
    Object shortCell(int node) {
        Utf8Slice slice = slice(node);
        return slice.length() <= MAX_VALUE_CHARS ? slice : shortText(node);
    }

    String shortText(int node) {
        String t = text(node);
        return t.length() > MAX_VALUE_CHARS ? t.substring(0, MAX_VALUE_CHARS) + "…" : t;
    }

    Scope current() {
        return scopes.isEmpty() ? null : scopes.get(scopes.size() - 1);
    }

    Long enclosingDefId() {
        Scope scope = current();
        return scope == null ? null : scope.defId();
    }

    /** Pops scopes whose node the walk has left (their depth is at or below the new node's depth). */
    void leaveTo(int depth) {
        while (!scopes.isEmpty() && scopes.get(scopes.size() - 1).depth() >= depth) {
            scopes.remove(scopes.size() - 1);
        }
    }

    /** Emits a def row; when {@code depth >= 0} it becomes the enclosing scope of the node's descendants. */
    long def(String kind, String name, String qualname, int bstart, int bend, int line, String decorators,
            String docstring, int depth) {
        return def(kind, name, qualname, bstart, bend, line, decorators, docstring, null, depth);
    }

    /** A function or method def with the class it declares it returns (null: none). */
    long def(String kind, String name, String qualname, int bstart, int bend, int line, String decorators,
            String docstring, String returnType, int depth) {
        long defId = mix(file.fileId(), ordinal++);
        Scope parent = current();
        out.add(Tables.DEFS, file.fileId(), defId, kind, name, qualname, bstart, bend, line,
                parent == null ? null : parent.defId(), decorators, docstring, returnType);
        if (depth >= 0) {
            scopes.add(new Scope(defId, kind, qualname, depth, kind.equals("class"),
                    kind.equals("function") || kind.equals("method") || kind.equals("lambda")));
        }
        return defId;
    }

    /**
     * Records the bases a class header names, from the header's text: {@code (A, m.B, metaclass=M)} in Python,
     * {@code extends A<T>} / {@code implements B, C} in Java. Type arguments, keyword arguments and unpackings are
     * dropped; what remains is each base as written.
     */
    void bases(long defId, String headerText) {
        String text = stripTypeArguments(headerText.strip());
        if (text.startsWith("(") && text.endsWith(")")) {
            text = text.substring(1, text.length() - 1);
        }
        text = text.replaceFirst("^(extends|implements)\\s+", "");
        int ordinal = 0;
        for (String part : text.split(",")) {
            String base = part.strip();
            if (base.isEmpty() || base.contains("=") || base.startsWith("*") || base.contains("(")) {
                continue;
            }
            out.add(Tables.BASES, file.fileId(), defId, base, ordinal++);
        }
    }

    /** {@code Map<K, List<V>>} to {@code Map}: drops everything between balanced angle brackets. */
    static String stripTypeArguments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A variable with a declared type, in the current scope. The type is recorded as written without type
     * arguments or array brackets; {@code var} (inferred) is recorded only for a local, whose row declares it.
     */
    void varType(String name, String typeText, String varKind) {
        String type = stripTypeArguments(typeText).replace("[]", "").replace("...", "").strip();
        if (!type.isEmpty() && (!type.equals("var") || varKind.equals("local"))) {
            out.add(Tables.VAR_TYPES, file.fileId(), enclosingDefId(), name, type, varKind);
        }
    }

    void literal(String kind, int node) {
        out.add(Tables.LITERALS, file.fileId(), kind, shortCell(node), start(node), end(node), enclosingDefId());
    }

    /**
     * Marks {@code node}, an identifier the walk has not reached yet, as a member name (the {@code m} of {@code x.m()}),
     * which is no reference to a name in scope; its parent knows this, the identifier itself does not.
     */
    void memberName(int node) {
        memberNames.set(start(node));
    }

    /** Whether {@code node} was marked by {@link #memberName}. */
    boolean isMemberName(int node) {
        return memberNames.get(start(node));
    }

    void ref(Object name, int bstart, int bend) {
        out.add(Tables.REFS, file.fileId(), name, bstart, bend, enclosingDefId());
    }

    void call(Object callee, Object receiver, int argCount, int bstart, int bend) {
        out.add(Tables.CALLS, file.fileId(), callee, receiver, argCount, bstart, bend, enclosingDefId());
    }

    void assignment(Object target, Object operator, Object value, int bstart, int bend) {
        out.add(Tables.ASSIGNMENTS, file.fileId(), target, operator, value, bstart, bend, enclosingDefId());
    }

    void importRow(String module, String name, String alias, int level, boolean isStatic, boolean wildcard, int bstart,
            int bend) {
        out.add(Tables.IMPORTS, file.fileId(), module, name, alias, level, isStatic, wildcard, bstart, bend,
                enclosingDefId());
    }

    int start(int node) {
        return flat[node * TsNative.FLAT_INTS + TsNative.FLAT_START];
    }

    int end(int node) {
        return flat[node * TsNative.FLAT_INTS + TsNative.FLAT_END];
    }

    short symbol(int node) {
        return (short) flat[node * TsNative.FLAT_INTS + TsNative.FLAT_SYMBOL];
    }

    int line(int node) {
        return flat[node * TsNative.FLAT_INTS + TsNative.FLAT_ROW] + 1;
    }

    int namedChildCount(int node) {
        return flat[node * TsNative.FLAT_INTS + TsNative.FLAT_NAMED_CHILDREN];
    }

    /** The child in {@code field}, or -1. */
    int child(int node, short field) {
        return TsNative.childByField(nodesNative, flatNative, node, field);
    }

    int prevNamedSibling(int node) {
        return TsNative.prevNamedSibling(nodesNative, flatNative, node);
    }

    /** Children of {@code node} as the cursor visits them: named ones only, or all; only those in {@code field} unless it is -1. */
    int[] children(int node, boolean namedOnly, short field) {
        int[] out = new int[8];
        int n = 0;
        int end = flat[node * TsNative.FLAT_INTS + TsNative.FLAT_SUBTREE_END];
        for (int child = node + 1; child < end; child = flat[child * TsNative.FLAT_INTS + TsNative.FLAT_SUBTREE_END]) {
            int base = child * TsNative.FLAT_INTS;
            if (field >= 0 && flat[base + TsNative.FLAT_FIELD] != field) {
                continue;
            }
            if (!namedOnly || (flat[base + TsNative.FLAT_FLAGS] & TsNative.FLAG_NAMED) != 0) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = child;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    int[] namedChildren(int node) {
        return children(node, true, (short) -1);
    }

    int[] childrenInField(int node, short field) {
        return children(node, false, field);
    }

    static String jsonArray(List<String> items) {
        if (items.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"');
            for (char c : items.get(i).toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
        return sb.append(']').toString();
    }

    /** The dotted module name of a path: {@code pkg/mod.py} is {@code pkg.mod}, {@code pkg/__init__.py} is {@code pkg}. */
    static String moduleName(String path) {
        String p = path;
        int dot = p.lastIndexOf('.');
        if (dot > p.lastIndexOf('/')) {
            p = p.substring(0, dot);
        }
        if (p.endsWith("/__init__")) {
            p = p.substring(0, p.length() - "/__init__".length());
        }
        return p.replace('/', '.');
    }

    private static long mix(long fileId, int ordinal) {
        long z = fileId + 0x9E3779B97F4A7C15L * (ordinal + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
