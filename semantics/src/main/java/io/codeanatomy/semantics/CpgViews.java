package io.codeanatomy.semantics;

import java.util.List;
import java.util.Set;

/**
 * The code property graph as SQL views over the extracted tables ({@code repo_files_v1}, {@code defs_v1},
 * {@code imports_v1}, {@code calls_v1}). Node ids are {@code stable_id} hashes of what identifies a node in its file
 * (path, kind, qualified name, start byte), so they are the same in every build of the same sources.
 *
 * <p>A plain Python call ({@code f()}) first looks its name up by the scope rules of identifiers: bound to a parameter
 * or local, it invokes a value and gets no edge; bound nowhere and named like a builtin, it calls the builtin (an
 * external METHOD node, {@code builtins.len}, in the file {@code <external>}). Java's implicit {@code java.lang}
 * import gives static calls and constructors of its classes, and calls on receivers declared with its types, external
 * targets too. Then call resolution tries strategies in order and keeps, per call, the candidates of the first that
 * finds any:
 * <ol>
 *   <li>{@code type-inferred}: the receiver's class is known, and the target is its method of that name (else one of
 *       its direct bases'). Known means: {@code self}/{@code cls}/{@code this} (or no receiver in Java), the enclosing
 *       class; a variable with a declared type (Java declarations, Python annotations) or assigned a constructor call
 *       ({@code x = Foo()}); or a value returned by a call whose target declares its return type ({@code -> Foo}, Java
 *       {@code Foo m()}): a variable assigned that call ({@code x = make()}, {@code x = mod.make()},
 *       {@code x = self.build()}, {@code x = Foo.create()}, Python {@code self.x = make()}) or a receiver that is that
 *       call ({@code a.b().c()}). A declared type wins over a returned one. The view graph has no cycles, so return
 *       types start from a first pass of resolution that uses none ({@code cpg_first_call_candidates}) and are carried
 *       along value flow (call to receiver, call to assigned variable to receiver) a fixed four links: in
 *       {@code f().a().b().c().d().e()}, {@code e} is not resolved;</li>
 *   <li>{@code exact}: an unqualified call to a function defined in the same module or the enclosing function, or a
 *       Python call on a class of the same module ({@code Foo.create()});</li>
 *   <li>{@code import-resolved}: the callee (or its receiver) is a name bound by an import, including aliases,
 *       Java single-type and static imports;</li>
 *   <li>{@code name-arity}: any function or method of that name taking that many arguments, confidence split
 *       evenly between the candidates.</li>
 * </ol>
 *
 * @since 0.1
 */
public final class CpgViews {
    private CpgViews() {}

    /** Node kinds, with the Joern CPG node type they correspond to. */
    public static final List<List<String>> NODE_KINDS = List.of(
            List.of("FILE", "FILE", "a source file"),
            List.of("MODULE", "NAMESPACE_BLOCK", "a Python module or a Java compilation unit (qualified name: module or package)"),
            List.of("CLASS", "TYPE_DECL", "a class, interface, enum or record"),
            List.of("METHOD", "METHOD", "a function, method, constructor (<init>) or lambda; or an external method calls "
                    + "resolve to (a Python builtin, a java.lang method), with sub_kind external and file <external>"),
            List.of("PARAMETER", "METHOD_PARAMETER_IN", "a formal parameter"),
            List.of("FIELD", "MEMBER", "a field or class attribute"),
            List.of("CALL", "CALL", "a call site"),
            List.of("IMPORT", "IMPORT", "an import statement (one per imported name)"),
            List.of("LOCAL", "LOCAL", "a local variable (assigned in a Python function, declared in a Java method)"),
            List.of("IDENTIFIER", "IDENTIFIER", "a use of a name"),
            List.of("LITERAL", "LITERAL", "a constant as written (sub_kind: string, integer, float, boolean, null, char)"));

    /** Edge kinds, with the Joern CPG edge type they correspond to. */
    public static final List<List<String>> EDGE_KINDS = List.of(
            List.of("CONTAINS", "CONTAINS", "file to its module; method or module to the calls, imports, identifiers and "
                    + "literals in it"),
            List.of("AST", "AST", "a definition to the definitions nested in it (class to method, method to parameter)"),
            List.of("CALLS", "CALL", "a call site to a method it may invoke; carries confidence and strategy"),
            List.of("IMPORTS", "IMPORTS", "an import to the module or definition it binds, when that is in the repository"),
            List.of("REF", "REF", "an identifier to the parameter, local, definition or import its name is bound to"),
            List.of("DEFINES", "(none; Joern's REACHING_DEF starts at such writes)", "an identifier an assignment writes "
                    + "(x = ..., x += ...) to the local, parameter or field it assigns; the identifier also has its REF"),
            List.of("INHERITS", "INHERITS_FROM", "a class to a class it extends or implements"),
            List.of("OVERRIDES", "(none; Joern derives it)", "a method to the base-class method it overrides"));

    /**
     * The calls whose returned class becomes known one link of value flow after those in {@code previous}: calls whose
     * receiver is the value of a call {@code previous} types, with the class their target (a method of that class or
     * of a direct base) returns. The view graph has no recursion, so links are followed a fixed number of times; each
     * level reads the one before once (a level read twice would be inlined twice, and the chain would grow
     * exponentially).
     */
    private static ViewDef returnsOneLinkAfter(String name, String previous) {
        return new ViewDef(name, """
                SELECT DISTINCT y.call_id, k.class_def_id
                FROM %s r
                JOIN cpg_receiver_calls y ON y.receiver_call_id = r.call_id
                JOIN cpg_calls c ON c.node_id = y.call_id
                JOIN cpg_class_scopes s ON s.class_def_id = r.class_def_id
                JOIN cpg_callables t ON t.parent_def_id = s.scope_def_id AND t.name = c.callee
                  AND c.arg_count BETWEEN t.min_args AND t.max_args
                JOIN cpg_type_classes k ON k.file_id = t.file_id AND k.type_name = t.return_type
                """.formatted(previous), "Calls whose returned class is known one link of value flow after "
                        + previous);
    }

    /**
     * The edges of the graph in three parts, each a view: those read off the syntax tree and the imports (all but a
     * few of the rows, ready early), the name bindings (identifiers, inheritance, overrides) and the resolved calls
     * (ready last, after the chain of call resolution). {@code cpg_edges} is their union; a build writes each part
     * into the one commit of {@code cpg_edges} as soon as it is ready, while the views the others need still run.
     */
    public static final List<ViewDef> EDGE_PARTS = List.of(
            new ViewDef("cpg_edges_syntax", """
                SELECT f.node_id AS src, m.node_id AS dst, 'CONTAINS' AS kind, CAST(1.0 AS DOUBLE) AS confidence,
                       'exact' AS strategy, f.path AS file
                FROM cpg_files f JOIN cpg_defs m ON m.file_id = f.file_id AND m.kind = 'module'
                UNION ALL
                SELECT p.node_id, d.node_id, 'AST', CAST(1.0 AS DOUBLE), 'exact', d.path
                FROM cpg_defs d JOIN cpg_defs p ON p.def_id = d.parent_def_id
                UNION ALL
                SELECT e.node_id, c.node_id, 'CONTAINS', CAST(1.0 AS DOUBLE), 'exact', c.path
                FROM cpg_calls c JOIN cpg_defs e ON e.def_id = COALESCE(c.enclosing_def_id, c.module_def_id)
                UNION ALL
                SELECT e.node_id, i.node_id, 'CONTAINS', CAST(1.0 AS DOUBLE), 'exact', i.path
                FROM cpg_imports i JOIN cpg_modules m ON m.file_id = i.file_id
                JOIN cpg_defs e ON e.def_id = COALESCE(i.enclosing_def_id, m.def_id)
                UNION ALL
                SELECT o.node_id, l.node_id, 'AST', CAST(1.0 AS DOUBLE), 'exact', l.path
                FROM cpg_locals l JOIN cpg_defs o ON o.def_id = l.owner_def_id
                UNION ALL
                SELECT e.node_id, r.node_id, 'CONTAINS', CAST(1.0 AS DOUBLE), 'exact', r.path
                FROM cpg_refs r JOIN cpg_defs e ON e.def_id = COALESCE(r.enclosing_def_id, r.module_def_id)
                UNION ALL
                SELECT e.node_id, l.node_id, 'CONTAINS', CAST(1.0 AS DOUBLE), 'exact', l.path
                FROM cpg_literals l JOIN cpg_defs e ON e.def_id = COALESCE(l.enclosing_def_id, l.module_def_id)
                UNION ALL
                SELECT i.node_id, d.node_id, 'IMPORTS', CAST(1.0 AS DOUBLE), 'import-resolved', i.path
                FROM cpg_imports i JOIN cpg_defs d ON d.fqn = i.target_fqn
                  AND d.kind IN ('module', 'class', 'function', 'method')
                """, "Edges read off the syntax tree and the imports: CONTAINS, AST and IMPORTS"),
            new ViewDef("cpg_edges_bindings", """
                SELECT x.ref_id AS src, x.target_id AS dst, k.kind, CAST(1.0 AS DOUBLE) AS confidence,
                       x.strategy AS strategy, r.path AS file
                FROM cpg_ref_edges x JOIN cpg_refs r ON r.node_id = x.ref_id
                LEFT JOIN (SELECT DISTINCT file_id, bstart, target FROM assignments_v1
                                   WHERE operator NOT IN (':', 'global', 'nonlocal')) a
                  ON a.file_id = r.file_id AND a.bstart = r.bstart AND a.target = r.name
                CROSS JOIN (VALUES ('REF'), ('DEFINES')) AS k(kind)
                WHERE k.kind = 'REF' OR (a.file_id IS NOT NULL AND x.target_kind IN ('local', 'parameter', 'field'))
                UNION ALL
                SELECT h.class_id, h.base_id, 'INHERITS', CAST(1.0 AS DOUBLE), h.strategy, c.path
                FROM cpg_inherits h JOIN cpg_defs c ON c.def_id = h.class_def_id
                UNION ALL
                SELECT o.method_id, o.overridden_id, 'OVERRIDES', CAST(1.0 AS DOUBLE), 'exact', m.path
                FROM cpg_overrides o JOIN cpg_defs m ON m.node_id = o.method_id
                """, "Edges of name bindings: REF (identifier to definition), DEFINES (an identifier an assignment "
                        + "writes to the local, parameter or field it assigns; its REF too), INHERITS and OVERRIDES"),
            new ViewDef("cpg_edges_calls", """
                SELECT x.call_id AS src, x.target_id AS dst, 'CALLS' AS kind, x.confidence, x.strategy, c.path AS file
                FROM cpg_call_edges x JOIN cpg_calls c ON c.node_id = x.call_id
                """, "CALLS edges: a call site to the methods it may invoke"));

