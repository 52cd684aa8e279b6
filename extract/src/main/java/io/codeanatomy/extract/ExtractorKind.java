package io.codeanatomy.extract;

/**
 * The extractors the runtime can run over each scanned file. Scanning itself ({@code repo_files_v1}) always runs.
 *
 * @since 0.1
 */
public enum ExtractorKind {
    /** Python and Java sources through tree-sitter: defs, imports, calls, refs, assignments, ts_files. */
    TREE_SITTER,
    /** {@code .class} files and jars through ASM: classes, methods, fields, invokes. */
    BYTECODE,
    /** Files named {@code index.scip} (SCIP code-intelligence indexes): scip_symbols, scip_occurrences. */
    SCIP,
    /**
     * The full tree-sitter syntax tree of Python and Java files, one {@code ts_nodes_v1} row per node. Large (about
     * 20 rows per line of code), so off by default: not in {@link ExtractOptions#DEFAULT}.
     */
    TS_NODES
}
