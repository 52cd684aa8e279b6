package io.codeanatomy.extract.internal;

import static io.codeanatomy.extract.internal.TableSpec.Type.BOOL;
import static io.codeanatomy.extract.internal.TableSpec.Type.INT32;
import static io.codeanatomy.extract.internal.TableSpec.Type.INT64;
import static io.codeanatomy.extract.internal.TableSpec.Type.UTF8;

import java.util.List;

/**
 * Every table extraction writes. Byte spans (bstart, bend) are UTF-8 byte offsets into the decoded file text; tables
 * with spans also carry their 1-based start/end line and column in code points (see {@link TableSpec#positioned()}).
 */
public final class Tables {
    private Tables() {}

    public static final TableSpec REPO_FILES = TableSpec.named("repo_files_v1")
            .col("file_id", INT64).col("path", UTF8).col("size", INT64).col("lang", UTF8).col("sha256", UTF8)
            .col("mtime_ms", INT64).col("is_generated", BOOL).opt("encoding", UTF8).build();

    public static final TableSpec ERRORS = TableSpec.named("extract_errors_v1")
            .col("path", UTF8).col("stage", UTF8).col("error_class", UTF8).col("message", UTF8).build();

    public static final TableSpec TS_FILES = TableSpec.named("ts_files_v1")
            .col("file_id", INT64).col("lang", UTF8).col("bytes", INT64).col("node_count", INT64)
            .col("error_nodes", INT32).col("missing_nodes", INT32).build();

    /** The full syntax tree (TS_NODES, off by default): every node with its parent, in pre-order. */
    public static final TableSpec TS_NODES = TableSpec.named("ts_nodes_v1")
            .col("file_id", INT64).col("node_index", INT64).opt("parent_index", INT64).col("depth", INT32)
            .col("node_type", UTF8).col("is_named", BOOL).opt("field_name", UTF8).col("bstart", INT32).col("bend", INT32)
            .positions().build();

    /**
     * Definitions. return_type is the class a function or method declares it returns, as written without type
     * arguments ({@code Foo}, {@code mod.Foo}; Python's {@code Optional[Foo]} and {@code "Foo"} reduced to Foo); null
     * when none is declared or it names no single class ({@code void}, arrays, unions).
     */
    public static final TableSpec DEFS = TableSpec.named("defs_v1")
            .col("file_id", INT64).col("def_id", INT64).col("kind", UTF8).col("name", UTF8).col("qualname", UTF8)
            .col("bstart", INT32).col("bend", INT32).col("line", INT32).opt("parent_def_id", INT64)
            .opt("decorators", UTF8).opt("docstring", UTF8).opt("return_type", UTF8).positions().build();

    /** One row per base class or implemented interface named in a class header, in source order. */
    public static final TableSpec BASES = TableSpec.named("bases_v1")
            .col("file_id", INT64).col("def_id", INT64).col("base", UTF8).col("base_index", INT32).build();

    /**
     * Declared types of Java fields, parameters and local variables: what a receiver's type is known to be. var_kind:
     * field, parameter, local, or varargs (a {@code T... xs} parameter; type_name is the element type T).
     */
    public static final TableSpec VAR_TYPES = TableSpec.named("var_types_v1")
            .col("file_id", INT64).opt("enclosing_def_id", INT64).col("var_name", UTF8).col("type_name", UTF8)
            .col("var_kind", UTF8).build();

    public static final TableSpec IMPORTS = TableSpec.named("imports_v1")
            .col("file_id", INT64).col("module_name", UTF8).opt("name", UTF8).opt("alias", UTF8).col("relative_level", INT32)
            .col("is_static", BOOL).col("is_wildcard", BOOL).col("bstart", INT32).col("bend", INT32)
            .opt("enclosing_def_id", INT64).positions().build();

    public static final TableSpec CALLS = TableSpec.named("calls_v1")
            .col("file_id", INT64).col("callee", UTF8).opt("receiver", UTF8).col("arg_count", INT32)
            .col("bstart", INT32).col("bend", INT32).opt("enclosing_def_id", INT64).positions().build();

