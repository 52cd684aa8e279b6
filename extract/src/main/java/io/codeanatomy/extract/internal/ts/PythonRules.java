package io.codeanatomy.extract.internal.ts;

import io.github.treesitter.jtreesitter.Language;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Python (tree-sitter-python 0.25): qualnames follow {@code __qualname__}, so nested functions add {@code <locals>}. */
final class PythonRules implements LanguageRules {
    private static final int MODULE = 1, CLASS = 2, FUNCTION = 3, DECORATED = 4, LAMBDA = 5, IMPORT = 6,
            IMPORT_FROM = 7, FUTURE_IMPORT = 8, CALL = 9, IDENTIFIER = 10, ASSIGNMENT = 11, AUG_ASSIGNMENT = 12,
            PARAMETERS = 13, LAMBDA_PARAMETERS = 14, TYPED_PARAMETER = 15, DEFAULT_PARAMETER = 16,
            TYPED_DEFAULT_PARAMETER = 17, SPLAT_PATTERN = 18, KEYWORD_ARGUMENT = 19, ATTRIBUTE = 20, COMMENT = 21,
            STRING = 22, EXPRESSION_STATEMENT = 23, DECORATOR = 24, GENERATOR = 25, ALIASED_IMPORT = 26,
            RELATIVE_IMPORT = 27, WILDCARD_IMPORT = 28, DOTTED_NAME = 29, INTEGER = 30, FLOAT = 31, BOOLEAN = 32,
            NONE = 33, FOR = 34, EXCEPT = 35, AS_PATTERN = 36, NAMED_EXPRESSION = 37, PATTERNS = 38, AS_TARGET = 39,
            GLOBAL = 40, NONLOCAL = 41;

    private final Language grammar;
    private final SymbolTable symbols;
    private final short fieldAlias;
    private final short fieldArguments;
    private final short fieldAttribute;
    private final short fieldBody;
    private final short fieldFunction;
    private final short fieldLeft;
    private final short fieldModuleName;
    private final short fieldName;
    private final short fieldObject;
    private final short fieldOperator;
    private final short fieldParameters;
    private final short fieldRight;
    private final short fieldSuperclasses;
    private final short nameField;
    private final short attributeField;
    private final short typeField;
    private final short fieldReturnType;

