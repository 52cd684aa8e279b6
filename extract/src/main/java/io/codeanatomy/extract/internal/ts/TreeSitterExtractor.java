package io.codeanatomy.extract.internal.ts;

import io.codeanatomy.extract.internal.Deadline;
import io.codeanatomy.extract.internal.FileExtractor;
import io.codeanatomy.extract.internal.FileRows;
import io.codeanatomy.extract.internal.SourceFile;
import io.codeanatomy.extract.internal.TableSpec;
import io.codeanatomy.extract.internal.Tables;
import io.github.treesitter.jtreesitter.InputEncoding;
import io.github.treesitter.jtreesitter.Node;
import io.github.treesitter.jtreesitter.Parser;
import io.github.treesitter.jtreesitter.Tree;
import io.github.treesitter.jtreesitter.TreeCursor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Parses Python and Java files with tree-sitter (jtreesitter), flattens each tree with one native call
 * ({@link TsNative#flatten}) and walks the arrays once. Parsers are pooled (one per worker at most) because a parser
 * is single-threaded; the parse stops when the file's deadline passes.
 */
public final class TreeSitterExtractor implements FileExtractor {
    private static final int CHUNK = 64 * 1024;

    private final PythonRules python;
    private final JavaRules java;
    private final ConcurrentLinkedQueue<Parser> pythonParsers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Parser> javaParsers = new ConcurrentLinkedQueue<>();

    private final boolean definitions;
    private final boolean nodes;

    /**
     * @param definitions extract defs, imports, calls, refs, assignments
     * @param nodes       also emit every syntax node into ts_nodes_v1
     */
    public TreeSitterExtractor(boolean definitions, boolean nodes) {
        this.python = new PythonRules(TreeSitterNatives.python());
        this.java = new JavaRules(TreeSitterNatives.java());
        this.definitions = definitions;
        this.nodes = nodes;
    }

    @Override
    public String name() {
        return "tree-sitter";
    }

    @Override
    public List<TableSpec> tables() {
        List<TableSpec> tables = new java.util.ArrayList<>(List.of(Tables.TS_FILES));
        if (definitions) {
            tables.addAll(List.of(Tables.DEFS, Tables.BASES, Tables.VAR_TYPES, Tables.IMPORTS, Tables.CALLS, Tables.REFS,
                    Tables.ASSIGNMENTS, Tables.LITERALS));
        }
        if (nodes) {
            tables.add(Tables.TS_NODES);
        }
        return tables;
    }

    @Override
    public boolean accepts(SourceFile file) {
        return file.utf8() != null && (file.language().equals("python") || file.language().equals("java"));
    }

    @Override
    public void extract(SourceFile file, FileRows out, Deadline deadline) {
        LanguageRules rules = file.language().equals("python") ? python : java;
        ConcurrentLinkedQueue<Parser> pool = rules == python ? pythonParsers : javaParsers;
        Parser parser = pool.poll();
        if (parser == null) {
            parser = new Parser(rules.grammar());
        }
        try (Arena arena = Arena.ofConfined()) {
            ParsedFile parsed = null;
            byte[] utf8 = file.utf8();
            Parser.Options options = new Parser.Options(state -> deadline.expired());
            try (Tree tree = parser.parse((offset, point) -> chunk(utf8, offset), InputEncoding.UTF_8, options)
                    .orElseThrow(() -> {
                        deadline.check();
                        return new IllegalStateException("tree-sitter returned no tree");
                    })) {
                if (definitions) {
                    parsed = walk(tree, rules, file, out, deadline, arena);
                }
                if (nodes) {
                    allNodes(tree, file.fileId(), out, deadline);
                }
            }
            long nodeCount = parsed == null ? 0 : parsed.nodes;
            int errorNodes = parsed == null ? 0 : parsed.errorNodes;
            int missingNodes = parsed == null ? 0 : parsed.missingNodes;
            out.add(Tables.TS_FILES, file.fileId(), rules.language(), (long) utf8.length, nodeCount, errorNodes,
                    missingNodes);
            if (errorNodes + missingNodes > 0) {
                out.add(Tables.ERRORS, file.path(), "tree-sitter", "SyntaxError", errorNodes + " ERROR and "
                        + missingNodes + " MISSING nodes, the first at byte " + parsed.firstErrorByte
                        + "; the rest of the file was extracted");
            }
        } finally {
            parser.reset();
            pool.add(parser);
        }
    }

    /** Up to 64 KiB of text from {@code offset}, cut at a UTF-8 sequence boundary so it decodes losslessly. */
    private static String chunk(byte[] utf8, int offset) {
        if (offset >= utf8.length) {
            return "";
        }
        int end = Math.min(utf8.length, offset + CHUNK);
        while (end < utf8.length && end > offset && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(utf8, offset, end - offset, StandardCharsets.UTF_8);
    }

    /**
     * Flattens the tree with one native call ({@link TsNative#flatten}), then walks the arrays in the cursor's
     * pre-order; a subtree the rules do not descend into is skipped, and its nodes are not counted.
     */
    private static ParsedFile walk(Tree tree, LanguageRules rules, SourceFile file, FileRows out, Deadline deadline,
            Arena arena) {
        MemorySegment root = arena.allocate(TsNative.NODE);
        boolean countErrors;
        try (TreeCursor rootCursor = tree.walk()) {
            countErrors = rootCursor.getCurrentNode(SegmentAllocator.prefixAllocator(root)).hasError();
        }
        // The Python stdlib has about 0.18 visible nodes per byte; a denser file takes a second, larger try.
        long capacity = file.utf8().length / 4 + 256;
        MemorySegment ints;
        MemorySegment nodes;
        int count;
        do {
            if (capacity * TsNative.FLAT_INTS > Integer.MAX_VALUE) {
                throw new IllegalStateException("tree-sitter tree of " + file.path() + " has too many nodes to walk");
            }
            ints = arena.allocate(ValueLayout.JAVA_INT, capacity * TsNative.FLAT_INTS);
            nodes = arena.allocate(TsNative.NODE, capacity);
            count = TsNative.flatten(root, ints, nodes, (int) capacity);
            capacity *= 2;
        } while (count == 0);
        int[] flat = ints.asSlice(0, (long) count * TsNative.FLAT_INTS * Integer.BYTES).toArray(ValueLayout.JAVA_INT);
        ParsedFile f = new ParsedFile(file, out, deadline, flat, ints, nodes);
        int[] kinds = new int[64];
        int node = 0;
        while (node < count) {
            int base = node * TsNative.FLAT_INTS;
            if ((++f.nodes & 1023) == 0) {
                deadline.check();
            }
            int depth = flat[base + TsNative.FLAT_DEPTH];
            f.leaveTo(depth);
            short symbol = (short) flat[base + TsNative.FLAT_SYMBOL];
            if (countErrors) {
                if (symbol == TsNative.ERROR_SYMBOL) {
                    f.errorNodes++;
                    f.firstErrorByte = f.firstErrorByte < 0 ? flat[base + TsNative.FLAT_START] : f.firstErrorByte;
                } else if ((flat[base + TsNative.FLAT_FLAGS] & TsNative.FLAG_MISSING) != 0) {
                    f.missingNodes++;
                    f.firstErrorByte = f.firstErrorByte < 0 ? flat[base + TsNative.FLAT_START] : f.firstErrorByte;
                }
            }
            int kind = rules.kind(symbol);
            if (depth + 1 >= kinds.length) {
                kinds = Arrays.copyOf(kinds, Math.max(kinds.length * 2, depth + 2));
            }
            kinds[depth] = kind;
            int parentKind = depth == 0 ? 0 : kinds[depth - 1];
            boolean descend = kind == 0
                    || rules.enter(node, kind, parentKind, (short) flat[base + TsNative.FLAT_FIELD], depth, f);
            node = descend ? node + 1 : flat[base + TsNative.FLAT_SUBTREE_END];
        }
        return f;
    }

    /** Every node in pre-order, with its parent's index: the optional full syntax tree. */
    private static void allNodes(Tree tree, long fileId, FileRows out, Deadline deadline) {
        try (TreeCursor cursor = tree.walk()) {
            long[] parents = new long[64];
            long index = 0;
            int depth = 0;
            while (true) {
                if ((index & 1023) == 0) {
                    deadline.check();
                }
                Node node = cursor.getCurrentNode();
                if (depth >= parents.length) {
                    parents = Arrays.copyOf(parents, parents.length * 2);
                }
                parents[depth] = index;
                out.add(Tables.TS_NODES, fileId, index, depth == 0 ? null : parents[depth - 1], depth, node.getType(),
                        node.isNamed(), cursor.getCurrentFieldName(), node.getStartByte(), node.getEndByte());
                index++;
                if (cursor.gotoFirstChild()) {
                    depth++;
                    continue;
                }
                while (!cursor.gotoNextSibling()) {
                    if (!cursor.gotoParent()) {
                        return;
                    }
                    depth--;
                }
            }
        }
    }

    @Override
    public void close() {
        for (Parser parser; (parser = pythonParsers.poll()) != null; ) {
            parser.close();
        }
        for (Parser parser; (parser = javaParsers.poll()) != null; ) {
            parser.close();
        }
    }
}