    /** The views whose union is each output table that is written in parts (see {@link #EDGE_PARTS}), by table. */
    public static final java.util.Map<String, List<String>> OUTPUT_PARTS =
            java.util.Map.of("cpg_edges", EDGE_PARTS.stream().map(ViewDef::name).toList());

    /** Every view, for a build of files in any language. */
    public static List<ViewDef> standard() {
        return forLanguages(Set.of());
    }

    /**
     * The views for a build that extracts only files of {@code languages} ({@code python}, {@code java}; empty: any):
     * a branch of a union that can only match rows of files in another language (its query keeps {@code lang = 'java'}
     * rows, say) is left out, so it is neither planned nor run, and the graph is the one {@link #standard()} gives.
     * A Python-only build leaves out 10 of the 33 branches of the four views with such branches (names, types, calls).
     */
    public static List<ViewDef> forLanguages(Set<String> languages) {
        Set<String> built = languages.isEmpty() ? Set.of(PYTHON, JAVA) : Set.copyOf(languages);
        return views(built);
    }

    private static final String PYTHON = "python";
    private static final String JAVA = "java";

    /** A branch of a union; {@code language} is set when the branch can only match rows of files in that language. */
    private record Branch(String language, String sql) {}

    private static Branch any(String sql) {
        return new Branch(null, sql);
    }

    private static Branch only(String language, String sql) {
        return new Branch(language, sql);
    }

    /** The branches that can match rows of files in {@code languages}, joined by {@code operator}. */
    private static String union(Set<String> languages, String operator, Branch... branches) {
        return java.util.Arrays.stream(branches).filter(b -> b.language() == null || languages.contains(b.language()))
                .map(Branch::sql).collect(java.util.stream.Collectors.joining(operator + "\n"));
    }

    /**
     * How deep {@code cpg_scope_chain} follows enclosing definitions (classes included); code nested deeper sees its 8
     * innermost scopes and the module's. No stdlib or guava qualname has more than 7 dots, package included.
     */
    private static final int SCOPE_DEPTH = 8;
    /**
     * The priorities of the scopes after the enclosing definitions: a scope at depth d (1 to 8) binds at 2d, what it
     * inherits at 2d + 1.
     */
    private static final int MODULE_PRIORITY = 2 * SCOPE_DEPTH + 2;
    private static final int IMPORT_PRIORITY = MODULE_PRIORITY + 1;
    private static final int PACKAGE_PRIORITY = MODULE_PRIORITY + 2;
    private static final int BUILTIN_PRIORITY = MODULE_PRIORITY + 3;

    /** The view of every definition's scopes, innermost first; see its description. */
    private static ViewDef scopeChain() {
        StringBuilder joins = new StringBuilder();
        StringBuilder scope = new StringBuilder("CASE k.depth WHEN 1 THEN d.def_id");
        StringBuilder kind = new StringBuilder("CASE k.depth WHEN 1 THEN d.kind");
        StringBuilder depths = new StringBuilder("(1)");
        for (int level = 1; level < SCOPE_DEPTH; level++) {
            joins.append("LEFT JOIN defs_v1 a%d ON a%d.def_id = %s.parent_def_id\n".formatted(level, level,
                    level == 1 ? "d" : "a" + (level - 1)));
            scope.append(" WHEN %d THEN a%d.def_id".formatted(level + 1, level));
            kind.append(" WHEN %d THEN a%d.kind".formatted(level + 1, level));
            depths.append(", (%d)".formatted(level + 1));
        }
        return new ViewDef("cpg_scope_chain", """
                SELECT def_id, scope_def_id, depth FROM (
                  SELECT d.def_id, d.lang, k.depth, %s END AS scope_def_id, %s END AS scope_kind
                  FROM cpg_defs d
                  %sCROSS JOIN (VALUES %s) AS k(depth)
                  WHERE d.kind NOT IN ('parameter', 'field', 'module')) x
                WHERE scope_def_id IS NOT NULL AND scope_kind <> 'module'
                  AND (depth = 1 OR lang <> 'python' OR scope_kind IN ('function', 'method', 'lambda'))
                """.formatted(scope, kind, joins, depths), "For each definition that holds code, the scopes its "
                        + "names are looked up in before the module's, innermost first: itself (depth 1), then the "
                        + "definitions around it (depth 2 is its parent), up to " + SCOPE_DEPTH + " deep. A Python "
                        + "class body is no scope for the functions in it, so Python classes around a definition are "
                        + "left out");
    }

    /**
     * What the scopes propose for the names in {@code identifiers} (a table or subquery with the columns of
     * {@code cpg_refs} that name resolution reads: node_id, file_id, name, enclosing_def_id, module_def_id, and with
     * {@code javaPackages} also lang and module_name), innermost first: the bindings of each scope of
     * {@code cpg_scope_chain} (priority: twice its depth; plus one for what a class inherits), then the module's
     * definitions and variables ({@link #MODULE_PRIORITY}), then imports ({@link #IMPORT_PRIORITY}), then, with
     * {@code javaPackages}, the top-level classes of a Java file's
     * package ({@link #PACKAGE_PRIORITY}: a single-type import shadows them; on-demand imports should not, but imports
     * are one priority here). Columns: ref_id (the identifier's node_id), target_id, priority, strategy, target_kind
     * (parameter, local, import, or the definition's kind).
     */
    private static String bindingCandidates(String identifiers, boolean javaPackages) {
        return """
                SELECT DISTINCT ref_id, target_id, priority, strategy, target_kind FROM (
                  SELECT r.node_id AS ref_id, b.target_id, 2 * s.depth + b.inherited AS priority, 'exact' AS strategy,
                         b.target_kind
                  FROM %1$s r JOIN cpg_scope_chain s ON s.def_id = r.enclosing_def_id
                  JOIN cpg_scope_bindings b ON b.scope_def_id = s.scope_def_id AND b.name = r.name
                  UNION ALL
                  SELECT r.node_id, d.node_id, %2$d, 'exact', d.kind
                  FROM %1$s r JOIN cpg_defs d ON d.parent_def_id = r.module_def_id AND d.name = r.name
                  WHERE d.kind IN ('class', 'function', 'field')
                  UNION ALL
                  SELECT r.node_id, l.node_id, %2$d, 'exact', 'local'
                  FROM %1$s r JOIN cpg_locals l ON l.owner_def_id = r.module_def_id AND l.name = r.name
                  UNION ALL
                  SELECT r.node_id, i.node_id, %3$d, 'import-resolved', 'import'
                  FROM %1$s r JOIN cpg_import_bindings i ON i.file_id = r.file_id AND i.bound_name = r.name
                """.formatted(identifiers, MODULE_PRIORITY, IMPORT_PRIORITY) + (!javaPackages ? "" : """
                  UNION ALL
                  SELECT r.node_id, d.node_id, %2$d, 'exact', d.kind
                  FROM %1$s r JOIN cpg_defs d ON d.fqn = CASE WHEN r.module_name = '' THEN r.name
                                                              ELSE r.module_name || '.' || r.name END
                  WHERE r.lang = 'java' AND d.kind = 'class' AND d.lang = 'java'
                """.formatted(identifiers, PACKAGE_PRIORITY)) + """
                ) x
                """;
    }