    PythonRules(Language grammar) {
        this.grammar = grammar;
        this.symbols = new SymbolTable(grammar, Map.ofEntries(Map.entry("module", MODULE),
                Map.entry("class_definition", CLASS), Map.entry("function_definition", FUNCTION),
                Map.entry("decorated_definition", DECORATED), Map.entry("lambda", LAMBDA),
                Map.entry("import_statement", IMPORT), Map.entry("import_from_statement", IMPORT_FROM),
                Map.entry("future_import_statement", FUTURE_IMPORT), Map.entry("call", CALL),
                Map.entry("identifier", IDENTIFIER), Map.entry("assignment", ASSIGNMENT),
                Map.entry("augmented_assignment", AUG_ASSIGNMENT), Map.entry("parameters", PARAMETERS),
                Map.entry("lambda_parameters", LAMBDA_PARAMETERS), Map.entry("typed_parameter", TYPED_PARAMETER),
                Map.entry("default_parameter", DEFAULT_PARAMETER),
                Map.entry("typed_default_parameter", TYPED_DEFAULT_PARAMETER),
                Map.entry("list_splat_pattern", SPLAT_PATTERN), Map.entry("dictionary_splat_pattern", SPLAT_PATTERN),
                Map.entry("keyword_argument", KEYWORD_ARGUMENT), Map.entry("attribute", ATTRIBUTE),
                Map.entry("comment", COMMENT), Map.entry("string", STRING),
                Map.entry("expression_statement", EXPRESSION_STATEMENT), Map.entry("decorator", DECORATOR),
                Map.entry("generator_expression", GENERATOR), Map.entry("aliased_import", ALIASED_IMPORT),
                Map.entry("relative_import", RELATIVE_IMPORT), Map.entry("wildcard_import", WILDCARD_IMPORT),
                Map.entry("dotted_name", DOTTED_NAME), Map.entry("integer", INTEGER), Map.entry("float", FLOAT),
                Map.entry("true", BOOLEAN), Map.entry("false", BOOLEAN), Map.entry("none", NONE),
                Map.entry("for_statement", FOR), Map.entry("for_in_clause", FOR), Map.entry("except_clause", EXCEPT),
                Map.entry("as_pattern", AS_PATTERN), Map.entry("named_expression", NAMED_EXPRESSION),
                Map.entry("pattern_list", PATTERNS), Map.entry("tuple_pattern", PATTERNS),
                Map.entry("list_pattern", PATTERNS), Map.entry("as_pattern_target", AS_TARGET),
                Map.entry("global_statement", GLOBAL), Map.entry("nonlocal_statement", NONLOCAL)));
        this.fieldAlias = grammar.getFieldIdForName("alias");
        this.fieldArguments = grammar.getFieldIdForName("arguments");
        this.fieldAttribute = grammar.getFieldIdForName("attribute");
        this.fieldBody = grammar.getFieldIdForName("body");
        this.fieldFunction = grammar.getFieldIdForName("function");
        this.fieldLeft = grammar.getFieldIdForName("left");
        this.fieldModuleName = grammar.getFieldIdForName("module_name");
        this.fieldName = grammar.getFieldIdForName("name");
        this.fieldObject = grammar.getFieldIdForName("object");
        this.fieldOperator = grammar.getFieldIdForName("operator");
        this.fieldParameters = grammar.getFieldIdForName("parameters");
        this.fieldRight = grammar.getFieldIdForName("right");
        this.fieldSuperclasses = grammar.getFieldIdForName("superclasses");
        this.nameField = grammar.getFieldIdForName("name");
        this.attributeField = grammar.getFieldIdForName("attribute");
        this.typeField = grammar.getFieldIdForName("type");
        this.fieldReturnType = grammar.getFieldIdForName("return_type");
    }

    @Override
    public String language() {
        return "python";
    }

    @Override
    public Language grammar() {
        return grammar;
    }

    @Override
    public int kind(short symbol) {
        return symbols.kind(symbol);
    }

