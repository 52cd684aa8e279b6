package io.codeanatomy.extract.internal.ts;

import io.codeanatomy.extract.internal.Deadline;
import io.codeanatomy.extract.internal.FileExtractor;
import io.codeanatomy.extract.internal.FileRows;
import io.codeanatomy.extract.internal.SourceFile;
import io.codeanatomy.extract.internal.TableSpec;
import io.codeanatomy.extract.internal.Tables;
import io.github.treesitter.jtreesitter.InputEncoding;
import io.github.treesitter.jtreesitter.Language;
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
    private final ConcurrentLinkedQueue<Scratch> scratches = new ConcurrentLinkedQueue<>();
    /** Set by {@link #close}: a worker abandoned past its deadline may still return a scratch afterwards. */
    private volatile boolean closed;
    private final NodeNames pythonNames;
    private final NodeNames javaNames;

    private final boolean definitions;
    private final boolean nodes;

    /**
     * @param definitions extract defs, imports, calls, refs, assignments
     * @param nodes       also emit every syntax node into ts_nodes_v1
     */
    public TreeSitterExtractor(boolean definitions, boolean nodes) {
        this.python = new PythonRules(TreeSitterNatives.python());
        this.java = new JavaRules(TreeSitterNatives.java());
        this.pythonNames = new NodeNames(python.grammar());
        this.javaNames = new NodeNames(java.grammar());
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
        Scratch scratch = scratches.poll();
        if (scratch == null) {
            scratch = new Scratch();
        }
        try {
            ParsedFile parsed = null;
            byte[] utf8 = file.utf8();
            Parser.Options options = new Parser.Options(state -> deadline.expired());
            try (Tree tree = parser.parse((offset, point) -> chunk(utf8, offset), InputEncoding.UTF_8, options)
                    .orElseThrow(() -> {
                        deadline.check();
                        return new IllegalStateException("tree-sitter returned no tree");
                    })) {
                FlatTree flat = flatten(tree, file, scratch);
                if (definitions) {
                    parsed = walk(flat, rules, file, out, deadline);
                }
                if (nodes) {
                    allNodes(flat, rules == python ? pythonNames : javaNames, file.fileId(), out, deadline);
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
            if (scratch.capacity <= Scratch.POOLED_CAPACITY) {
                scratches.add(scratch);
                if (closed) {
                    closeScratches();     // returned after close() drained the pool: freed here
                }
            } else {
                scratch.close();     // an outsized file's arrays are not kept
            }
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

    /** A tree as {@link TsNative#flatten} wrote it: {@code ints} is the Java copy of {@code intsNative}. */
    private record FlatTree(int[] ints, int count, MemorySegment intsNative, MemorySegment nodesNative,
            boolean hasError) {}

    /**
     * The native arrays a file's tree is flattened into, reused by later files. Fresh arrays per file (zeroed by the
     * arena, on pages the kernel had to map) were 5% of a Python stdlib build's CPU samples. Shared arenas, since a
     * pooled scratch moves between worker threads; {@link TsNative#flatten} writes every entry it reports, so stale
     * contents are never read. Growing frees the smaller arrays; {@link #close} frees the rest.
     */
    private static final class Scratch implements AutoCloseable {
        /** The most nodes a scratch keeps its arrays for once its file is done (about 19 MB). */
        static final long POOLED_CAPACITY = 1 << 18;

        private final Arena rootArena = Arena.ofShared();
        final MemorySegment root = rootArena.allocate(TsNative.NODE);
        private Arena arena;
        MemorySegment ints;
        MemorySegment nodes;
        long capacity;

        /** Room for at least {@code nodeCount} nodes. */
        void reserve(long nodeCount, SourceFile file) {
            if (nodeCount <= capacity) {
                return;
            }
            if (nodeCount * TsNative.FLAT_INTS > Integer.MAX_VALUE) {
                throw new IllegalStateException("tree-sitter tree of " + file.path() + " has too many nodes to walk");
            }
            Arena grown = Arena.ofShared();
            try {
                ints = grown.allocate(ValueLayout.JAVA_INT, nodeCount * TsNative.FLAT_INTS);
                nodes = grown.allocate(TsNative.NODE, nodeCount);
            } catch (RuntimeException | OutOfMemoryError e) {
                grown.close();
                throw e;
            }
            if (arena != null) {
                arena.close();
            }
            arena = grown;
            capacity = nodeCount;
        }

        @Override
        public void close() {
            if (arena != null) {
                arena.close();
            }
            rootArena.close();
        }
    }

    /** Flattens the tree with one native call ({@link TsNative#flatten}) into the scratch arrays. */
    private static FlatTree flatten(Tree tree, SourceFile file, Scratch scratch) {
        boolean hasError;
        try (TreeCursor rootCursor = tree.walk()) {
            hasError = rootCursor.getCurrentNode(SegmentAllocator.prefixAllocator(scratch.root)).hasError();
        }
        // The Python stdlib has about 0.18 visible nodes per byte; a denser file takes a second, larger try.
        scratch.reserve(file.utf8().length / 4 + 256, file);
        int count;
        while ((count = TsNative.flatten(scratch.root, scratch.ints, scratch.nodes, (int) scratch.capacity)) == 0) {
            scratch.reserve(scratch.capacity * 2, file);
        }
        int[] flat = scratch.ints.asSlice(0, (long) count * TsNative.FLAT_INTS * Integer.BYTES)
                .toArray(ValueLayout.JAVA_INT);
        return new FlatTree(flat, count, scratch.ints, scratch.nodes, hasError);
    }

    /**
     * Walks the flattened tree in the cursor's pre-order; a subtree the rules do not descend into is skipped, and
     * its nodes are not counted.
     */
    private static ParsedFile walk(FlatTree tree, LanguageRules rules, SourceFile file, FileRows out, Deadline deadline) {
        int[] flat = tree.ints();
        int count = tree.count();
        boolean countErrors = tree.hasError();
        ParsedFile f = new ParsedFile(file, out, deadline, flat, tree.intsNative(), tree.nodesNative());
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

    /** Every node in pre-order (the flat array's order), with its parent's index: the optional full syntax tree. */
    private static void allNodes(FlatTree tree, NodeNames names, long fileId, FileRows out, Deadline deadline) {
        int[] flat = tree.ints();
        for (int node = 0; node < tree.count(); node++) {
            if ((node & 1023) == 0) {
                deadline.check();
            }
            int base = node * TsNative.FLAT_INTS;
            int depth = flat[base + TsNative.FLAT_DEPTH];
            out.add(Tables.TS_NODES, fileId, (long) node, depth == 0 ? null : (long) flat[base + TsNative.FLAT_PARENT],
                    depth, names.type(flat[base + TsNative.FLAT_SYMBOL]),
                    (flat[base + TsNative.FLAT_FLAGS] & TsNative.FLAG_NAMED) != 0,
                    names.field(flat[base + TsNative.FLAT_FIELD]), flat[base + TsNative.FLAT_START],
                    flat[base + TsNative.FLAT_END]);
        }
    }

    /**
     * A grammar's symbol and field names by id, asked of tree-sitter once each ({@code ts_node_type} is the name of
     * the node's symbol, aliases included, as the flat array holds it). Shared by the workers: a race only asks twice.
     */
    private static final class NodeNames {
        private final Language language;
        private final String[] types;
        private final String[] fields;

        NodeNames(Language language) {
            this.language = language;
            this.types = new String[language.getSymbolCount()];
            this.fields = new String[language.getFieldCount() + 1];
        }

        String type(int symbol) {
            if (symbol >= types.length) {
                return language.getSymbolName((short) symbol);   // ERROR and the other built-in symbols
            }
            String name = types[symbol];
            if (name == null) {
                name = language.getSymbolName((short) symbol);
                types[symbol] = name;
            }
            return name;
        }

        String field(int id) {
            if (id == 0 || id >= fields.length) {
                return id == 0 ? null : language.getFieldNameForId((short) id);
            }
            String name = fields[id];
            if (name == null) {
                name = language.getFieldNameForId((short) id);
                fields[id] = name;
            }
            return name;
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
        closed = true;
        closeScratches();
    }

    private void closeScratches() {
        for (Scratch scratch; (scratch = scratches.poll()) != null; ) {
            scratch.close();
        }
    }
}
