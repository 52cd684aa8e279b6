package io.codeanatomy.extract.internal.ts;

import io.github.treesitter.jtreesitter.Language;
import java.lang.foreign.MemorySegment;
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
            NONE = 33;

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
                Map.entry("true", BOOLEAN), Map.entry("false", BOOLEAN), Map.entry("none", NONE)));
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
    public boolean enter(MemorySegment node, int kind, int parentKind, short fieldId, int depth, ParsedFile f) {
        switch (kind) {
            case MODULE -> {
                String module = ParsedFile.moduleName(f.file.path());
                f.def("module", module, module, ParsedFile.start(node), ParsedFile.end(node), 1, null,
                        docstring(node, f), depth);
            }
            case DECORATED -> {
                // Collected here so the decorated def need not walk up to its parent (ts_node_parent is O(depth)).
                List<String> decorators = new ArrayList<>();
                for (MemorySegment child : f.namedChildren(node)) {
                    if (kind(ParsedFile.symbol(child)) == DECORATOR) {
                        decorators.add(f.text(child));
                    }
                }
                f.pendingDecorators = decorators;
            }
            case CLASS, FUNCTION -> defineClassOrFunction(node, kind, parentKind, depth, f);
            case LAMBDA -> {
                String qualname = prefix(f) + "<lambda>";
                f.def("lambda", "<lambda>", qualname, ParsedFile.start(node), ParsedFile.end(node), f.line(node), null, null, depth);
                MemorySegment params = f.child(node, fieldParameters);
                if (params != null) {
                    parameters(params, f);
                }
            }
            case IMPORT -> {
                for (MemorySegment child : f.childrenInField(node, fieldName)) {
                    importedName(child, f, node, null, 0);
                }
                return false;
            }
            case IMPORT_FROM, FUTURE_IMPORT -> {
                String module = "__future__";
                int level = 0;
                if (kind == IMPORT_FROM) {
                    MemorySegment moduleNode = f.child(node, fieldModuleName);
                    module = moduleNode == null ? "" : f.text(moduleNode);
                    if (moduleNode != null && kind(ParsedFile.symbol(moduleNode)) == RELATIVE_IMPORT) {
                        level = countLeadingDots(module);
                        module = module.substring(level);
                    }
                }
                boolean any = false;
                for (MemorySegment child : f.childrenInField(node, fieldName)) {
                    importedName(child, f, node, module, level);
                    any = true;
                }
                if (!any) {
                    for (MemorySegment child : f.namedChildren(node)) {
                        if (kind(ParsedFile.symbol(child)) == WILDCARD_IMPORT) {
                            f.importRow(module, "*", null, level, false, true, ParsedFile.start(node), ParsedFile.end(node));
                        }
                    }
                }
                return false;
            }
            case CALL -> call(node, f);
            case ASSIGNMENT -> assignment(node, f);
            case AUG_ASSIGNMENT -> {
                MemorySegment left = f.child(node, fieldLeft);
                MemorySegment op = f.child(node, fieldOperator);
                MemorySegment right = f.child(node, fieldRight);
                if (left != null) {
                    f.assignment(f.text(left), op == null ? "?=" : f.text(op), right == null ? null : f.shortText(right),
                            ParsedFile.start(node), ParsedFile.end(node));
                }
            }
            case IDENTIFIER -> {
                if (isReference(parentKind, fieldId)) {
                    f.ref(f.slice(node), ParsedFile.start(node), ParsedFile.end(node));
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

    private void defineClassOrFunction(MemorySegment node, int kind, int parentKind, int depth, ParsedFile f) {
        MemorySegment nameNode = f.child(node, fieldName);
        String name = nameNode == null ? "<error>" : f.text(nameNode);
        ParsedFile.Scope parent = f.current();
        String defKind = kind == CLASS ? "class" : (parent != null && parent.isClass() ? "method" : "function");
        List<String> decorators = parentKind == DECORATED ? f.pendingDecorators : List.of();
        MemorySegment body = f.child(node, fieldBody);
        String returnType = kind == FUNCTION ? returnClass(f.child(node, fieldReturnType), parent, f) : null;
        long defId = f.def(defKind, name, prefix(f) + name, ParsedFile.start(node), ParsedFile.end(node), f.line(node),
                ParsedFile.jsonArray(decorators), body == null ? null : docstring(body, f), returnType, depth);
        if (kind == CLASS) {
            MemorySegment superclasses = f.child(node, fieldSuperclasses);
            if (superclasses != null) {
                f.bases(defId, f.text(superclasses));
            }
        }
        if (kind == FUNCTION) {
            MemorySegment params = f.child(node, fieldParameters);
            if (params != null) {
                parameters(params, f);
            }
        }
    }

    /**
     * The class a {@code -> T} annotation names, reduced like parameter annotations; {@code Self} names the class
     * the method is defined in (its qualname, which the module resolves like any class name).
     */
    private static String returnClass(MemorySegment annotation, ParsedFile.Scope owner, ParsedFile f) {
        if (annotation == null) {
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

    private void parameters(MemorySegment params, ParsedFile f) {
        String owner = f.current() == null ? "" : f.current().qualname() + ".";
        for (MemorySegment p : f.namedChildren(params)) {
            MemorySegment nameNode = switch (kind(ParsedFile.symbol(p))) {
                case IDENTIFIER -> p;
                case DEFAULT_PARAMETER, TYPED_DEFAULT_PARAMETER -> f.child(p, fieldName);
                case TYPED_PARAMETER, SPLAT_PATTERN -> firstIdentifier(p, f);
                default -> null;
            };
            if (nameNode != null) {
                String name = f.text(nameNode);
                f.def("parameter", name, owner + name, ParsedFile.start(p), ParsedFile.end(p), f.line(p), null, null, -1);
                annotatedType(name, f.child(p, typeField), "parameter", f);
            }
        }
    }

    private MemorySegment firstIdentifier(MemorySegment node, ParsedFile f) {
        for (MemorySegment child : f.namedChildren(node)) {
            int k = kind(ParsedFile.symbol(child));
            if (k == IDENTIFIER) {
                return child;
            }
            if (k == SPLAT_PATTERN) {
                return firstIdentifier(child, f);
            }
        }
        return null;
    }

    private String docstring(MemorySegment body, ParsedFile f) {
        for (MemorySegment child : f.namedChildren(body)) {
            int k = kind(ParsedFile.symbol(child));
            if (k == COMMENT) {
                continue;
            }
            if (k == EXPRESSION_STATEMENT && TsNative.namedChildCount(child) == 1) {
                MemorySegment first = f.namedChildren(child).get(0);
                if (first != null && kind(ParsedFile.symbol(first)) == STRING) {
                    return f.text(first);
                }
            }
            return null;
        }
        return null;
    }

    private void importedName(MemorySegment child, ParsedFile f, MemorySegment statement, String fromModule, int level) {
        String name;
        String alias = null;
        if (kind(ParsedFile.symbol(child)) == ALIASED_IMPORT) {
            name = f.textOr(f.child(child, fieldName), "");
            alias = f.textOr(f.child(child, fieldAlias), null);
        } else {
            name = f.text(child);
        }
        if (fromModule == null) {
            f.importRow(name, null, alias, 0, false, false, ParsedFile.start(statement), ParsedFile.end(statement));
        } else {
            f.importRow(fromModule, name, alias, level, false, false, ParsedFile.start(statement), ParsedFile.end(statement));
        }
    }

    private void call(MemorySegment node, ParsedFile f) {
        MemorySegment function = f.child(node, fieldFunction);
        if (function == null) {
            return;
        }
        String callee;
        String receiver = null;
        if (kind(ParsedFile.symbol(function)) == ATTRIBUTE) {
            callee = f.textOr(f.child(function, fieldAttribute), f.text(function));
            MemorySegment object = f.child(function, fieldObject);
            receiver = object == null ? null : f.shortText(object);
        } else {
            callee = f.shortText(function);
        }
        int args = 0;
        MemorySegment arguments = f.child(node, fieldArguments);
        if (arguments != null) {
            if (kind(ParsedFile.symbol(arguments)) == GENERATOR) {
                args = 1;
            } else {
                args = TsNative.namedChildCount(arguments);
                if (args > 0 && f.text(arguments).indexOf('#') >= 0) {
                    args = 0;   // a comment may sit among the arguments: count without it
                    for (MemorySegment a : f.namedChildren(arguments)) {
                        if (kind(ParsedFile.symbol(a)) != COMMENT) {
                            args++;
                        }
                    }
                }
            }
        }
        f.call(callee, receiver, args, ParsedFile.start(node), ParsedFile.end(node));
    }

    private void assignment(MemorySegment node, ParsedFile f) {
        MemorySegment left = f.child(node, fieldLeft);
        if (left == null) {
            return;
        }
        MemorySegment right = f.child(node, fieldRight);
        String target = f.text(left);
        f.assignment(target, right == null ? ":" : "=", right == null ? null : f.shortText(right),
                ParsedFile.start(node), ParsedFile.end(node));
        ParsedFile.Scope scope = f.current();
        if (scope != null && scope.isFunction() && kind(ParsedFile.symbol(left)) == IDENTIFIER) {
            annotatedType(target, f.child(node, typeField), "local", f);   // "x: Foo = ..." in a function
        }
        if (scope != null && scope.isClass() && kind(ParsedFile.symbol(left)) == IDENTIFIER) {
            // Class attributes: "x = 1" and "x: int" in a class body.
            f.def("field", target, scope.qualname() + "." + target, ParsedFile.start(node), ParsedFile.end(node), f.line(node),
                    null, null, -1);
        }
    }

    /**
     * Records the class an annotation names ({@code x: Foo}, {@code "Foo"}, {@code Optional[Foo]}, {@code Foo | None},
     * {@code pkg.Foo}), so calls on {@code x} can be typed. Anything else (unions of classes, generics of several
     * arguments, callables) says nothing about a single receiver type and is skipped.
     */
    private static void annotatedType(String name, MemorySegment annotation, String varKind, ParsedFile f) {
        if (annotation == null) {
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
