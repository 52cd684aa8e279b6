package io.codeanatomy.extract.internal.ts;

import io.github.treesitter.jtreesitter.Language;
import io.github.treesitter.jtreesitter.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Java (tree-sitter-java 0.23.5): qualnames are {@code package.Outer.Inner.method}; constructors are named
 * {@code <init>} as in bytecode, so source and bytecode defs line up; annotations fill the decorators column.
 */
final class JavaRules implements LanguageRules {
    private static final int PROGRAM = 1, TYPE_DECL = 2, METHOD = 3, CONSTRUCTOR = 4, FIELD_DECL = 5,
            ENUM_CONSTANT = 6, LAMBDA = 7, IMPORT = 8, METHOD_INVOCATION = 9, OBJECT_CREATION = 10, IDENTIFIER = 11,
            ASSIGNMENT = 12, PACKAGE = 13, PARAMETER = 14, EXPLICIT_CTOR_CALL = 15, TYPE_IDENTIFIER = 16,
            VARIABLE_DECLARATOR = 17, MODIFIERS = 18, ANNOTATION = 19, BLOCK_COMMENT = 20, LINE_COMMENT = 21,
            ASTERISK = 22, FORMAL_PARAMETERS = 23, INFERRED_PARAMETERS = 24, SCOPED_IDENTIFIER = 25;

    private final Language grammar;
    private final SymbolTable symbols;
    private final short fieldArguments;
    private final short fieldConstructor;
    private final short fieldDeclarator;
    private final short fieldLeft;
    private final short fieldName;
    private final short fieldObject;
    private final short fieldOperator;
    private final short fieldParameters;
    private final short fieldRight;
    private final short fieldType;
    private final short fieldValue;
    private final short nameField;

    JavaRules(Language grammar) {
        this.grammar = grammar;
        this.symbols = new SymbolTable(grammar, Map.ofEntries(Map.entry("program", PROGRAM),
                Map.entry("class_declaration", TYPE_DECL), Map.entry("interface_declaration", TYPE_DECL),
                Map.entry("enum_declaration", TYPE_DECL), Map.entry("record_declaration", TYPE_DECL),
                Map.entry("annotation_type_declaration", TYPE_DECL), Map.entry("method_declaration", METHOD),
                Map.entry("annotation_type_element_declaration", METHOD),
                Map.entry("constructor_declaration", CONSTRUCTOR),
                Map.entry("compact_constructor_declaration", CONSTRUCTOR),
                Map.entry("field_declaration", FIELD_DECL), Map.entry("constant_declaration", FIELD_DECL),
                Map.entry("enum_constant", ENUM_CONSTANT), Map.entry("lambda_expression", LAMBDA),
                Map.entry("import_declaration", IMPORT), Map.entry("method_invocation", METHOD_INVOCATION),
                Map.entry("object_creation_expression", OBJECT_CREATION), Map.entry("identifier", IDENTIFIER),
                Map.entry("assignment_expression", ASSIGNMENT), Map.entry("package_declaration", PACKAGE),
                Map.entry("formal_parameter", PARAMETER), Map.entry("spread_parameter", PARAMETER),
                Map.entry("explicit_constructor_invocation", EXPLICIT_CTOR_CALL),
                Map.entry("type_identifier", TYPE_IDENTIFIER), Map.entry("variable_declarator", VARIABLE_DECLARATOR),
                Map.entry("modifiers", MODIFIERS), Map.entry("marker_annotation", ANNOTATION),
                Map.entry("annotation", ANNOTATION), Map.entry("block_comment", BLOCK_COMMENT),
                Map.entry("line_comment", LINE_COMMENT), Map.entry("asterisk", ASTERISK),
                Map.entry("formal_parameters", FORMAL_PARAMETERS), Map.entry("inferred_parameters", INFERRED_PARAMETERS),
                Map.entry("scoped_identifier", SCOPED_IDENTIFIER)));
        this.fieldArguments = grammar.getFieldIdForName("arguments");
        this.fieldConstructor = grammar.getFieldIdForName("constructor");
        this.fieldDeclarator = grammar.getFieldIdForName("declarator");
        this.fieldLeft = grammar.getFieldIdForName("left");
        this.fieldName = grammar.getFieldIdForName("name");
        this.fieldObject = grammar.getFieldIdForName("object");
        this.fieldOperator = grammar.getFieldIdForName("operator");
        this.fieldParameters = grammar.getFieldIdForName("parameters");
        this.fieldRight = grammar.getFieldIdForName("right");
        this.fieldType = grammar.getFieldIdForName("type");
        this.fieldValue = grammar.getFieldIdForName("value");
        this.nameField = grammar.getFieldIdForName("name");
    }