    @Override
    public boolean enter(int node, int kind, int parentKind, short fieldId, int depth, ParsedFile f) {
        switch (kind) {
            case MODULE -> {
                String module = ParsedFile.moduleName(f.file.path());
                f.def("module", module, module, f.start(node), f.end(node), 1, null,
                        docstring(node, f), depth);
            }
            case DECORATED -> {
                // Collected here so the decorated def need not walk up to its parent (ts_node_parent is O(depth)).
                List<String> decorators = new ArrayList<>();
                for (int child : f.namedChildren(node)) {
                    if (kind(f.symbol(child)) == DECORATOR) {
                        decorators.add(f.text(child));
                    }
                }
                f.pendingDecorators = decorators;
            }
            case CLASS, FUNCTION -> defineClassOrFunction(node, kind, parentKind, depth, f);
            case LAMBDA -> {
                String qualname = prefix(f) + "<lambda>";
                f.def("lambda", "<lambda>", qualname, f.start(node), f.end(node), f.line(node), null, null, depth);
                int params = f.child(node, fieldParameters);
                if (params >= 0) {
                    parameters(params, f);
                }
            }
            case IMPORT -> {
                for (int child : f.childrenInField(node, fieldName)) {
                    importedName(child, f, node, null, 0);
                }
                return false;
            }
            case IMPORT_FROM, FUTURE_IMPORT -> {
                String module = "__future__";
                int level = 0;
                if (kind == IMPORT_FROM) {
                    int moduleNode = f.child(node, fieldModuleName);
                    module = moduleNode < 0 ? "" : f.text(moduleNode);
                    if (moduleNode >= 0 && kind(f.symbol(moduleNode)) == RELATIVE_IMPORT) {
                        level = countLeadingDots(module);
                        module = module.substring(level);
                    }
                }
                boolean any = false;
                for (int child : f.childrenInField(node, fieldName)) {
                    importedName(child, f, node, module, level);
                    any = true;
                }
                if (!any) {
                    for (int child : f.namedChildren(node)) {
                        if (kind(f.symbol(child)) == WILDCARD_IMPORT) {
                            f.importRow(module, "*", null, level, false, true, f.start(node), f.end(node));
                        }
                    }
                }
                return false;
            }
            case CALL -> call(node, f);
            case ASSIGNMENT -> assignment(node, f);
            // the other statements that bind names: for x in, comprehensions, except E as e, with f() as x, x := v
            case FOR -> bindNames(f.child(node, fieldLeft), "for", f);
            case EXCEPT, AS_PATTERN -> bindNames(f.child(node, fieldAlias), "as", f);
            case NAMED_EXPRESSION -> bindNames(f.child(node, fieldName), ":=", f);
            // global x / nonlocal x: the function's writes of x bind the module's or the outer function's x
            case GLOBAL, NONLOCAL -> {
                for (int name : f.namedChildren(node)) {
                    if (kind(f.symbol(name)) == IDENTIFIER) {
                        f.assignment(f.text(name), kind == GLOBAL ? "global" : "nonlocal", null, f.start(name),
                                f.end(name));
                    }
                }
            }
            case AUG_ASSIGNMENT -> {
                int left = f.child(node, fieldLeft);
                int op = f.child(node, fieldOperator);
                int right = f.child(node, fieldRight);
                if (left >= 0) {
                    f.assignment(f.slice(left), op < 0 ? "?=" : f.slice(op), right < 0 ? null : f.shortCell(right),
                            f.start(node), f.end(node));
                }
            }
            case IDENTIFIER -> {
                if (isReference(parentKind, fieldId)) {
                    f.ref(f.slice(node), f.start(node), f.end(node));
                }
            }
            case STRING -> f.literal("string", node);      // interpolations inside an f-string are walked as code
            case INTEGER -> f.literal("integer", node);
            case FLOAT -> f.literal("float", node);
            case BOOLEAN -> f.literal("boolean", node);
            case NONE -> f.literal("null", node);
            default -> {
                // other nodes only matter through their children
            }
        }
        return true;
    }

    private boolean isReference(int parentKind, short fieldId) {
        return switch (parentKind) {
            case PARAMETERS, LAMBDA_PARAMETERS, SPLAT_PATTERN -> false;
            case TYPED_PARAMETER -> fieldId == typeField;
            case DEFAULT_PARAMETER, TYPED_DEFAULT_PARAMETER, KEYWORD_ARGUMENT, CLASS, FUNCTION -> fieldId != nameField;
            case ATTRIBUTE -> fieldId != attributeField;
            default -> true;
        };
    }

    private void defineClassOrFunction(int node, int kind, int parentKind, int depth, ParsedFile f) {
        int nameNode = f.child(node, fieldName);
        String name = nameNode < 0 ? "<error>" : f.text(nameNode);
        ParsedFile.Scope parent = f.current();
        String defKind = kind == CLASS ? "class" : (parent != null && parent.isClass() ? "method" : "function");
        List<String> decorators = parentKind == DECORATED ? f.pendingDecorators : List.of();
        int body = f.child(node, fieldBody);
        String returnType = kind == FUNCTION ? returnClass(f.child(node, fieldReturnType), parent, f) : null;
        long defId = f.def(defKind, name, prefix(f) + name, f.start(node), f.end(node), f.line(node),
                ParsedFile.jsonArray(decorators), body < 0 ? null : docstring(body, f), returnType, depth);
        if (kind == CLASS) {
            int superclasses = f.child(node, fieldSuperclasses);
            if (superclasses >= 0) {
                f.bases(defId, f.text(superclasses));
            }
        }
        if (kind == FUNCTION) {
            int params = f.child(node, fieldParameters);
            if (params >= 0) {
                parameters(params, f);
            }
        }
    }