    public static final TableSpec REFS = TableSpec.named("refs_v1")
            .col("file_id", INT64).col("name", UTF8).col("bstart", INT32).col("bend", INT32)
            .opt("enclosing_def_id", INT64).positions().build();

    /**
     * Literal constants in source order: kind is string, integer, float, boolean, null or char; code is the literal
     * as written (quotes included, cut at 200 characters). Python f-strings are strings; their interpolated parts are
     * walked as code.
     */
    public static final TableSpec LITERALS = TableSpec.named("literals_v1")
            .col("file_id", INT64).col("kind", UTF8).col("code", UTF8)
            .col("bstart", INT32).col("bend", INT32).opt("enclosing_def_id", INT64).positions().build();

    public static final TableSpec ASSIGNMENTS = TableSpec.named("assignments_v1")
            .col("file_id", INT64).col("target", UTF8).col("operator", UTF8).opt("value_text", UTF8)
            .col("bstart", INT32).col("bend", INT32).opt("enclosing_def_id", INT64).positions().build();

    public static final TableSpec BC_CLASSES = TableSpec.named("bytecode_classes_v1")
            .col("file_id", INT64).col("entry", UTF8).col("class_name", UTF8).opt("super_name", UTF8)
            .col("interfaces", UTF8).col("access", INT32).col("version", INT32).opt("source_file", UTF8).build();

    public static final TableSpec BC_METHODS = TableSpec.named("bytecode_methods_v1")
            .col("file_id", INT64).col("class_name", UTF8).col("name", UTF8).col("descriptor", UTF8)
            .col("access", INT32).opt("first_line", INT32).opt("line_numbers", UTF8).build();

    public static final TableSpec BC_FIELDS = TableSpec.named("bytecode_fields_v1")
            .col("file_id", INT64).col("class_name", UTF8).col("name", UTF8).col("descriptor", UTF8)
            .col("access", INT32).build();

    public static final TableSpec BC_INVOKES = TableSpec.named("bytecode_invokes_v1")
            .col("file_id", INT64).col("class_name", UTF8).col("method_name", UTF8).col("method_descriptor", UTF8)
            .col("owner", UTF8).col("name", UTF8).col("descriptor", UTF8).col("opcode", INT32).opt("line", INT32)
            .build();

    /**
     * SymbolInformation from an {@code index.scip}: per document, plus the index's external symbols
     * ({@code relative_path} null, {@code is_external} true). {@code file_id} is the index file's.
     */
    public static final TableSpec SCIP_SYMBOLS = TableSpec.named("scip_symbols_v1")
            .col("file_id", INT64).opt("relative_path", UTF8).col("symbol", UTF8).opt("display_name", UTF8)
            .opt("kind", UTF8).opt("documentation", UTF8).opt("enclosing_symbol", UTF8)
            .col("relationship_count", INT32).col("is_implementation", BOOL).col("is_external", BOOL).build();

    /**
     * Occurrences from an {@code index.scip}. Lines and columns are 0-based as in SCIP, end exclusive; columns count
     * in the document's position encoding. {@code doc_file_id} is the file id of the document's repo path, taking the
     * index's directory as the SCIP project root.
     */
    public static final TableSpec SCIP_OCCURRENCES = TableSpec.named("scip_occurrences_v1")
            .col("file_id", INT64).col("doc_file_id", INT64).col("relative_path", UTF8).col("symbol", UTF8)
            .col("symbol_roles", INT32).col("is_definition", BOOL)
            .col("start_line", INT32).col("start_col", INT32).col("end_line", INT32).col("end_col", INT32)
            .opt("enclosing_start_line", INT32).opt("enclosing_start_col", INT32)
            .opt("enclosing_end_line", INT32).opt("enclosing_end_col", INT32).build();

    public static final List<TableSpec> ALL = List.of(REPO_FILES, ERRORS, TS_FILES, TS_NODES, DEFS, BASES, VAR_TYPES, IMPORTS, CALLS, REFS,
            ASSIGNMENTS, LITERALS, BC_CLASSES, BC_METHODS, BC_FIELDS, BC_INVOKES, SCIP_SYMBOLS, SCIP_OCCURRENCES);
}