    @Override
    public String language() {
        return "java";
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
            case PROGRAM -> {
                String pkg = "";
                for (Node child : node.getNamedChildren()) {
                    if (kind(child.getSymbol()) == PACKAGE) {
                        pkg = packageName(child, f);
                        break;
                    }
                }
                String path = f.file.path();
                String stem = path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.java$", "");
                f.def("module", stem, pkg, node.getStartByte(), node.getEndByte(), 1, null, null, depth);
            }
            case PACKAGE -> {
                return false;
            }
            case TYPE_DECL -> {
                String name = node.getChildByFieldId(fieldName).map(f::text).orElse("<error>");
                define("class", name, node, depth, f);
            }
            case METHOD, CONSTRUCTOR -> {
                String name = kind == CONSTRUCTOR ? "<init>" : node.getChildByFieldId(fieldName).map(f::text).orElse("<error>");
                define("method", name, node, depth, f);
                node.getChildByFieldId(fieldParameters).ifPresent(params -> parameters(params, f));
            }
            case FIELD_DECL -> {
                String annotations = annotations(node, f);
                String doc = javadoc(node, f);
                for (Node declarator : node.getChildrenByFieldId(fieldDeclarator)) {
                    declarator.getChildByFieldId(fieldName).ifPresent(n -> f.def("field", f.text(n),
                            qualname(f, f.text(n)), declarator.getStartByte(), declarator.getEndByte(), line(declarator),
                            annotations, doc, -1));
                }
            }
            case ENUM_CONSTANT -> node.getChildByFieldId(fieldName).ifPresent(n -> f.def("field", f.text(n),
                    qualname(f, f.text(n)), node.getStartByte(), node.getEndByte(), line(node), annotations(node, f),
                    javadoc(node, f), -1));
            case LAMBDA -> {
                f.def("lambda", "<lambda>", qualname(f, "<lambda>"), node.getStartByte(), node.getEndByte(), line(node),
                        null, null, depth);
                node.getChildByFieldId(fieldParameters).ifPresent(params -> {
                    if (kind(params.getSymbol()) == IDENTIFIER) {
                        parameter(params, params, f);
                    } else {
                        parameters(params, f);
                    }
                });
            }
            case IMPORT -> {
                importDeclaration(node, f);
                return false;
            }
            case METHOD_INVOCATION -> {
                String name = node.getChildByFieldId(fieldName).map(f::text).orElse("<error>");
                String receiver = node.getChildByFieldId(fieldObject).map(f::shortText).orElse(null);
                f.call(name, receiver, argumentCount(node, f), node.getStartByte(), node.getEndByte());
            }
            case OBJECT_CREATION -> {
                String type = node.getChildByFieldId(fieldType).map(f::shortText).orElse("<error>");
                f.call("new " + type, null, argumentCount(node, f), node.getStartByte(), node.getEndByte());
            }
            case EXPLICIT_CTOR_CALL -> {
                String ctor = node.getChildByFieldId(fieldConstructor).map(f::text).orElse("this");
                String receiver = node.getChildByFieldId(fieldObject).map(f::shortText).orElse(null);
                f.call(ctor, receiver, argumentCount(node, f), node.getStartByte(), node.getEndByte());
            }
            case ASSIGNMENT -> {
                Node left = node.getChildByFieldId(fieldLeft).orElse(null);
                if (left != null) {
                    String op = node.getChildByFieldId(fieldOperator).map(f::text).orElse("=");
                    String value = node.getChildByFieldId(fieldRight).map(f::shortText).orElse(null);
                    f.assignment(f.text(left), op, value, node.getStartByte(), node.getEndByte());
                }
            }
            case VARIABLE_DECLARATOR -> {
                Node value = node.getChildByFieldId(fieldValue).orElse(null);
                Node name = node.getChildByFieldId(fieldName).orElse(null);
                if (value != null && name != null) {
                    f.assignment(f.text(name), "=", f.shortText(value), node.getStartByte(), node.getEndByte());
                }
            }
            case IDENTIFIER, TYPE_IDENTIFIER -> {
                boolean declaresName = fieldId == nameField && (parentKind == TYPE_DECL || parentKind == METHOD
                        || parentKind == CONSTRUCTOR || parentKind == VARIABLE_DECLARATOR || parentKind == PARAMETER
                        || parentKind == ENUM_CONSTANT);
                boolean lambdaParameter = parentKind == INFERRED_PARAMETERS || parentKind == LAMBDA;
                if (!declaresName && !lambdaParameter) {
                    f.ref(f.text(node), node.getStartByte(), node.getEndByte());
                }
            }
            default -> {
                // other nodes only matter through their children
            }
        }
        return true;
    }

    private void define(String kind, String name, Node node, int depth, ParsedFile f) {
        f.def(kind, name, qualname(f, name), node.getStartByte(), node.getEndByte(), line(node), annotations(node, f),
                javadoc(node, f), depth);
    }

    private static String qualname(ParsedFile f, String name) {
        ParsedFile.Scope scope = f.current();
        if (scope == null || scope.qualname().isEmpty()) {
            return name;
        }
        return scope.qualname() + "." + name;
    }

    private void parameters(Node params, ParsedFile f) {
        for (Node p : params.getNamedChildren()) {
            int k = kind(p.getSymbol());
            if (k == PARAMETER) {
                Node name = p.getChildByFieldId(fieldName).orElse(null);
                if (name == null) {
                    // spread_parameter: "T... xs" keeps its name in a variable_declarator child
                    for (Node child : p.getNamedChildren()) {
                        if (kind(child.getSymbol()) == VARIABLE_DECLARATOR) {
                            name = child.getChildByFieldId(fieldName).orElse(null);
                        }
                    }
                }
                if (name != null) {
                    parameter(p, name, f);
                }
            } else if (k == IDENTIFIER) {
                parameter(p, p, f);
            }
        }
    }

    private static void parameter(Node p, Node name, ParsedFile f) {
        String text = f.text(name);
        f.def("parameter", text, qualname(f, text), p.getStartByte(), p.getEndByte(), line(p), null, null, -1);
    }

    private String annotations(Node decl, ParsedFile f) {
        List<String> out = new ArrayList<>();
        for (Node child : decl.getNamedChildren()) {
            if (kind(child.getSymbol()) == MODIFIERS) {
                for (Node m : child.getNamedChildren()) {
                    if (kind(m.getSymbol()) == ANNOTATION) {
                        out.add(f.text(m));
                    }
                }
            }
        }
        return ParsedFile.jsonArray(out);
    }

    /** The {@code /** ... *}{@code /} comment right before a declaration, if any. */
    private String javadoc(Node decl, ParsedFile f) {
        Node prev = decl.getPrevNamedSibling().orElse(null);
        if (prev != null && kind(prev.getSymbol()) == BLOCK_COMMENT) {
            String text = f.text(prev);
            if (text.startsWith("/**")) {
                return text;
            }
        }
        return null;
    }

    private int argumentCount(Node call, ParsedFile f) {
        Node args = call.getChildByFieldId(fieldArguments).orElse(null);
        if (args == null) {
            return 0;
        }
        int n = args.getNamedChildCount();
        String text = f.text(args);
        if (n == 0 || (text.indexOf("//") < 0 && text.indexOf("/*") < 0)) {
            return n;
        }
        n = 0;   // comments among the arguments are named nodes: count without them
        for (Node a : args.getNamedChildren()) {
            int k = kind(a.getSymbol());
            if (k != BLOCK_COMMENT && k != LINE_COMMENT) {
                n++;
            }
        }
        return n;
    }

    private String packageName(Node pkg, ParsedFile f) {
        for (Node child : pkg.getNamedChildren()) {
            int k = kind(child.getSymbol());
            if (k == SCOPED_IDENTIFIER || k == IDENTIFIER) {
                return f.text(child);
            }
        }
        return "";
    }

    private void importDeclaration(Node node, ParsedFile f) {
        boolean isStatic = false;
        boolean wildcard = false;
        String target = null;
        for (int i = 0; i < node.getChildCount(); i++) {
            Node child = node.getChild(i).orElseThrow();
            int k = kind(child.getSymbol());
            if (!child.isNamed()) {
                if ("static".equals(child.getType())) {
                    isStatic = true;
                }
            } else if (k == ASTERISK) {
                wildcard = true;
            } else if (k == SCOPED_IDENTIFIER || k == IDENTIFIER) {
                target = f.text(child);
            }
        }
        if (target == null) {
            return;
        }
        if (wildcard) {
            f.importRow(target, "*", null, 0, isStatic, true, node.getStartByte(), node.getEndByte());
        } else {
            int dot = target.lastIndexOf('.');
            f.importRow(dot < 0 ? "" : target.substring(0, dot), target.substring(dot + 1), null, 0, isStatic, false,
                    node.getStartByte(), node.getEndByte());
        }
    }

    static int line(Node node) {
        return node.getStartPoint().row() + 1;
    }
}