    /**
     * The class a {@code -> T} annotation names, reduced like parameter annotations; {@code Self} names the class
     * the method is defined in (its qualname, which the module resolves like any class name).
     */
    private static String returnClass(int annotation, ParsedFile.Scope owner, ParsedFile f) {
        if (annotation < 0) {
            return null;
        }
        String type = annotationClass(f.text(annotation));
        if (type != null && (type.equals("Self") || type.equals("typing.Self"))) {
            return owner != null && owner.isClass() ? owner.qualname() : null;
        }
        return type;
    }

    /** {@code __qualname__} prefix for a def inside the current scope. */
    private static String prefix(ParsedFile f) {
        ParsedFile.Scope scope = f.current();
        if (scope == null || scope.kind().equals("module")) {
            return "";
        }
        return scope.isFunction() ? scope.qualname() + ".<locals>." : scope.qualname() + ".";
    }

    private void parameters(int params, ParsedFile f) {
        String owner = f.current() == null ? "" : f.current().qualname() + ".";
        for (int p : f.namedChildren(params)) {
            int nameNode = switch (kind(f.symbol(p))) {
                case IDENTIFIER -> p;
                case DEFAULT_PARAMETER, TYPED_DEFAULT_PARAMETER -> f.child(p, fieldName);
                case TYPED_PARAMETER, SPLAT_PATTERN -> firstIdentifier(p, f);
                default -> -1;
            };
            if (nameNode >= 0) {
                String name = f.text(nameNode);
                f.def("parameter", name, owner + name, f.start(p), f.end(p), f.line(p), null, null, -1);
                annotatedType(name, f.child(p, typeField), "parameter", f);
            }
        }
    }

    private int firstIdentifier(int node, ParsedFile f) {
        for (int child : f.namedChildren(node)) {
            int k = kind(f.symbol(child));
            if (k == IDENTIFIER) {
                return child;
            }
            if (k == SPLAT_PATTERN) {
                return firstIdentifier(child, f);
            }
        }
        return -1;
    }

    private String docstring(int body, ParsedFile f) {
        for (int child : f.namedChildren(body)) {
            int k = kind(f.symbol(child));
            if (k == COMMENT) {
                continue;
            }
            if (k == EXPRESSION_STATEMENT && f.namedChildCount(child) == 1) {
                int first = f.namedChildren(child)[0];
                if (first >= 0 && kind(f.symbol(first)) == STRING) {
                    return f.text(first);
                }
            }
            return null;
        }
        return null;
    }

    private void importedName(int child, ParsedFile f, int statement, String fromModule, int level) {
        String name;
        String alias = null;
        if (kind(f.symbol(child)) == ALIASED_IMPORT) {
            name = f.textOr(f.child(child, fieldName), "");
            alias = f.textOr(f.child(child, fieldAlias), null);
        } else {
            name = f.text(child);
        }
        if (fromModule == null) {
            f.importRow(name, null, alias, 0, false, false, f.start(statement), f.end(statement));
        } else {
            f.importRow(fromModule, name, alias, level, false, false, f.start(statement), f.end(statement));
        }
    }

    private void call(int node, ParsedFile f) {
        int function = f.child(node, fieldFunction);
        if (function < 0) {
            return;
        }
        Object callee;   // row cells: byte slices of the file where the text is used whole
        Object receiver = null;
        if (kind(f.symbol(function)) == ATTRIBUTE) {
            int attribute = f.child(function, fieldAttribute);
            callee = f.slice(attribute >= 0 ? attribute : function);
            int object = f.child(function, fieldObject);
            receiver = object < 0 ? null : f.shortCell(object);
        } else {
            callee = f.shortCell(function);
        }
        int args = 0;
        int arguments = f.child(node, fieldArguments);
        if (arguments >= 0) {
            if (kind(f.symbol(arguments)) == GENERATOR) {
                args = 1;
            } else {
                args = f.namedChildCount(arguments);
                if (args > 0 && f.containsAscii(arguments, '#', "")) {
                    args = 0;   // a comment may sit among the arguments: count without it
                    for (int a : f.namedChildren(arguments)) {
                        if (kind(f.symbol(a)) != COMMENT) {
                            args++;
                        }
                    }
                }
            }
        }
        f.call(callee, receiver, args, f.start(node), f.end(node));
    }

