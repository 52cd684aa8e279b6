package io.codeanatomy.extract.internal.ts;

import io.github.treesitter.jtreesitter.Language;
import io.github.treesitter.jtreesitter.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Python (tree-sitter-python 0.25): qualnames follow {@code __qualname__}, so nested functions add {@code <locals>}. */
final class PythonRules implements LanguageRules {
    private static final int MODULE = 1, CLASS = 2, FUNCTION = 3, DECORATED = 4, LAMBDA = 5, IMPORT = 6,
            IMPORT_FROM = 7, FUTURE_IMPORT = 8, CALL = 9, IDENTIFIER = 10, ASSIGNMENT = 11, AUG_ASSIGNMENT = 12,
            PARAMETERS = 13, LAMBDA_PARAMETERS = 14, TYPED_PARAMETER = 15, DEFAULT_PARAMETER = 16,
            TYPED_DEFAULT_PARAMETER = 17, SPLAT_PATTERN = 18, KEYWORD_ARGUMENT = 19, ATTRIBUTE = 20, COMMENT = 21,
            STRING = 22, EXPRESSION_STATEMENT = 23, DECORATOR = 24, GENERATOR = 25, ALIASED_IMPORT = 26,
            RELATIVE_IMPORT = 27, WILDCARD_IMPORT = 28, DOTTED_NAME = 29;