    private static List<ViewDef> views(Set<String> languages) {
        return List.of(
                new ViewDef("cpg_files", """
                        SELECT f.file_id, f.path, f.lang, stable_id('FILE', f.path) AS node_id
                        FROM repo_files_v1 f
                        """, "Source files with their node ids"),
                new ViewDef("cpg_modules", """
                        SELECT d.file_id, d.def_id, d.qualname AS module_name
                        FROM defs_v1 d WHERE d.kind = 'module'
                        """, "The module (Python) or package (Java) of each file"),
                new ViewDef("cpg_defs", """
                        SELECT d.def_id, d.file_id, d.parent_def_id, d.kind, d.name,
                               CASE WHEN d.kind = 'module' OR f.lang <> 'python' OR m.module_name IS NULL THEN d.qualname
                                    ELSE m.module_name || '.' || d.qualname END AS fqn,
                               d.bstart, d.bend, d.line, d.start_line, d.start_col, d.end_line, d.end_col,
                               f.path, f.lang, d.decorators, d.docstring, d.return_type,
                               stable_id(f.path, d.kind, d.qualname, CAST(d.bstart AS VARCHAR)) AS node_id
                        FROM defs_v1 d
                        JOIN cpg_files f ON d.file_id = f.file_id
                        LEFT JOIN cpg_modules m ON m.file_id = d.file_id
                        """, "Every definition with its fully qualified name and node id"),
                new ViewDef("cpg_callables", """
                        SELECT d.def_id, d.node_id, d.name, d.fqn, d.file_id, d.parent_def_id, d.kind, d.lang, d.return_type,
                               p.kind AS parent_kind, p.name AS parent_name, p.fqn AS parent_fqn,
                               COALESCE(a.params, 0) AS params,
                               COALESCE(a.params, 0) - COALESCE(a.varargs, 0) AS min_args,
                               CASE WHEN a.varargs > 0 THEN 255 ELSE COALESCE(a.params, 0) END AS max_args
                        FROM cpg_defs d
                        LEFT JOIN cpg_defs p ON p.def_id = d.parent_def_id
                        LEFT JOIN (SELECT x.parent_def_id, count(*) AS params, count(v.var_name) AS varargs
                                   FROM defs_v1 x JOIN repo_files_v1 f ON f.file_id = x.file_id
                                   LEFT JOIN var_types_v1 v ON v.enclosing_def_id = x.parent_def_id
                                     AND v.var_name = x.name AND v.var_kind = 'varargs'
                                   WHERE x.kind = 'parameter' AND (f.lang <> 'python' OR x.name NOT IN ('self', 'cls'))
                                   GROUP BY x.parent_def_id) a ON a.parent_def_id = d.def_id
                        WHERE d.kind IN ('function', 'method')
                        """, "Functions and methods, with their owner, number of declared parameters, and the argument counts they "
                                + "accept (a Java varargs method takes params - 1 or more; 255 is the JVM's limit)"),
                new ViewDef("cpg_calls", """
                        SELECT c.file_id, c.callee, c.receiver, c.arg_count, c.bstart, c.bend, c.enclosing_def_id,
                               c.start_line, c.start_col, c.end_line, c.end_col, f.path, f.lang,
                               CASE WHEN e.kind = 'method' THEN e.def_id
                                    WHEN e.kind = 'lambda' AND e2.kind = 'method' THEN e2.def_id
                                    WHEN e.kind = 'lambda' AND e2.kind = 'lambda' AND e3.kind = 'method' THEN e3.def_id
                               END AS enclosing_method_id,
                               CASE WHEN e.kind = 'method' THEN e.parent_def_id
                                    WHEN e.kind = 'lambda' AND e2.kind = 'method' THEN e2.parent_def_id
                                    WHEN e.kind = 'lambda' AND e2.kind = 'lambda' AND e3.kind = 'method' THEN e3.parent_def_id
                               END AS enclosing_owner_id,
                               CASE WHEN e.kind = 'lambda' AND (e2.kind = 'method' OR e3.kind = 'method') THEN 'method'
                                    ELSE e.kind END AS enclosing_kind,
                               e.parent_def_id AS outer_def_id, m.module_name, m.def_id AS module_def_id,
                               stable_id(f.path, 'CALL', c.callee, CAST(c.bstart AS VARCHAR),
                                         CAST(c.bend AS VARCHAR)) AS node_id
                        FROM calls_v1 c
                        JOIN cpg_files f ON c.file_id = f.file_id
                        LEFT JOIN defs_v1 e ON e.def_id = c.enclosing_def_id
                        LEFT JOIN defs_v1 e2 ON e2.def_id = e.parent_def_id
                        LEFT JOIN defs_v1 e3 ON e3.def_id = e2.parent_def_id
                        LEFT JOIN cpg_modules m ON m.file_id = c.file_id
                        """, "Call sites with their enclosing definition, method (through lambdas), class and module"),
                new ViewDef("cpg_imports", """
                        SELECT file_id, module_name, name, alias, relative_level, is_static, is_wildcard, bstart, bend,
                               start_line, start_col, end_line, end_col, enclosing_def_id, path, lang,
                               CASE WHEN name IS NULL OR name = '*' THEN absolute_module
                                    WHEN absolute_module = '' THEN name
                                    ELSE absolute_module || '.' || name END AS target_fqn,
                               COALESCE(alias, name, module_name) AS bound_name, node_id
                        FROM (
                          SELECT i.*, f.path, f.lang,
                                 CASE WHEN i.relative_level > 0
                                      THEN resolve_relative_module(m.module_name, f.path LIKE '%__init__.py',
                                                                   CAST(i.relative_level AS BIGINT), i.module_name)
                                      ELSE i.module_name END AS absolute_module,
                                 stable_id(f.path, 'IMPORT', i.module_name, COALESCE(i.name, ''), CAST(i.bstart AS VARCHAR)) AS node_id
                          FROM imports_v1 i JOIN cpg_files f ON i.file_id = f.file_id
                          LEFT JOIN cpg_modules m ON m.file_id = i.file_id
                        ) x
                        """, "Imports, one per bound name, with the absolute qualified name they refer to (relative "
                                + "Python imports resolved against the importing module's package)"),
                new ViewDef("cpg_import_bindings", """
                        SELECT file_id, bound_name, target_fqn, node_id FROM cpg_imports WHERE NOT is_wildcard
                        UNION ALL
                        SELECT file_id, substring(module_name FROM 1 FOR position('.' IN module_name) - 1),
                               substring(module_name FROM 1 FOR position('.' IN module_name) - 1), node_id
                        FROM cpg_imports
                        WHERE lang = 'python' AND NOT is_wildcard AND name IS NULL AND alias IS NULL
                          AND relative_level = 0 AND position('.' IN module_name) > 1
                        UNION ALL
                        SELECT i.file_id, t.name, t.fqn, i.node_id
                        FROM cpg_imports i
                        JOIN cpg_defs p ON p.fqn = i.target_fqn AND p.kind IN ('module', 'class')
                        JOIN cpg_defs t ON t.parent_def_id = p.def_id
                        WHERE i.is_wildcard AND CASE
                          WHEN i.lang = 'python' THEN t.kind IN ('class', 'function') AND substring(t.name FROM 1 FOR 1) <> '_'
                          WHEN i.is_static THEN t.kind IN ('function', 'method', 'field')
                          ELSE t.kind = 'class' END
                        """, "The names each import binds in its file, with what they refer to: an import's own name "
                                + "(Python import a.b.c also binds a, the top-level package), "
                                + "and for a wildcard import each name it brings of a module or class in the repository: "
                                + "Java import a.*: the package's classes; import static a.U.*: U's members; Python "
                                + "from m import *: m's public functions and classes"),
                new ViewDef("cpg_inherits", """
                        SELECT DISTINCT class_id, class_def_id, base_id, base_def_id, strategy FROM (
                          SELECT c.node_id AS class_id, c.def_id AS class_def_id, t.node_id AS base_id,
                                 t.def_id AS base_def_id, 'exact' AS strategy
                          FROM bases_v1 b JOIN cpg_defs c ON c.def_id = b.def_id
                          JOIN cpg_modules m ON m.file_id = b.file_id
                          JOIN cpg_defs t ON t.fqn = m.module_name || '.' || b.base AND t.kind = 'class'
                          UNION ALL
                          SELECT c.node_id, c.def_id, t.node_id, t.def_id, 'import-resolved'
                          FROM bases_v1 b JOIN cpg_defs c ON c.def_id = b.def_id
                          JOIN cpg_import_bindings i ON i.file_id = b.file_id AND i.bound_name = b.base
                          JOIN cpg_defs t ON t.fqn = i.target_fqn AND t.kind = 'class'
                          UNION ALL
                          SELECT c.node_id, c.def_id, t.node_id, t.def_id, 'import-resolved'
                          FROM bases_v1 b JOIN cpg_defs c ON c.def_id = b.def_id
                          JOIN cpg_import_bindings i ON i.file_id = b.file_id
                            AND b.base LIKE i.bound_name || '.%'
                          JOIN cpg_defs t ON t.fqn = i.target_fqn || substring(b.base FROM char_length(i.bound_name) + 1)
                            AND t.kind = 'class'
                          UNION ALL
                          SELECT c.node_id, c.def_id, t.node_id, t.def_id, 'exact'
                          FROM bases_v1 b JOIN cpg_defs c ON c.def_id = b.def_id
                          JOIN cpg_defs t ON t.fqn = b.base AND t.kind = 'class'
                          UNION ALL
                          SELECT c.node_id, c.def_id, t.node_id, t.def_id, 'exact'
                          FROM bases_v1 b JOIN cpg_defs c ON c.def_id = b.def_id
                          JOIN cpg_scope_chain s ON s.def_id = c.parent_def_id
                          JOIN cpg_defs t ON t.parent_def_id = s.scope_def_id AND t.name = b.base AND t.kind = 'class'
                        ) x
                        """, "Classes and the classes they extend or implement, where those are in the repository: "
                                + "a class of the module or package, imported, fully qualified, or nested in a class or "
                                + "function around the class (class B extends A, both nested in Outer)"),
                new ViewDef("cpg_overrides", """
                        SELECT DISTINCT m.node_id AS method_id, o.node_id AS overridden_id
                        FROM cpg_inherits h
                        JOIN cpg_callables m ON m.parent_def_id = h.class_def_id
                        JOIN cpg_callables o ON o.parent_def_id = h.base_def_id AND o.name = m.name AND o.params = m.params
                        WHERE m.name NOT IN ('<init>', '__init__')
                        """, "Methods and the base-class methods they override (same name and parameter count)"),
                new ViewDef("cpg_locals", """
                        SELECT DISTINCT l.file_id, l.owner_def_id, l.name, f.path, f.lang,
                               stable_id(f.path, 'LOCAL', o.qualname, CAST(o.bstart AS VARCHAR), l.name) AS node_id
                        FROM (
                          SELECT a.file_id, a.enclosing_def_id AS owner_def_id, a.target AS name
                          FROM assignments_v1 a JOIN defs_v1 d ON d.def_id = a.enclosing_def_id
                          JOIN repo_files_v1 rf ON rf.file_id = a.file_id AND rf.lang = 'python'
                          WHERE d.kind IN ('function', 'method', 'lambda', 'module')
                            AND a.operator IN ('=', 'unpack', 'for', 'as', ':=')
                            AND a.target NOT LIKE '%.%' AND a.target NOT LIKE '%[%' AND a.target NOT LIKE '%,%'
                            AND a.target NOT LIKE '%(%' AND a.target NOT LIKE '% %'
                          UNION ALL
                          SELECT v.file_id, v.enclosing_def_id, v.var_name FROM var_types_v1 v WHERE v.var_kind = 'local'
                        ) l
                        JOIN defs_v1 o ON o.def_id = l.owner_def_id
                        JOIN cpg_files f ON f.file_id = l.file_id
                        LEFT JOIN defs_v1 p ON p.parent_def_id = l.owner_def_id AND p.kind = 'parameter' AND p.name = l.name
                        LEFT JOIN (SELECT DISTINCT enclosing_def_id, target FROM assignments_v1
                                   WHERE operator IN ('global', 'nonlocal')) d
                          ON d.enclosing_def_id = l.owner_def_id AND d.target = l.name
                        WHERE p.def_id IS NULL AND d.target IS NULL
                        """, "Local variables: names bound in a function or at module level (Python: a module's "
                                + "globals, the locals of its top-level code; a name a function declares global or "
                                + "nonlocal is none of its locals) or declared in a method (Java: an assignment "
                                + "declares nothing there)"),
                new ViewDef("cpg_literals", """
                        SELECT l.file_id, l.kind, l.code, l.bstart, l.bend, l.start_line, l.start_col, l.end_line,
                               l.end_col, l.enclosing_def_id, m.def_id AS module_def_id, f.path, f.lang,
                               stable_id(f.path, 'LITERAL', l.kind, CAST(l.bstart AS VARCHAR)) AS node_id
                        FROM literals_v1 l
                        JOIN cpg_files f ON f.file_id = l.file_id
                        LEFT JOIN cpg_modules m ON m.file_id = l.file_id
                        """, "Literal constants with their enclosing definition and module"),
                new ViewDef("cpg_refs", """
                        SELECT r.file_id, r.name, r.bstart, r.bend, r.start_line, r.start_col, r.end_line, r.end_col,
                               r.enclosing_def_id, m.def_id AS module_def_id, m.module_name, f.path, f.lang,
                               stable_id(f.path, 'IDENTIFIER', r.name, CAST(r.bstart AS VARCHAR)) AS node_id
                        FROM refs_v1 r
                        JOIN cpg_files f ON f.file_id = r.file_id
                        LEFT JOIN cpg_modules m ON m.file_id = r.file_id
                        """, "Identifier uses with their enclosing definition"),
                new ViewDef("cpg_external_refs", union(languages, "UNION ALL", only(PYTHON, """
                          SELECT r.node_id AS ref_id, 'builtins.' || r.name AS target_fqn, r.name, r.lang,
                                 'METHOD' AS kind
                          FROM cpg_refs r
                          LEFT JOIN (SELECT DISTINCT owner_def_id, name FROM cpg_locals) g
                            ON g.owner_def_id = r.module_def_id AND g.name = r.name
                          LEFT JOIN (SELECT DISTINCT file_id FROM cpg_imports WHERE is_wildcard) w ON w.file_id = r.file_id
                          WHERE r.lang = 'python' AND r.name IN %s AND g.owner_def_id IS NULL AND w.file_id IS NULL
                        """.formatted(ExternalNames.sqlList(ExternalNames.PYTHON_BUILTINS))), only(JAVA, """
                          SELECT r.node_id AS ref_id, 'java.lang.' || r.name AS target_fqn, r.name, r.lang,
                                 'CLASS' AS kind
                          FROM cpg_refs r
                          JOIN cpg_modules m ON m.file_id = r.file_id
                          LEFT JOIN (SELECT DISTINCT file_id, bound_name FROM cpg_import_bindings) i
                            ON i.file_id = r.file_id AND i.bound_name = r.name
                          LEFT JOIN (SELECT DISTINCT file_id, name FROM cpg_defs WHERE kind = 'class') f
                            ON f.file_id = r.file_id AND f.name = r.name
                          LEFT JOIN (SELECT DISTINCT fqn FROM cpg_defs WHERE kind = 'class') p
                            ON p.fqn = m.module_name || '.' || r.name
                          WHERE r.lang = 'java' AND r.name IN %s AND i.file_id IS NULL AND f.file_id IS NULL
                            AND p.fqn IS NULL
                        """.formatted(ExternalNames.sqlList(ExternalNames.JAVA_LANG)))),
                        "Identifiers that name something every file sees without importing it, with its qualified "
                                + "name and the kind of its external node: a Python builtin (len, str, ValueError; a "
                                + "METHOD, as calls of it reach) in a file that has no wildcard import and no module "
                                + "global of that name (the external node is made for the identifiers listed here, so "
                                + "they leave out what would bind the name in every function of the file), and a java.lang class (String, Integer; a CLASS) "
                                + "that no import and no class of the file or package of that name takes over. The "
                                + "identifier refers to it unless a scope binds the name"),
                scopeChain(),
                new ViewDef("cpg_scope_bindings", """
                        SELECT parent_def_id AS scope_def_id, name, node_id AS target_id, 'parameter' AS target_kind,
                               0 AS inherited
                        FROM cpg_defs WHERE kind = 'parameter'
                        UNION ALL
                        SELECT owner_def_id, name, node_id, 'local', 0 FROM cpg_locals
                        UNION ALL
                        SELECT parent_def_id, name, node_id, kind, 0 FROM cpg_defs
                        WHERE (lang = 'python' AND kind IN ('function', 'class', 'field'))
                           OR (lang <> 'python' AND kind IN ('field', 'function', 'method', 'class', 'type_parameter'))
                        UNION ALL
                        SELECT h.class_def_id, d.name, d.node_id, d.kind, 1
                        FROM cpg_inherits h JOIN cpg_defs d ON d.parent_def_id = h.base_def_id
                        WHERE d.lang <> 'python' AND d.kind IN ('field', 'function', 'method', 'class')
                        """, "The names each definition binds for the code in it: its parameters and locals; in Python "
                                + "the functions, classes and (a class body's) attributes defined in it; in Java its "
                                + "members (fields, methods, nested classes) and those of its direct bases (inherited, "
                                + "after its own)"),
                new ViewDef("cpg_ref_candidates", bindingCandidates("cpg_refs", languages.contains(JAVA)) + """
                        UNION ALL
                        SELECT ref_id, stable_id('<external>', kind, target_fqn), %d, 'exact', 'external'
                        FROM cpg_external_refs
                        """.formatted(BUILTIN_PRIORITY), "Every definition each name-resolution scope proposes for an identifier, with what it "
                                + "is (parameter, local, import, or the definition's kind), and last the builtin it "
                                + "names (external)"),
                new ViewDef("cpg_ref_edges", """
                        SELECT ref_id, target_id, strategy, target_kind FROM (
                          SELECT ref_id, target_id, priority, strategy, target_kind,
                                 min(priority) OVER (PARTITION BY ref_id) AS best
                          FROM cpg_ref_candidates) y
                        WHERE priority = best
                        """, "Per identifier, the definitions of the innermost scope that binds its name"),
                new ViewDef("cpg_var_types", """
                        SELECT v.file_id, v.enclosing_def_id, v.var_name, v.type_name, v.var_kind FROM var_types_v1 v
                        WHERE v.var_kind <> 'varargs' AND v.type_name <> 'var'
                        UNION ALL
                        SELECT a.file_id,
                               CASE WHEN a.target LIKE 'self.%' THEN e.parent_def_id ELSE a.enclosing_def_id END,
                               a.target,
                               substring(a.value_text FROM 1 FOR position('(' IN a.value_text) - 1),
                               CASE WHEN a.target LIKE 'self.%' THEN 'field' ELSE 'local' END
                        FROM assignments_v1 a
                        JOIN defs_v1 e ON e.def_id = a.enclosing_def_id
                        JOIN cpg_files f ON f.file_id = a.file_id
                        WHERE f.lang = 'python' AND a.operator = '=' AND position('(' IN a.value_text) > 1
                          AND e.kind IN ('function', 'method')
                          AND (a.target NOT LIKE '%.%' OR (a.target LIKE 'self.%' AND e.kind = 'method'))
                        """, "Declared types (Java) and constructor-call assignments (Python x = Foo(), self.x = Foo())"),
                new ViewDef("cpg_typed_calls", union(languages, "UNION", any("""
                        SELECT DISTINCT c.node_id AS call_id, c.file_id, c.module_name, v.type_name
                        FROM cpg_calls c JOIN cpg_var_types v ON v.file_id = c.file_id AND v.var_name = c.receiver
                          AND v.enclosing_def_id = c.enclosing_def_id
                        """), any("""
                        SELECT c.node_id, c.file_id, c.module_name, v.type_name
                        FROM cpg_calls c JOIN cpg_var_types v ON v.file_id = c.file_id AND v.var_name = c.receiver
                          AND v.enclosing_def_id = c.enclosing_method_id
                        """), any("""
                        SELECT c.node_id, c.file_id, c.module_name, v.type_name
                        FROM cpg_calls c JOIN cpg_var_types v ON v.file_id = c.file_id AND v.var_name = c.receiver
                          AND v.enclosing_def_id = c.enclosing_owner_id AND v.var_kind = 'field'
                        """), only(JAVA, """
                        SELECT c.node_id, c.file_id, c.module_name, v.type_name
                        FROM cpg_calls c JOIN cpg_var_types v ON v.file_id = c.file_id
                          AND v.var_name = substring(c.receiver FROM 6)
                          AND v.enclosing_def_id = c.enclosing_owner_id AND v.var_kind = 'field'
                        WHERE c.lang = 'java' AND c.receiver LIKE 'this.%'
                        """), only(JAVA, """
                        SELECT c.node_id, v.file_id, m.module_name, v.type_name
                        FROM (SELECT c.*, substring(c.receiver FROM 1 FOR position('.' IN c.receiver) - 1) AS owner_name,
                                     substring(c.receiver FROM position('.' IN c.receiver) + 1) AS field_name
                              FROM cpg_calls c
                              WHERE c.lang = 'java' AND c.receiver LIKE '_%._%' AND c.receiver NOT LIKE '%(%'
                                AND c.receiver NOT LIKE 'this.%' AND c.receiver NOT LIKE '%.%.%') c
                        JOIN cpg_defs k ON k.kind = 'class' AND k.name = c.owner_name
                        JOIN cpg_var_types v ON v.enclosing_def_id = k.def_id AND v.var_name = c.field_name
                          AND v.var_kind = 'field'
                        JOIN cpg_modules m ON m.file_id = v.file_id
                        LEFT JOIN cpg_import_bindings i ON i.file_id = c.file_id AND i.bound_name = c.owner_name
                        WHERE k.fqn = COALESCE(i.target_fqn, c.module_name || '.' || c.owner_name)
                           OR k.file_id = c.file_id
                        """)), "Calls whose receiver is a variable with a declared type (local, parameter, field, "
                                + "this.field, or a static field Class.FIELD); the type name is read in the file that "
                                + "declares the variable"),
                new ViewDef("cpg_constructor_calls", """
                        SELECT node_id AS call_id, file_id,
                               CASE WHEN lang = 'java' THEN substring(callee FROM 5)
                                    ELSE COALESCE(receiver || '.', '') || callee END AS constructed
                        FROM cpg_calls
                        WHERE (lang = 'java' AND callee LIKE 'new %')
                           OR (lang = 'python' AND (receiver IS NULL OR receiver NOT LIKE '%(%'))
                        """, "Calls that may construct an instance of the class they name: Java new T(...), and any Python "
                                + "call of a plain or dotted name (Foo(), mod.Foo()), a class or not"),
                new ViewDef("cpg_type_names", """
                        SELECT DISTINCT x.file_id, x.type_name, m.module_name FROM (
                          SELECT v.file_id, v.type_name FROM cpg_var_types v
                          UNION ALL
                          SELECT d.file_id, d.return_type FROM cpg_callables d WHERE d.return_type IS NOT NULL
                          UNION ALL
                          SELECT c.file_id, c.constructed FROM cpg_constructor_calls c
                        ) x LEFT JOIN cpg_modules m ON m.file_id = x.file_id
                        """, "Every type name a receiver's type may come from (declared variable types, constructor "
                                + "assignments, declared return types, constructor calls) with the file and module it is written in"),
                new ViewDef("cpg_type_classes", """
                        SELECT DISTINCT file_id, type_name, class_def_id FROM (
                        """ + union(languages, "UNION ALL", any("""
                          SELECT n.file_id, n.type_name, t.def_id AS class_def_id FROM cpg_type_names n
                          JOIN cpg_defs t ON t.fqn = n.module_name || '.' || n.type_name AND t.kind = 'class'
                        """), any("""
                          SELECT n.file_id, n.type_name, t.def_id FROM cpg_type_names n
                          JOIN cpg_import_bindings i ON i.file_id = n.file_id AND i.bound_name = n.type_name
                          JOIN cpg_defs t ON t.fqn = i.target_fqn AND t.kind = 'class'
                        """), any("""
                          SELECT n.file_id, n.type_name, t.def_id FROM cpg_type_names n
                          JOIN cpg_defs t ON t.fqn = n.type_name AND t.kind = 'class'
                        """), only(JAVA, """
                          SELECT n.file_id, n.type_name, t.def_id FROM cpg_type_names n
                          JOIN cpg_defs t ON t.file_id = n.file_id AND t.name = n.type_name AND t.kind = 'class'
                          WHERE t.lang = 'java'
                        """)) + """
                        ) x
                        """, "The repository class a type name means in the file it is written in: in the same "
                                + "package, imported, fully qualified, or (Java) a class of that simple name nested in the same file"),
                new ViewDef("cpg_receiver_classes", """
                        SELECT DISTINCT tc.call_id, k.class_def_id FROM cpg_typed_calls tc
                        JOIN cpg_type_classes k ON k.file_id = tc.file_id AND k.type_name = tc.type_name
                        """, "For calls on a receiver with a declared type, the repository class that type names"),
                new ViewDef("cpg_class_scopes", """
                        SELECT def_id AS class_def_id, def_id AS scope_def_id, 1 AS priority FROM cpg_defs WHERE kind = 'class'
                        UNION ALL
                        SELECT class_def_id, base_def_id, 2 FROM cpg_inherits
                        """, "Where a method called on an instance of a class is looked up: the class itself (priority 1), "
                                + "then its direct bases (2)"),
                new ViewDef("cpg_first_call_candidates", """
                        SELECT DISTINCT call_id, target_id, priority, strategy FROM (
                        """ + union(languages, "UNION ALL", any("""
                          SELECT c.node_id AS call_id, t.node_id AS target_id, 1 AS priority, 'type-inferred' AS strategy
                          FROM cpg_calls c
                          JOIN cpg_callables t ON t.parent_def_id = c.enclosing_owner_id AND t.name = c.callee
                          WHERE c.enclosing_kind = 'method' AND t.parent_kind = 'class'
                            AND (c.lang <> 'java' OR c.arg_count BETWEEN t.min_args AND t.max_args)
                            AND (c.receiver IN ('self', 'cls', 'this') OR (c.receiver IS NULL AND c.lang = 'java'))
                        """), any("""
                          SELECT c.node_id, t.node_id, 1, 'type-inferred'
                          FROM cpg_calls c
                          JOIN cpg_receiver_classes r ON r.call_id = c.node_id
                          JOIN cpg_callables t ON t.parent_def_id = r.class_def_id AND t.name = c.callee
                            AND c.arg_count BETWEEN t.min_args AND t.max_args
                        """), any("""
                          SELECT c.node_id, t.node_id, 2, 'type-inferred'
                          FROM cpg_calls c
                          JOIN cpg_receiver_classes r ON r.call_id = c.node_id
                          JOIN cpg_inherits h ON h.class_def_id = r.class_def_id
                          JOIN cpg_callables t ON t.parent_def_id = h.base_def_id AND t.name = c.callee
                            AND c.arg_count BETWEEN t.min_args AND t.max_args
                        """), any("""
                          SELECT c.node_id, t.node_id, 2, 'type-inferred'
                          FROM cpg_calls c
                          JOIN cpg_inherits h ON h.class_def_id = c.enclosing_owner_id
                          JOIN cpg_callables t ON t.parent_def_id = h.base_def_id AND t.name = c.callee
                          WHERE c.enclosing_kind = 'method'
                            AND (c.receiver IN ('self', 'cls', 'this', 'super', 'super()')
                                 OR (c.receiver IS NULL AND c.lang = 'java'))
                            AND (c.lang <> 'java' OR c.arg_count BETWEEN t.min_args AND t.max_args)
                        """), only(JAVA, """
                          SELECT c.node_id, t.node_id, 2, 'type-inferred'
                          FROM cpg_calls c
                          JOIN defs_v1 nested ON nested.def_id = c.enclosing_owner_id
                          JOIN cpg_callables t ON t.parent_def_id = nested.parent_def_id AND t.parent_kind = 'class'
                            AND t.name = c.callee AND c.arg_count BETWEEN t.min_args AND t.max_args
                          WHERE c.lang = 'java' AND c.receiver IS NULL AND c.enclosing_kind = 'method'
                        """), only(JAVA, """
                          SELECT c.node_id, t.node_id, 1, 'exact'
                          FROM cpg_calls c
                          JOIN cpg_callables t ON t.parent_def_id = c.enclosing_owner_id AND t.name = '<init>'
                            AND c.arg_count BETWEEN t.min_args AND t.max_args
                          WHERE c.lang = 'java' AND c.callee = 'this' AND c.receiver IS NULL
                        """), only(JAVA, """
                          SELECT c.node_id, t.node_id, 1, 'exact'
                          FROM cpg_calls c
                          JOIN cpg_inherits h ON h.class_def_id = c.enclosing_owner_id
                          JOIN cpg_callables t ON t.parent_def_id = h.base_def_id AND t.name = '<init>'
                            AND c.arg_count BETWEEN t.min_args AND t.max_args
                          WHERE c.lang = 'java' AND c.callee = 'super' AND c.receiver IS NULL
                        """), only(PYTHON, """
                          SELECT c.node_id, t.node_id, 2, 'exact'
                          FROM cpg_calls c
                          JOIN cpg_callables t ON t.name = c.callee AND t.parent_def_id = c.module_def_id
                          WHERE c.receiver IS NULL AND c.lang = 'python'
                        """), only(PYTHON, """
                          SELECT c.node_id, t.node_id, 2, 'exact'
                          FROM cpg_calls c
                          JOIN cpg_callables t ON t.name = c.callee AND t.parent_def_id = c.enclosing_def_id
                          WHERE c.receiver IS NULL AND c.lang = 'python'
                        """), only(PYTHON, """
                          SELECT c.node_id, t.node_id, 2, 'exact'
                          FROM cpg_calls c
                          JOIN cpg_callables t ON t.name = c.callee AND t.parent_def_id = c.outer_def_id
                          WHERE c.receiver IS NULL AND c.lang = 'python' AND t.parent_kind IN ('function', 'method', 'lambda')
                        """), any("""
                          SELECT c.node_id, t.node_id, 3, 'import-resolved'
                          FROM cpg_calls c
                          JOIN cpg_import_bindings i ON i.file_id = c.file_id AND i.bound_name = c.callee AND c.receiver IS NULL
                          JOIN cpg_callables t ON t.fqn = i.target_fqn
                          WHERE c.lang <> 'java' OR c.arg_count BETWEEN t.min_args AND t.max_args
                        """), any("""
                          SELECT c.node_id, t.node_id, 3, 'import-resolved'
                          FROM cpg_calls c
                          JOIN cpg_import_bindings i ON i.file_id = c.file_id AND i.bound_name = c.receiver
                          JOIN cpg_callables t ON t.fqn = i.target_fqn || '.' || c.callee
                          WHERE c.lang <> 'java' OR c.arg_count BETWEEN t.min_args AND t.max_args
                        """), any("""
                          SELECT c.node_id, t.node_id, 3, 'import-resolved'
                          FROM cpg_calls c
                          JOIN cpg_import_bindings i ON i.file_id = c.file_id AND c.callee = 'new ' || i.bound_name
                          JOIN cpg_callables t ON t.fqn = i.target_fqn || '.<init>'
                          WHERE c.arg_count BETWEEN t.min_args AND t.max_args
                        """), only(JAVA, """
                          SELECT c.node_id, t.node_id, 3, 'import-resolved'
                          FROM cpg_calls c
                          JOIN cpg_callables t ON t.fqn = c.module_name || '.' || c.receiver || '.' || c.callee
                          WHERE c.lang = 'java' AND c.arg_count BETWEEN t.min_args AND t.max_args
                        """), only(JAVA, """
                          SELECT c.node_id, t.node_id, 3, 'import-resolved'
                          FROM cpg_calls c
                          JOIN cpg_callables t ON t.fqn = c.module_name || '.' || substring(c.callee FROM 5) || '.<init>'
                          WHERE c.lang = 'java' AND c.callee LIKE 'new %' AND c.arg_count BETWEEN t.min_args AND t.max_args
                        """), only(JAVA, """
                          SELECT c.node_id, t.node_id, 3, 'exact'
                          FROM cpg_calls c
                          JOIN cpg_defs k ON k.file_id = c.file_id AND k.kind = 'class' AND k.name = substring(c.callee FROM 5)
                          JOIN defs_v1 outer_class ON outer_class.def_id = k.parent_def_id AND outer_class.kind = 'class'
                          JOIN cpg_callables t ON t.parent_def_id = k.def_id AND t.name = '<init>'
                          WHERE c.lang = 'java' AND c.callee LIKE 'new %' AND c.arg_count BETWEEN t.min_args AND t.max_args
                        """), only(PYTHON, """
                          SELECT c.node_id, t.node_id, 2, 'exact'
                          FROM cpg_calls c
                          JOIN cpg_callables t ON t.fqn = c.module_name || '.' || c.receiver || '.' || c.callee
                            AND t.parent_kind = 'class'
                          WHERE c.lang = 'python'
                        """)) + """
                        ) x
                        """, "Call targets proposed by every strategy but name-arity and receivers typed by return values: "
                                + "the first pass, whose resolved calls give those return values"),
                new ViewDef("cpg_first_call_targets", """
                        SELECT call_id, target_id FROM (
                          SELECT call_id, target_id, priority, min(priority) OVER (PARTITION BY call_id) AS best
                          FROM cpg_first_call_candidates) y
                        WHERE priority = best
                        """, "Per call, the targets of the first strategy of the first pass that resolves it"),
                new ViewDef("cpg_assigned_calls", """
                        SELECT DISTINCT a.file_id,
                               CASE WHEN a.target LIKE 'self.%' THEN e.parent_def_id ELSE a.enclosing_def_id END AS scope_def_id,
                               a.target AS var_name, c.node_id AS value_call_id
                        FROM assignments_v1 a
                        JOIN defs_v1 e ON e.def_id = a.enclosing_def_id
                        JOIN cpg_calls c ON c.file_id = a.file_id AND c.bend = a.bend AND c.enclosing_def_id = a.enclosing_def_id
                        WHERE a.operator = '=' AND a.value_text LIKE COALESCE(c.receiver || '.', '') || c.callee || '(%'
                          AND e.kind IN ('function', 'method', 'lambda')
                          AND (a.target NOT LIKE '%.%' OR (a.target LIKE 'self.%' AND a.target NOT LIKE 'self.%.%'
                                                         AND e.kind = 'method' AND c.lang = 'python'))
                          AND a.target NOT LIKE '%[%' AND a.target NOT LIKE '%,%' AND a.target NOT LIKE '% %'
                        """, "Variables assigned the value of a call (x = f(), x = m.f(), x = self.f(), x = Cls.create(), "
                                + "x = a.b().c(); Python self.x = f()) and that call: the call ends where the assignment does "
                                + "and its text starts the assigned value"),
                new ViewDef("cpg_receiver_calls", """
                        SELECT DISTINCT x.call_id, x.receiver_call_id FROM (
                          SELECT call_id, receiver_call_id, lang FROM (
                            SELECT c.node_id AS call_id, i.node_id AS receiver_call_id, c.lang, i.bend,
                                   max(i.bend) OVER (PARTITION BY c.file_id, c.bstart, c.bend) AS last
                            FROM cpg_calls c
                            JOIN cpg_calls i ON i.file_id = c.file_id AND i.bstart = c.bstart AND i.bend < c.bend
                            WHERE c.receiver LIKE '%)') y
                          WHERE bend = last
                          UNION ALL
                          SELECT c.node_id, v.value_call_id, c.lang FROM cpg_calls c
                          JOIN cpg_assigned_calls v ON v.file_id = c.file_id AND v.var_name = c.receiver
                          WHERE v.scope_def_id = c.enclosing_def_id OR v.scope_def_id = c.enclosing_method_id
                             OR (v.scope_def_id = c.enclosing_owner_id AND c.receiver LIKE 'self.%')
                        ) x
                        LEFT JOIN cpg_receiver_classes rc ON rc.call_id = x.call_id
                        LEFT JOIN cpg_typed_calls tc ON tc.call_id = x.call_id AND x.lang = 'java'
                        WHERE rc.call_id IS NULL AND tc.call_id IS NULL
                        """, "Calls whose receiver is the value of another call, and that call: a chain (a.b().c(): the "
                                + "longest call that starts where the outer one does; by span, since a.f().f() share a node id) "
                                + "or a variable assigned the call's value. "
                                + "A declared type wins: receivers typed by a declaration (any, in Java) are left out"),
                new ViewDef("cpg_call_returns_1", """
                        SELECT DISTINCT call_id, class_def_id FROM (
                          SELECT x.call_id, k.class_def_id FROM cpg_first_call_targets x
                          JOIN cpg_callables t ON t.node_id = x.target_id
                          JOIN cpg_type_classes k ON k.file_id = t.file_id AND k.type_name = t.return_type
                          UNION ALL
                          SELECT c.call_id, k.class_def_id FROM cpg_constructor_calls c
                          JOIN cpg_type_classes k ON k.file_id = c.file_id AND k.type_name = c.constructed
                        ) y
                        """, "Calls resolved in the first pass and the repository class their target declares it returns "
                                + "(read in the target's file), and calls that construct a repository class"),
                returnsOneLinkAfter("cpg_call_returns_2", "cpg_call_returns_1"),
                returnsOneLinkAfter("cpg_call_returns_3", "cpg_call_returns_2"),
                returnsOneLinkAfter("cpg_call_returns_4", "cpg_call_returns_3"),
                new ViewDef("cpg_call_returns", """
                        SELECT DISTINCT call_id, class_def_id FROM (
                          SELECT call_id, class_def_id FROM cpg_call_returns_1
                          UNION ALL
                          SELECT call_id, class_def_id FROM cpg_call_returns_2
                          UNION ALL
                          SELECT call_id, class_def_id FROM cpg_call_returns_3
                          UNION ALL
                          SELECT call_id, class_def_id FROM cpg_call_returns_4
                        ) x
                        """, "Calls whose returned class is known: resolved in the first pass or up to three links of "
                                + "value flow after such a call"),
                new ViewDef("cpg_return_receiver_classes", """
                        SELECT DISTINCT y.call_id, r.class_def_id FROM cpg_receiver_calls y
                        JOIN cpg_call_returns r ON r.call_id = y.receiver_call_id
                        """, "For calls whose receiver is the value of a call, the class that call returns"),
                new ViewDef("cpg_callee_bindings", """
                        SELECT c.node_id AS call_id, c.file_id, c.callee,
                               min(CASE WHEN b.target_kind IN ('parameter', 'local') THEN b.priority END) AS value_priority,
                               min(CASE WHEN b.target_kind NOT IN ('parameter', 'local') THEN b.priority END) AS other_priority
                        FROM cpg_calls c
                        LEFT JOIN (%s) b ON b.ref_id = c.node_id
                        WHERE c.lang = 'python' AND c.receiver IS NULL
                        GROUP BY c.node_id, c.file_id, c.callee
                        """.formatted(bindingCandidates("""
                                (SELECT node_id, file_id, callee AS name, enclosing_def_id, module_def_id
                                 FROM cpg_calls WHERE lang = 'python' AND receiver IS NULL)""", false)),
                        "For each plain Python call (f(), no receiver), how the scope rules of identifiers bind its "
                                + "name: the innermost scope (lowest priority) that binds it to a parameter or local, and "
                                + "the innermost that binds it to anything else; both null: nothing binds it. A call whose "
                                + "name a parameter or local binds first invokes a value, which shadows any function of "
                                + "that name"),
                new ViewDef("cpg_external_calls", union(languages, "UNION ALL", only(PYTHON, """
                          SELECT b.call_id, 'builtins.' || b.callee AS target_fqn, b.callee AS name, 'python' AS lang,
                                 'exact' AS strategy
                          FROM cpg_callee_bindings b
                          LEFT JOIN (SELECT DISTINCT file_id FROM cpg_imports WHERE is_wildcard) w ON w.file_id = b.file_id
                          WHERE b.value_priority IS NULL AND b.other_priority IS NULL AND b.callee IN %s
                            AND w.file_id IS NULL
                        """.formatted(ExternalNames.sqlList(ExternalNames.PYTHON_BUILTINS))), only(JAVA, """
                          SELECT c.node_id AS call_id, 'java.lang.' || c.class_name || '.' || c.method_name AS target_fqn,
                                 c.method_name AS name, 'java' AS lang, 'import-resolved' AS strategy
                          FROM (SELECT node_id, file_id, class_name, method_name, module_name || '.' || class_name AS in_package
                                FROM (SELECT node_id, file_id, module_name,
                                             CASE WHEN callee LIKE 'new %%' THEN substring(callee FROM 5)
                                                  ELSE COALESCE(receiver, '') END AS class_name,
                                             CASE WHEN callee LIKE 'new %%' THEN '<init>' ELSE callee END AS method_name
                                      FROM cpg_calls WHERE lang = 'java') x
                                WHERE class_name IN %s) c
                          LEFT JOIN (SELECT DISTINCT call_id FROM cpg_typed_calls) t ON t.call_id = c.node_id
                          LEFT JOIN (SELECT DISTINCT file_id, bound_name FROM cpg_import_bindings) i
                            ON i.file_id = c.file_id AND i.bound_name = c.class_name
                          LEFT JOIN (SELECT DISTINCT file_id, name FROM cpg_defs WHERE kind = 'class') f
                            ON f.file_id = c.file_id AND f.name = c.class_name
                          LEFT JOIN (SELECT DISTINCT fqn FROM cpg_defs WHERE kind = 'class') p ON p.fqn = c.in_package
                          WHERE t.call_id IS NULL AND i.file_id IS NULL AND f.file_id IS NULL AND p.fqn IS NULL
                        """.formatted(ExternalNames.sqlList(ExternalNames.JAVA_LANG))), only(JAVA, """
                          SELECT t.call_id, 'java.lang.' || COALESCE(t.type_name, '') || '.' || c.callee AS target_fqn,
                                 c.callee AS name, 'java' AS lang, 'type-inferred' AS strategy
                          FROM cpg_typed_calls t JOIN cpg_calls c ON c.node_id = t.call_id
                          LEFT JOIN (SELECT DISTINCT call_id FROM cpg_receiver_classes) k ON k.call_id = t.call_id
                          WHERE c.lang = 'java' AND t.type_name IN %s AND k.call_id IS NULL
                        """.formatted(ExternalNames.sqlList(ExternalNames.JAVA_LANG)))),
                        "Calls that resolve outside the repository, with the qualified name of their target: plain "
                                + "Python calls of a builtin's name that no scope (module globals included) or wildcard "
                                + "import binds; Java static calls and constructors of java.lang classes (Math.max, new "
                                + "IllegalStateException) that no import or class of the package shadows; and Java calls "
                                + "on a receiver declared with a java.lang type (String s; s.trim())"),
                new ViewDef("cpg_call_candidates", """
                        SELECT DISTINCT call_id, target_id, priority, strategy FROM (
                          SELECT call_id, target_id, priority, strategy FROM cpg_first_call_candidates
                          UNION ALL
                          SELECT c.node_id, t.node_id, s.priority, 'type-inferred'
                          FROM cpg_calls c
                          JOIN cpg_return_receiver_classes r ON r.call_id = c.node_id
                          JOIN cpg_class_scopes s ON s.class_def_id = r.class_def_id
                          JOIN cpg_callables t ON t.parent_def_id = s.scope_def_id AND t.name = c.callee
                            AND c.arg_count BETWEEN t.min_args AND t.max_args
                          UNION ALL
                          SELECT c.node_id, t.node_id, 4, 'name-arity'
                          FROM cpg_calls c
                          JOIN cpg_callables t ON t.lang = c.lang AND c.arg_count BETWEEN t.min_args AND t.max_args AND t.name = c.callee
                          LEFT JOIN cpg_typed_calls tc ON tc.call_id = c.node_id
                          LEFT JOIN cpg_return_receiver_classes rc ON rc.call_id = c.node_id
                          WHERE tc.call_id IS NULL AND rc.call_id IS NULL
                            AND NOT (c.lang = 'java' AND c.receiver IS NOT NULL)
                          UNION ALL
                          SELECT c.node_id, t.node_id, 4, 'name-arity'
                          FROM cpg_calls c
                          JOIN cpg_callables t ON t.lang = c.lang AND c.arg_count BETWEEN t.min_args AND t.max_args
                            AND c.callee = 'new ' || t.parent_name
                          WHERE t.name = '<init>'
                          UNION ALL
                          SELECT x.call_id, stable_id('<external>', 'METHOD', x.target_fqn), 2, x.strategy
                          FROM cpg_external_calls x
                        ) x
                        """, "Every call target each resolution strategy proposes"),
                new ViewDef("cpg_call_edges", """
                        SELECT y.call_id, y.target_id, y.strategy,
                               CAST(CASE y.strategy WHEN 'type-inferred' THEN 0.9 WHEN 'exact' THEN 1.0
                                             WHEN 'import-resolved' THEN 0.95 ELSE 0.5 END AS DOUBLE) / y.n AS confidence
                        FROM (
                          SELECT call_id, target_id, priority, strategy,
                                 min(priority) OVER (PARTITION BY call_id) AS best,
                                 count(*) OVER (PARTITION BY call_id, priority) AS n
                          FROM cpg_call_candidates) y
                        LEFT JOIN cpg_callee_bindings v ON v.call_id = y.call_id
                          AND v.value_priority < COALESCE(v.other_priority, 1000)
                        WHERE y.priority = y.best AND (y.strategy <> 'name-arity' OR y.n <= 5) AND v.call_id IS NULL
                        """, "Per call, the targets of the first strategy that resolves it (a name shared by more "
                                + "than five functions of that arity is too ambiguous to guess); none for a Python call "
                                + "of a parameter or local, whose value is not known"),
                new ViewDef("cpg_nodes", """
                        SELECT node_id AS id, 'FILE' AS kind, path AS name, path AS qualname, path AS file,
                               0 AS bstart, 0 AS bend, 1 AS line, lang, CAST(NULL AS VARCHAR) AS sub_kind,
                               1 AS start_line, 1 AS start_col, 1 AS end_line, 1 AS end_col
                        FROM cpg_files
                        UNION ALL
                        SELECT node_id,
                               CASE kind WHEN 'module' THEN 'MODULE' WHEN 'class' THEN 'CLASS'
                                         WHEN 'parameter' THEN 'PARAMETER' WHEN 'field' THEN 'FIELD'
                                         WHEN 'type_parameter' THEN 'TYPE_PARAMETER' ELSE 'METHOD' END,
                               name, fqn, path, bstart, bend, line, lang, kind, start_line, start_col, end_line, end_col
                        FROM cpg_defs
                        UNION ALL
                        SELECT node_id, 'CALL', callee, COALESCE(receiver || '.', '') || callee, path, bstart, bend,
                               CAST(NULL AS INTEGER), lang, CAST(NULL AS VARCHAR), start_line, start_col, end_line, end_col
                        FROM cpg_calls
                        UNION ALL
                        SELECT node_id, 'LOCAL', name, name, path, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER),
                               CAST(NULL AS INTEGER), lang, CAST(NULL AS VARCHAR), CAST(NULL AS INTEGER),
                               CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), CAST(NULL AS INTEGER)
                        FROM cpg_locals
                        UNION ALL
                        SELECT node_id, 'IDENTIFIER', name, name, path, bstart, bend, CAST(NULL AS INTEGER), lang,
                               CAST(NULL AS VARCHAR), start_line, start_col, end_line, end_col
                        FROM cpg_refs
                        UNION ALL
                        SELECT node_id, 'IMPORT', bound_name, target_fqn, path, bstart, bend, CAST(NULL AS INTEGER), lang,
                               CASE WHEN is_static THEN 'static' WHEN is_wildcard THEN 'wildcard' ELSE NULL END,
                               start_line, start_col, end_line, end_col
                        FROM cpg_imports
                        UNION ALL
                        SELECT node_id, 'LITERAL', code, code, path, bstart, bend, CAST(NULL AS INTEGER), lang, kind,
                               start_line, start_col, end_line, end_col
                        FROM cpg_literals
                        UNION ALL
                        SELECT DISTINCT stable_id('<external>', kind, target_fqn), kind, name, target_fqn,
                               '<external>', CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), lang,
                               'external', CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), CAST(NULL AS INTEGER),
                               CAST(NULL AS INTEGER)
                        FROM (SELECT target_fqn, name, lang, 'METHOD' AS kind FROM cpg_external_calls
                              UNION ALL
                              SELECT target_fqn, name, lang, kind FROM cpg_external_refs) x
                        """, "All nodes of the graph, with byte spans and the 1-based line and column (in code points) "
                                + "of their start and end, as extraction computed them (the rules of canonicalize_byte_span)"),
                new ViewDef("cpg_props", """
                        SELECT node_id, 'def_kind' AS prop, kind AS prop_value, path AS file FROM cpg_defs
                        UNION ALL
                        SELECT node_id, 'decorators', decorators, path FROM cpg_defs WHERE decorators IS NOT NULL
                        UNION ALL
                        SELECT node_id, 'docstring', docstring, path FROM cpg_defs WHERE docstring IS NOT NULL
                        """, "Extra properties of nodes as key/value rows"),
                new ViewDef("cpg_edges", EDGE_PARTS.stream().map(ViewDef::sql)
                        .collect(java.util.stream.Collectors.joining("                UNION ALL\n")), "All edges of the graph"),
                EDGE_PARTS.get(0), EDGE_PARTS.get(1), EDGE_PARTS.get(2));
    }
}