    /**
     * Records the plain names {@code target} binds (a name, or the names in a tuple or list pattern: {@code a, (b, *c)})
     * as assignments with {@code operator} and no value, each at the name's own span, so that the name becomes a local
     * of the enclosing function (or a module global) and the identifier an assignment defines. Attributes and
     * subscripts bind no name.
     */
    private void bindNames(int target, String operator, ParsedFile f) {
        if (target < 0) {
            return;
        }
        int kind = kind(f.symbol(target));
        if (kind == IDENTIFIER || kind == AS_TARGET) {
            String name = f.text(target);
            if (kind == IDENTIFIER || isName(name)) {
                f.assignment(name, operator, null, f.start(target), f.end(target));
            }
        } else if (kind == PATTERNS || kind == SPLAT_PATTERN) {
            for (int child : f.namedChildren(target)) {
                bindNames(child, operator, f);
            }
        }
    }

    private static boolean isName(String text) {
        return !text.isEmpty() && Character.isJavaIdentifierStart(text.charAt(0))
                && text.chars().allMatch(Character::isJavaIdentifierPart);
    }

    private void assignment(int node, ParsedFile f) {
        int left = f.child(node, fieldLeft);
        if (left < 0) {
            return;
        }
        if (kind(f.symbol(left)) == PATTERNS) {
            bindNames(left, "unpack", f);      // a, b = ...: each name (the row of the whole target follows)
        }
        int right = f.child(node, fieldRight);
        String target = f.text(left);
        f.assignment(target, right < 0 ? ":" : "=", right < 0 ? null : f.shortCell(right),
                f.start(node), f.end(node));
        ParsedFile.Scope scope = f.current();
        if (scope != null && scope.isFunction() && kind(f.symbol(left)) == IDENTIFIER) {
            annotatedType(target, f.child(node, typeField), "local", f);   // "x: Foo = ..." in a function
        }
        if (scope != null && scope.isClass() && kind(f.symbol(left)) == IDENTIFIER) {
            // Class attributes: "x = 1" and "x: int" in a class body.
            f.def("field", target, scope.qualname() + "." + target, f.start(node), f.end(node), f.line(node),
                    null, null, -1);
        }
    }

    /**
     * Records the class an annotation names ({@code x: Foo}, {@code "Foo"}, {@code Optional[Foo]}, {@code Foo | None},
     * {@code pkg.Foo}), so calls on {@code x} can be typed. Anything else (unions of classes, generics of several
     * arguments, callables) says nothing about a single receiver type and is skipped.
     */
    private static void annotatedType(String name, int annotation, String varKind, ParsedFile f) {
        if (annotation < 0) {
            return;
        }
        String type = annotationClass(f.text(annotation));
        if (type != null) {
            f.varType(name, type, varKind);
        }
    }

    static String annotationClass(String annotation) {
        String t = unquote(annotation.strip());
        for (String optional : new String[] {"Optional[", "typing.Optional["}) {
            if (t.startsWith(optional) && t.endsWith("]")) {
                t = unquote(t.substring(optional.length(), t.length() - 1).strip());   // Optional["Foo"] too
            }
        }
        if (t.endsWith("| None")) {
            t = t.substring(0, t.length() - "| None".length()).strip();
        } else if (t.startsWith("None |")) {
            t = t.substring("None |".length()).strip();
        }
        return SIMPLE_TYPE.matcher(t).matches() && !t.equals("None") ? t : null;
    }

    /** {@code "Foo"} or {@code 'Foo'} (a forward reference) to {@code Foo}. */
    private static String unquote(String t) {
        if (t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '\'') && t.charAt(t.length() - 1) == t.charAt(0)) {
            return t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    private static final java.util.regex.Pattern SIMPLE_TYPE = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    private static int countLeadingDots(String s) {
        int n = 0;
        while (n < s.length() && s.charAt(n) == '.') {
            n++;
        }
        return n;
    }
}