    private final Language grammar;
    private final SymbolTable symbols;
    private final short nameField;
    private final short attributeField;
    private final short typeField;

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
                Map.entry("dotted_name", DOTTED_NAME)));
        this.nameField = grammar.getFieldIdForName("name");
        this.attributeField = grammar.getFieldIdForName("attribute");
        this.typeField = grammar.getFieldIdForName("type");
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
    public boolean enter(Node node, int kind, int parentKind, short fieldId, int depth, ParsedFile f) {
        switch (kind) {
            case MODULE -> {
                String module = ParsedFile.moduleName(f.file.path());
                f.def("module", module, module, node.getStartByte(), node.getEndByte(), 1, null,
                        docstring(node, f), depth);
            }
            case CLASS, FUNCTION -> defineClassOrFunction(node, kind, depth, f);
            case LAMBDA -> {
                String qualname = prefix(f) + "<lambda>";
                f.def("lambda", "<lambda>", qualname, node.getStartByte(), node.getEndByte(), line(node), null, null, depth);
                node.getChildByFieldName("parameters").ifPresent(params -> parameters(params, f));
            }
            case IMPORT -> {
                for (Node child : node.getChildrenByFieldName("name")) {
                    importedName(child, f, node, null, 0);
                }
                return false;
            }
            case IMPORT_FROM, FUTURE_IMPORT -> {
                String module = "__future__";
                int level = 0;
                if (kind == IMPORT_FROM) {
                    Node moduleNode = node.getChildByFieldName("module_name").orElse(null);
                    module = moduleNode == null ? "" : f.text(moduleNode);
                    if (moduleNode != null && kind(moduleNode.getSymbol()) == RELATIVE_IMPORT) {
                        level = countLeadingDots(module);
                        module = module.substring(level);
                    }
                }
                boolean any = false;
                for (Node child : node.getChildrenByFieldName("name")) {
                    importedName(child, f, node, module, level);
                    any = true;
                }
                if (!any) {
                    for (Node child : node.getNamedChildren()) {
                        if (kind(child.getSymbol()) == WILDCARD_IMPORT) {
                            f.importRow(module, "*", null, level, false, true, node.getStartByte(), node.getEndByte());
                        }
                    }
                }
                return false;
            }
            case CALL -> call(node, f);
            case ASSIGNMENT -> assignment(node, f);
            case AUG_ASSIGNMENT -> {
                Node left = node.getChildByFieldName("left").orElse(null);
                Node op = node.getChildByFieldName("operator").orElse(null);
                Node right = node.getChildByFieldName("right").orElse(null);
                if (left != null) {
                    f.assignment(f.text(left), op == null ? "?=" : f.text(op), right == null ? null : f.shortText(right),
                            node.getStartByte(), node.getEndByte());
                }
            }
            case IDENTIFIER -> {
                if (isReference(parentKind, fieldId)) {
                    f.ref(f.text(node), node.getStartByte(), node.getEndByte());
                }
            }
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

    private void defineClassOrFunction(Node node, int kind, int depth, ParsedFile f) {
        Node nameNode = node.getChildByFieldName("name").orElse(null);
        String name = nameNode == null ? "<error>" : f.text(nameNode);
        ParsedFile.Scope parent = f.current();
        String defKind = kind == CLASS ? "class" : (parent != null && parent.isClass() ? "method" : "function");
        List<String> decorators = new ArrayList<>();
        Optional<Node> wrapper = node.getParent();
        if (wrapper.isPresent() && kind(wrapper.get().getSymbol()) == DECORATED) {
            for (Node child : wrapper.get().getNamedChildren()) {
                if (kind(child.getSymbol()) == DECORATOR) {
                    decorators.add(f.text(child));
                }
            }
        }
        Node body = node.getChildByFieldName("body").orElse(null);
        f.def(defKind, name, prefix(f) + name, node.getStartByte(), node.getEndByte(), line(node),
                ParsedFile.jsonArray(decorators), body == null ? null : docstring(body, f), depth);
        if (kind == FUNCTION) {
            node.getChildByFieldName("parameters").ifPresent(params -> parameters(params, f));
        }
    }

    /** {@code __qualname__} prefix for a def inside the current scope. */
    private static String prefix(ParsedFile f) {
        ParsedFile.Scope scope = f.current();
        if (scope == null || scope.kind().equals("module")) {
            return "";
        }
        return scope.isFunction() ? scope.qualname() + ".<locals>." : scope.qualname() + ".";
    }

    private void parameters(Node params, ParsedFile f) {
        String owner = f.current() == null ? "" : f.current().qualname() + ".";
        for (Node p : params.getNamedChildren()) {
            Node nameNode = switch (kind(p.getSymbol())) {
                case IDENTIFIER -> p;
                case DEFAULT_PARAMETER, TYPED_DEFAULT_PARAMETER -> p.getChildByFieldName("name").orElse(null);
                case TYPED_PARAMETER, SPLAT_PATTERN -> firstIdentifier(p);
                default -> null;
            };
            if (nameNode != null) {
                String name = f.text(nameNode);
                f.def("parameter", name, owner + name, p.getStartByte(), p.getEndByte(), line(p), null, null, -1);
            }
        }
    }

    private Node firstIdentifier(Node node) {
        for (Node child : node.getNamedChildren()) {
            int k = kind(child.getSymbol());
            if (k == IDENTIFIER) {
                return child;
            }
            if (k == SPLAT_PATTERN) {
                return firstIdentifier(child);
            }
        }
        return null;
    }

    private String docstring(Node body, ParsedFile f) {
        for (Node child : body.getNamedChildren()) {
            int k = kind(child.getSymbol());
            if (k == COMMENT) {
                continue;
            }
            if (k == EXPRESSION_STATEMENT && child.getNamedChildCount() == 1) {
                Node first = child.getNamedChild(0).orElse(null);
                if (first != null && kind(first.getSymbol()) == STRING) {
                    return f.text(first);
                }
            }
            return null;
        }
        return null;
    }

    private void importedName(Node child, ParsedFile f, Node statement, String fromModule, int level) {
        String name;
        String alias = null;
        if (kind(child.getSymbol()) == ALIASED_IMPORT) {
            name = child.getChildByFieldName("name").map(f::text).orElse("");
            alias = child.getChildByFieldName("alias").map(f::text).orElse(null);
        } else {
            name = f.text(child);
        }
        if (fromModule == null) {
            f.importRow(name, null, alias, 0, false, false, statement.getStartByte(), statement.getEndByte());
        } else {
            f.importRow(fromModule, name, alias, level, false, false, statement.getStartByte(), statement.getEndByte());
        }
    }

    private void call(Node node, ParsedFile f) {
        Node function = node.getChildByFieldName("function").orElse(null);
        if (function == null) {
            return;
        }
        String callee;
        String receiver = null;
        if (kind(function.getSymbol()) == ATTRIBUTE) {
            callee = function.getChildByFieldName("attribute").map(f::text).orElse(f.text(function));
            receiver = function.getChildByFieldName("object").map(f::shortText).orElse(null);
        } else {
            callee = f.shortText(function);
        }
        int args = 0;
        Node arguments = node.getChildByFieldName("arguments").orElse(null);
        if (arguments != null) {
            if (kind(arguments.getSymbol()) == GENERATOR) {
                args = 1;
            } else {
                for (Node a : arguments.getNamedChildren()) {
                    if (kind(a.getSymbol()) != COMMENT) {
                        args++;
                    }
                }
            }
        }
        f.call(callee, receiver, args, node.getStartByte(), node.getEndByte());
    }

    private void assignment(Node node, ParsedFile f) {
        Node left = node.getChildByFieldName("left").orElse(null);
        if (left == null) {
            return;
        }
        Node right = node.getChildByFieldName("right").orElse(null);
        String target = f.text(left);
        f.assignment(target, right == null ? ":" : "=", right == null ? null : f.shortText(right),
                node.getStartByte(), node.getEndByte());
        ParsedFile.Scope scope = f.current();
        if (scope != null && scope.isClass() && kind(left.getSymbol()) == IDENTIFIER) {
            // Class attributes: "x = 1" and "x: int" in a class body.
            f.def("field", target, scope.qualname() + "." + target, node.getStartByte(), node.getEndByte(), line(node),
                    null, null, -1);
        }
    }

    private static int countLeadingDots(String s) {
        int n = 0;
        while (n < s.length() && s.charAt(n) == '.') {
            n++;
        }
        return n;
    }

    static int line(Node node) {
        return node.getStartPoint().row() + 1;
    }
}
