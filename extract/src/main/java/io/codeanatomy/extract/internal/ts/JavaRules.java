package io.codeanatomy.extract.internal.ts;

import io.github.treesitter.jtreesitter.Language;
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
            ASTERISK = 22, FORMAL_PARAMETERS = 23, INFERRED_PARAMETERS = 24, SCOPED_IDENTIFIER = 25, LOCAL_VAR = 26,
            STRING_LITERAL = 27, INTEGER_LITERAL = 28, FLOAT_LITERAL = 29, BOOLEAN_LITERAL = 30, NULL_LITERAL = 31,
            CHAR_LITERAL = 32, FIELD_ACCESS = 33, METHOD_REFERENCE = 34, CATCH_PARAMETER = 35, ENHANCED_FOR = 36,
            RESOURCE = 37, INSTANCEOF = 38, TYPE_PARAMETER = 39, CATCH_TYPE = 40;

    private final Language grammar;
    private final SymbolTable symbols;
    private final short fieldArguments;
    private final short fieldConstructor;
    private final short fieldDeclarator;
    private final short fieldField;
    private final short fieldLeft;
    private final short fieldName;
    private final short fieldObject;
    private final short fieldOperator;
    private final short fieldParameters;
    private final short fieldRight;
    private final short fieldType;
    private final short fieldValue;
    private final short nameField;
    private final short staticKeyword;

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
                Map.entry("scoped_identifier", SCOPED_IDENTIFIER),
                Map.entry("local_variable_declaration", LOCAL_VAR),
                Map.entry("string_literal", STRING_LITERAL), Map.entry("character_literal", CHAR_LITERAL),
                Map.entry("decimal_integer_literal", INTEGER_LITERAL), Map.entry("hex_integer_literal", INTEGER_LITERAL),
                Map.entry("octal_integer_literal", INTEGER_LITERAL), Map.entry("binary_integer_literal", INTEGER_LITERAL),
                Map.entry("decimal_floating_point_literal", FLOAT_LITERAL),
                Map.entry("hex_floating_point_literal", FLOAT_LITERAL), Map.entry("true", BOOLEAN_LITERAL),
                Map.entry("false", BOOLEAN_LITERAL), Map.entry("null_literal", NULL_LITERAL),
                Map.entry("field_access", FIELD_ACCESS), Map.entry("method_reference", METHOD_REFERENCE),
                Map.entry("catch_formal_parameter", CATCH_PARAMETER), Map.entry("enhanced_for_statement", ENHANCED_FOR),
                Map.entry("resource", RESOURCE), Map.entry("instanceof_expression", INSTANCEOF),
                Map.entry("type_parameter", TYPE_PARAMETER), Map.entry("catch_type", CATCH_TYPE)));
        this.fieldArguments = grammar.getFieldIdForName("arguments");
        this.fieldConstructor = grammar.getFieldIdForName("constructor");
        this.fieldDeclarator = grammar.getFieldIdForName("declarator");
        this.fieldField = grammar.getFieldIdForName("field");
        this.fieldLeft = grammar.getFieldIdForName("left");
        this.fieldName = grammar.getFieldIdForName("name");
        this.fieldObject = grammar.getFieldIdForName("object");
        this.fieldOperator = grammar.getFieldIdForName("operator");
        this.fieldParameters = grammar.getFieldIdForName("parameters");
        this.fieldRight = grammar.getFieldIdForName("right");
        this.fieldType = grammar.getFieldIdForName("type");
        this.fieldValue = grammar.getFieldIdForName("value");
        this.nameField = grammar.getFieldIdForName("name");
        this.staticKeyword = grammar.getSymbolForName("static", false);
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
    public boolean enter(int node, int kind, int parentKind, short fieldId, int depth, ParsedFile f) {
        switch (kind) {
            case PROGRAM -> {
                String pkg = "";
                for (int child : f.namedChildren(node)) {
                    if (kind(f.symbol(child)) == PACKAGE) {
                        pkg = packageName(child, f);
                        break;
                    }
                }
                String path = f.file.path();
                String stem = path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.java$", "");
                f.def("module", stem, pkg, f.start(node), f.end(node), 1, null, null, depth);
            }
            case PACKAGE -> {
                return false;
            }
            case TYPE_DECL -> {
                String name = f.textOr(f.child(node, fieldName), "<error>");
                long defId = define("class", name, node, depth, f);
                for (int header : f.namedChildren(node)) {
                    String text = f.text(header);
                    // superclass ("extends A"), super_interfaces ("implements B, C"), extends_interfaces of an interface
                    if (text.startsWith("extends") || text.startsWith("implements")) {
                        f.bases(defId, text);
                    }
                }
            }
            case METHOD, CONSTRUCTOR -> {
                String name = kind == CONSTRUCTOR ? "<init>" : f.textOr(f.child(node, fieldName), "<error>");
                f.def("method", name, qualname(f, name), f.start(node), f.end(node), f.line(node),
                        annotations(node, f), javadoc(node, f),
                        kind == CONSTRUCTOR ? null : returnClass(f.child(node, fieldType), f), depth);
                int params = f.child(node, fieldParameters);
                if (params >= 0) {
                    parameters(params, f);
                }
            }
            case LOCAL_VAR -> declaredTypes(node, "local", f);
            // the other declarations of a local: catch (E e), for (T x : xs), try (T r = ...), o instanceof T t
            case CATCH_PARAMETER -> {
                int type = -1;
                for (int child : f.namedChildren(node)) {
                    if (kind(f.symbol(child)) == CATCH_TYPE) {
                        type = child;
                    }
                }
                // catch (A | B e): e's static type is their closest common supertype; the first names one of them
                declaredLocal(f.child(node, fieldName), type < 0 ? null : f.text(type).split("\\|")[0], f);
            }
            case ENHANCED_FOR, RESOURCE -> declaredLocal(f.child(node, fieldName), typeText(f.child(node, fieldType), f), f);
            case INSTANCEOF -> declaredLocal(f.child(node, fieldName), typeText(f.child(node, fieldRight), f), f);
            case TYPE_PARAMETER -> {
                // class Box<T>, <T> T pick(...): T is a name the class's or the method's code sees
                for (int child : f.namedChildren(node)) {
                    if (kind(f.symbol(child)) == TYPE_IDENTIFIER) {
                        String name = f.text(child);
                        f.def("type_parameter", name, qualname(f, name), f.start(node), f.end(node), f.line(node), null,
                                null, -1);
                        break;
                    }
                }
            }
            case FIELD_DECL -> {
                String annotations = annotations(node, f);
                String doc = javadoc(node, f);
                declaredTypes(node, "field", f);
                for (int declarator : f.childrenInField(node, fieldDeclarator)) {
                    int n = f.child(declarator, fieldName);
                    if (n >= 0) {
                        f.def("field", f.text(n), qualname(f, f.text(n)), f.start(declarator),
                                f.end(declarator), f.line(declarator), annotations, doc, -1);
                    }
                }
            }
            case ENUM_CONSTANT -> {
                int n = f.child(node, fieldName);
                if (n >= 0) {
                    f.def("field", f.text(n), qualname(f, f.text(n)), f.start(node), f.end(node),
                            f.line(node), annotations(node, f), javadoc(node, f), -1);
                }
            }
            case LAMBDA -> {
                f.def("lambda", "<lambda>", qualname(f, "<lambda>"), f.start(node), f.end(node), f.line(node),
                        null, null, depth);
                int params = f.child(node, fieldParameters);
                if (params >= 0) {
                    if (kind(f.symbol(params)) == IDENTIFIER) {
                        parameter(params, params, null, f);
                    } else {
                        parameters(params, f);
                    }
                }
            }
            case IMPORT -> {
                importDeclaration(node, f);
                return false;
            }
            case METHOD_INVOCATION -> {
                int nameNode = f.child(node, fieldName);
                String name = f.textOr(nameNode, "<error>");
                int object = f.child(node, fieldObject);
                if (object >= 0 && nameNode >= 0) {
                    f.memberName(nameNode);     // x.m(): m is looked up in x's type, not in scope
                }
                f.call(name, shortCellOr(f, object), argumentCount(node, f), f.start(node), f.end(node));
            }
            case METHOD_REFERENCE -> {
                int[] parts = f.namedChildren(node);      // Type::m, expr::m: m is a member; Type::new has no name
                int last = parts.length > 1 ? parts[parts.length - 1] : -1;
                if (last >= 0 && kind(f.symbol(last)) == IDENTIFIER) {
                    f.memberName(last);
                }
            }
            case OBJECT_CREATION -> {
                String type = shortTextOr(f, f.child(node, fieldType), "<error>");
                f.call("new " + ParsedFile.stripTypeArguments(type), null, argumentCount(node, f), f.start(node), f.end(node));
            }
            case EXPLICIT_CTOR_CALL -> {
                String ctor = f.textOr(f.child(node, fieldConstructor), "this");
                Object receiver = shortCellOr(f, f.child(node, fieldObject));
                f.call(ctor, receiver, argumentCount(node, f), f.start(node), f.end(node));
            }
            case ASSIGNMENT -> {
                int left = f.child(node, fieldLeft);
                if (left >= 0) {
                    String op = f.textOr(f.child(node, fieldOperator), "=");
                    Object value = shortCellOr(f, f.child(node, fieldRight));
                    f.assignment(f.slice(left), op, value, f.start(node), f.end(node));
                }
            }
            case VARIABLE_DECLARATOR -> {
                int value = f.child(node, fieldValue);
                int name = f.child(node, fieldName);
                if (value >= 0 && name >= 0) {
                    f.assignment(f.slice(name), "=", f.shortCell(value), f.start(node), f.end(node));
                }
            }
            case IDENTIFIER, TYPE_IDENTIFIER -> {
                boolean declaresName = (fieldId == nameField && (parentKind == TYPE_DECL || parentKind == METHOD
                        || parentKind == CONSTRUCTOR || parentKind == VARIABLE_DECLARATOR || parentKind == PARAMETER
                        || parentKind == ENUM_CONSTANT || parentKind == CATCH_PARAMETER || parentKind == ENHANCED_FOR
                        || parentKind == RESOURCE || parentKind == INSTANCEOF))
                        || (parentKind == TYPE_PARAMETER && kind == TYPE_IDENTIFIER);
                boolean lambdaParameter = parentKind == INFERRED_PARAMETERS || parentKind == LAMBDA;
                // x.f (this.f too, as Python's self.f) and x.m(): member names, not names in scope
                boolean member = (parentKind == FIELD_ACCESS && fieldId == fieldField) || f.isMemberName(node);
                boolean inferredType = kind == TYPE_IDENTIFIER && f.end(node) - f.start(node) == 3
                        && f.text(node).equals("var");        // var x = ...: a keyword here, no name
                if (!declaresName && !lambdaParameter && !member && !inferredType) {
                    f.ref(f.slice(node), f.start(node), f.end(node));
                }
            }
            case STRING_LITERAL -> {
                f.literal("string", node);   // a text block too; its fragments and escapes are not literals
                return false;
            }
            case INTEGER_LITERAL -> f.literal("integer", node);
            case FLOAT_LITERAL -> f.literal("float", node);
            case BOOLEAN_LITERAL -> f.literal("boolean", node);
            case NULL_LITERAL -> f.literal("null", node);
            case CHAR_LITERAL -> f.literal("char", node);
            default -> {
                // other nodes only matter through their children
            }
        }
        return true;
    }

    private long define(String kind, String name, int node, int depth, ParsedFile f) {
        return f.def(kind, name, qualname(f, name), f.start(node), f.end(node), f.line(node), annotations(node, f),
                javadoc(node, f), depth);
    }

    /**
     * The declared return type as written without type arguments or annotations ({@code Map<K, V>} to {@code Map},
     * {@code @Nullable a.Foo} to {@code a.Foo}); null for {@code void}, primitives and arrays, which have no methods
     * of the repository.
     */
    private static String returnClass(int type, ParsedFile f) {
        if (type < 0) {
            return null;
        }
        String text = ParsedFile.stripTypeArguments(f.text(type)).strip();
        text = text.substring(text.lastIndexOf(' ') + 1);     // after annotations such as "@Nullable"
        boolean primitive = switch (text) {
            case "void", "boolean", "byte", "char", "short", "int", "long", "float", "double" -> true;
            default -> false;
        };
        return primitive || text.isEmpty() || text.contains("[") ? null : text;
    }

    private static String qualname(ParsedFile f, String name) {
        ParsedFile.Scope scope = f.current();
        if (scope == null || scope.qualname().isEmpty()) {
            return name;
        }
        return scope.qualname() + "." + name;
    }

    /** The declared type of each variable a field or local declaration introduces. */
    private void declaredTypes(int declaration, String varKind, ParsedFile f) {
        int type = f.child(declaration, fieldType);
        if (type < 0) {
            return;
        }
        String typeText = f.text(type);
        for (int declarator : f.childrenInField(declaration, fieldDeclarator)) {
            int name = f.child(declarator, fieldName);
            if (name >= 0) {
                f.varType(f.text(name), typeText, varKind);
            }
        }
    }

    /** A local declared outside a local variable declaration, with its type as written (null when none: recorded as var). */
    private void declaredLocal(int name, String type, ParsedFile f) {
        if (name >= 0 && kind(f.symbol(name)) == IDENTIFIER) {
            f.varType(f.text(name), type == null ? "var" : type, "local");
        }
    }

    private static String typeText(int type, ParsedFile f) {
        return type < 0 ? null : f.text(type);
    }

    private void parameters(int params, ParsedFile f) {
        for (int p : f.namedChildren(params)) {
            int k = kind(f.symbol(p));
            if (k == PARAMETER) {
                int name = f.child(p, fieldName);
                String spreadType = null;
                if (name < 0) {
                    // spread_parameter: "T... xs" has no fields; its name is in a variable_declarator child and its
                    // type is the other child besides modifiers. Recorded with var_kind 'varargs' (arity matching).
                    for (int child : f.namedChildren(p)) {
                        int childKind = kind(f.symbol(child));
                        if (childKind == VARIABLE_DECLARATOR) {
                            name = f.child(child, fieldName);
                        } else if (childKind != MODIFIERS && spreadType == null) {
                            spreadType = f.text(child);
                        }
                    }
                }
                if (name >= 0) {
                    parameter(p, name, spreadType, f);
                }
            } else if (k == IDENTIFIER) {
                parameter(p, p, null, f);
            }
        }
    }

    private void parameter(int p, int name, String spreadType, ParsedFile f) {
        String text = f.text(name);
        f.def("parameter", text, qualname(f, text), f.start(p), f.end(p), f.line(p), null, null, -1);
        int type = f.child(p, fieldType);
        if (spreadType != null) {
            f.varType(text, spreadType, "varargs");
        } else if (type >= 0) {
            f.varType(text, f.text(type), "parameter");
        }
    }

    private String annotations(int decl, ParsedFile f) {
        List<String> out = new ArrayList<>();
        for (int child : f.namedChildren(decl)) {
            if (kind(f.symbol(child)) == MODIFIERS) {
                for (int m : f.namedChildren(child)) {
                    if (kind(f.symbol(m)) == ANNOTATION) {
                        out.add(f.text(m));
                    }
                }
            }
        }
        return ParsedFile.jsonArray(out);
    }

    /** The {@code /** ... *}{@code /} comment right before a declaration, if any. */
    private String javadoc(int decl, ParsedFile f) {
        int prev = f.prevNamedSibling(decl);
        if (prev >= 0 && kind(f.symbol(prev)) == BLOCK_COMMENT) {
            String text = f.text(prev);
            if (text.startsWith("/**")) {
                return text;
            }
        }
        return null;
    }

    private int argumentCount(int call, ParsedFile f) {
        int args = f.child(call, fieldArguments);
        if (args < 0) {
            return 0;
        }
        int n = f.namedChildCount(args);
        if (n == 0 || !f.containsAscii(args, '/', "/*")) {
            return n;
        }
        n = 0;   // comments among the arguments are named nodes: count without them
        for (int a : f.namedChildren(args)) {
            int k = kind(f.symbol(a));
            if (k != BLOCK_COMMENT && k != LINE_COMMENT) {
                n++;
            }
        }
        return n;
    }

    private String packageName(int pkg, ParsedFile f) {
        for (int child : f.namedChildren(pkg)) {
            int k = kind(f.symbol(child));
            if (k == SCOPED_IDENTIFIER || k == IDENTIFIER) {
                return f.text(child);
            }
        }
        return "";
    }

    private void importDeclaration(int node, ParsedFile f) {
        boolean isStatic = false;
        boolean wildcard = false;
        String target = null;
        for (int child : f.children(node, false, (short) -1)) {
            short symbol = f.symbol(child);
            int k = kind(symbol);
            if (symbol == staticKeyword) {
                isStatic = true;
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
            f.importRow(target, "*", null, 0, isStatic, true, f.start(node), f.end(node));
        } else {
            int dot = target.lastIndexOf('.');
            f.importRow(dot < 0 ? "" : target.substring(0, dot), target.substring(dot + 1), null, 0, isStatic, false,
                    f.start(node), f.end(node));
        }
    }

    private static String shortTextOr(ParsedFile f, int node, String otherwise) {
        return node < 0 ? otherwise : f.shortText(node);
    }

    private static Object shortCellOr(ParsedFile f, int node) {
        return node < 0 ? null : f.shortCell(node);
    }
}
