package io.codeanatomy.engine.core.internal.sql;

import io.codeanatomy.engine.core.SqlException;
import io.codeanatomy.engine.core.StatementKind;
import io.codeanatomy.engine.core.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Turns SQL text into a classified {@link Statement}. Calcite's core parser handles queries and DML; this class
 * parses what it lacks (CREATE/DROP, CREATE INDEX, SHOW, DESCRIBE, EXPLAIN options). Sub-statements are handed to
 * Calcite with the text before them blanked out, so every error position refers to the caller's original text.
 */
public final class SqlFrontEnd {
    public static final SqlParser.Config PARSER_CONFIG = SqlParser.config()
            .withCaseSensitive(false)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withConformance(SqlConformanceEnum.LENIENT)
            .withIdentifierMaxLength(1024);

    private final String sql;
    private final List<Token> tokens;
    private int pos;

    private SqlFrontEnd(String sql) {
        this.sql = sql;
        this.tokens = Lexer.tokenize(sql);
    }

    /** Parses exactly one statement (a trailing semicolon is allowed). */
    public static Statement parse(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new SqlException("Empty SQL statement: pass one statement such as SELECT 1", 1, 1, null);
        }
        return new SqlFrontEnd(sql).statement(0);
    }

    /** Parses a statement starting at token {@code from}. */
    private Statement statement(int from) {
        pos = from;
        Token first = peek();
        if (first.isWord("EXPLAIN")) {
            return explain();
        }
        if (first.isWord("CREATE")) {
            return create();
        }
        if (first.isWord("DROP")) {
            return drop();
        }
        if (first.isWord("SHOW")) {
            return show();
        }
        if (first.isWord("DESCRIBE") || first.isWord("DESC")) {
            next();
            TableName table = tableName();
            end();
            return new Statement.Describe(table);
        }
        return calcite(first.start(), sql.length());
    }

    private Statement explain() {
        expectWord("EXPLAIN");
        boolean analyze = false;
        boolean verbose = false;
        Statement.ExplainFormat format = Statement.ExplainFormat.TEXT;
        if (peek().isWord("PLAN")) {           // Calcite's own spelling: EXPLAIN PLAN FOR <query>
            next();
            expectWord("FOR");
        }
        if (peek().isSymbol("(")) {
            next();
            while (!peek().isSymbol(")")) {
                Token option = next();
                if (option.isWord("FORMAT")) {
                    Token value = next();
                    if (value.isWord("JSON")) {
                        format = Statement.ExplainFormat.JSON;
                    } else if (value.isWord("TEXT")) {
                        format = Statement.ExplainFormat.TEXT;
                    } else {
                        throw Lexer.error(sql, value.start(), "Unknown EXPLAIN format '" + value.text() + "'; use TEXT or JSON");
                    }
                } else if (option.isWord("ANALYZE")) {
                    analyze = true;
                } else if (option.isWord("VERBOSE")) {
                    verbose = true;
                } else {
                    throw Lexer.error(sql, option.start(), "Unknown EXPLAIN option '" + option.text()
                            + "'; use FORMAT JSON|TEXT, ANALYZE or VERBOSE");
                }
                if (peek().isSymbol(",")) {
                    next();
                }
            }
            next();
        }
        while (peek().isWord("ANALYZE") || peek().isWord("VERBOSE")) {
            if (next().isWord("ANALYZE")) {
                analyze = true;
            } else {
                verbose = true;
            }
        }
        int innerStart = pos;
        Statement inner = statement(innerStart);
        if (inner instanceof Statement.Explain) {
            throw Lexer.error(sql, tokens.get(innerStart).start(), "EXPLAIN cannot explain another EXPLAIN");
        }
        return new Statement.Explain(analyze, verbose, format, inner);
    }

    private Statement create() {
        expectWord("CREATE");
        boolean orReplace = false;
        if (peek().isWord("OR")) {
            next();
            expectWord("REPLACE");
            orReplace = true;
        }
        if (peek().isWord("TEMP") || peek().isWord("TEMPORARY")) {
            next();                                // every table of a session is session-scoped
        }
        Token what = next();
        if (what.isWord("SCHEMA")) {
            boolean ifNotExists = ifNotExists();
            String name = identifier();
            end();
            return new Statement.CreateSchema(name, ifNotExists);
        }
        if (what.isWord("TABLE")) {
            return createTable(orReplace);
        }
        if (what.isWord("VIEW")) {
            boolean ifNotExists = ifNotExists();
            TableName name = tableName();
            List<String> columns = peek().isSymbol("(") ? identifierList() : List.of();
            expectWord("AS");
            int bodyStart = peek().start();
            Statement.Calcite query = queryAt(bodyStart);
            return new Statement.CreateView(name, orReplace, ifNotExists, columns, query, stripSemicolon(sql.substring(bodyStart)));
        }
        boolean unique = false;
        if (what.isWord("UNIQUE")) {
            unique = true;
            what = next();
        }
        if (what.isWord("INDEX")) {
            boolean ifNotExists = ifNotExists();
            String name = identifier();
            expectWord("ON");
            TableName table = tableName();
            List<String> columns = indexColumns();
            end();
            return new Statement.CreateIndex(name, table, columns, unique, ifNotExists);
        }
        throw Lexer.error(sql, what.start(), "Expected TABLE, VIEW, INDEX or SCHEMA after CREATE, found '" + what.text() + "'");
    }

    private Statement createTable(boolean orReplace) {
        boolean ifNotExists = ifNotExists();
        TableName name = tableName();
        if (peek().isWord("AS")) {
            next();
            return new Statement.CreateTableAs(name, orReplace, ifNotExists, queryAt(peek().start()));
        }
        expectSymbol("(");
        List<Statement.ColumnDefinition> columns = new ArrayList<>();
        List<String> primaryKey = new ArrayList<>();
        List<List<String>> uniqueKeys = new ArrayList<>();
        while (true) {
            if (peek().isWord("CONSTRAINT")) {
                next();
                identifier();
            }
            if (peek().isWord("PRIMARY")) {
                next();
                expectWord("KEY");
                if (!primaryKey.isEmpty()) {
                    throw Lexer.error(sql, peek().start(), "Table " + name + " declares more than one PRIMARY KEY");
                }
                primaryKey.addAll(identifierList());
            } else if (peek().isWord("UNIQUE")) {
                next();
                uniqueKeys.add(identifierList());
            } else if (peek().isWord("CHECK") || peek().isWord("FOREIGN")) {
                Token t = peek();
                throw Lexer.error(sql, t.start(), t.text().toUpperCase(Locale.ROOT) + " constraints are not supported; "
                        + "declare NOT NULL, PRIMARY KEY or UNIQUE");
            } else {
                columns.add(column(primaryKey, uniqueKeys));
            }
            if (peek().isSymbol(",")) {
                next();
                continue;
            }
            expectSymbol(")");
            break;
        }
        end();
        if (columns.isEmpty()) {
            throw Lexer.error(sql, tokens.get(pos - 1).start(), "CREATE TABLE " + name + " needs at least one column");
        }
        return new Statement.CreateTable(name, orReplace, ifNotExists, columns, primaryKey, uniqueKeys);
    }

    private Statement.ColumnDefinition column(List<String> primaryKey, List<List<String>> uniqueKeys) {
        Token nameToken = peek();
        String name = identifier();
        ArrowType type = columnType(nameToken);
        boolean nullable = true;
        String defaultSql = null;
        while (true) {
            Token t = peek();
            if (t.isWord("NOT")) {
                next();
                expectWord("NULL");
                nullable = false;
            } else if (t.isWord("NULL")) {
                next();
            } else if (t.isWord("PRIMARY")) {
                next();
                expectWord("KEY");
                if (!primaryKey.isEmpty()) {
                    throw Lexer.error(sql, t.start(), "More than one PRIMARY KEY declared");
                }
                primaryKey.add(name);
                nullable = false;
            } else if (t.isWord("UNIQUE")) {
                next();
                uniqueKeys.add(List.of(name));
            } else if (t.isWord("DEFAULT")) {
                next();
                int start = peek().start();
                int depth = 0;
                while (peek().type() != Token.Type.END) {
                    Token d = peek();
                    if (depth == 0 && (d.isSymbol(",") || d.isSymbol(")") || d.isWord("NOT") || d.isWord("NULL")
                            || d.isWord("PRIMARY") || d.isWord("UNIQUE"))) {
                        break;
                    }
                    depth += d.isSymbol("(") ? 1 : d.isSymbol(")") ? -1 : 0;
                    next();
                }
                defaultSql = sql.substring(start, tokens.get(pos - 1).end());
            } else if (t.isWord("CONSTRAINT")) {
                next();
                identifier();
            } else {
                break;
            }
        }
        return new Statement.ColumnDefinition(new Field(name, new FieldType(nullable, type, null), null), defaultSql);
    }

    private ArrowType columnType(Token columnName) {
        Token typeToken = next();
        if (typeToken.type() != Token.Type.WORD) {
            throw Lexer.error(sql, typeToken.start(), "Expected a type for column '" + columnName.text() + "', found '"
                    + typeToken.text() + "'");
        }
        StringBuilder typeName = new StringBuilder(typeToken.text().toUpperCase(Locale.ROOT));
        // multi-word type names
        while (true) {
            Token t = peek();
            String upper = typeName.toString();
            if ((upper.equals("DOUBLE") && t.isWord("PRECISION")) || (upper.equals("CHARACTER") && t.isWord("VARYING"))
                    || (upper.startsWith("TIMESTAMP") && (t.isWord("WITH") || t.isWord("WITHOUT")))
                    || ((upper.endsWith("WITH") || upper.endsWith("WITHOUT")) && t.isWord("TIME"))
                    || (upper.endsWith("TIME") && upper.startsWith("TIMESTAMP") && t.isWord("ZONE"))
                    || (upper.equals("INTERVAL") && t.type() == Token.Type.WORD)
                    || (upper.startsWith("INTERVAL ") && (t.isWord("TO") || upper.endsWith(" TO")))) {
                typeName.append(' ').append(next().text().toUpperCase(Locale.ROOT));
            } else if (upper.equals("UNSIGNED") || t.isWord("UNSIGNED")) {
                next();
            } else {
                break;
            }
        }
        int precision = -1;
        int scale = -1;
        if (peek().isSymbol("(")) {
            next();
            precision = integer();
            if (peek().isSymbol(",")) {
                next();
                scale = integer();
            }
            expectSymbol(")");
        }
        ArrowType type = DdlTypes.arrowType(typeName.toString(), precision, scale);
        if (type == null) {
            throw Lexer.error(sql, typeToken.start(), "Unknown type '" + typeName + "' for column '" + columnName.text()
                    + "'; use BOOLEAN, INTEGER, BIGINT, DOUBLE, DECIMAL(p,s), VARCHAR, VARBINARY, DATE, TIME or TIMESTAMP");
        }
        if (type instanceof ArrowType.Decimal d && (d.getPrecision() < 1 || d.getPrecision() > 38 || d.getScale() > d.getPrecision())) {
            throw Lexer.error(sql, typeToken.start(), "DECIMAL(" + d.getPrecision() + "," + d.getScale()
                    + ") is out of range; precision is 1..38 and scale 0..precision");
        }
        return type;
    }

    private Statement drop() {
        expectWord("DROP");
        Token what = next();
        StatementKind kind;
        if (what.isWord("TABLE")) {
            kind = StatementKind.DROP_TABLE;
        } else if (what.isWord("VIEW")) {
            kind = StatementKind.DROP_VIEW;
        } else if (what.isWord("INDEX")) {
            kind = StatementKind.DROP_INDEX;
        } else if (what.isWord("SCHEMA")) {
            kind = StatementKind.DROP_SCHEMA;
        } else {
            throw Lexer.error(sql, what.start(), "Expected TABLE, VIEW, INDEX or SCHEMA after DROP, found '" + what.text() + "'");
        }
        boolean ifExists = false;
        if (peek().isWord("IF")) {
            next();
            expectWord("EXISTS");
            ifExists = true;
        }
        List<TableName> names = new ArrayList<>();
        do {
            if (!names.isEmpty()) {
                next();
            }
            names.add(kind == StatementKind.DROP_SCHEMA ? new TableName(identifier(), "-") : tableName());
        } while (peek().isSymbol(","));
        boolean cascade = false;
        if (peek().isWord("CASCADE")) {
            next();
            cascade = true;
        } else if (peek().isWord("RESTRICT")) {
            next();
        }
        end();
        return new Statement.Drop(kind, names, ifExists, cascade);
    }

    private Statement show() {
        expectWord("SHOW");
        Token what = next();
        Statement.ShowTarget target;
        TableName table = null;
        if (what.isWord("TABLES")) {
            target = Statement.ShowTarget.TABLES;
        } else if (what.isWord("SCHEMAS")) {
            target = Statement.ShowTarget.SCHEMAS;
        } else if (what.isWord("FUNCTIONS")) {
            target = Statement.ShowTarget.FUNCTIONS;
        } else if (what.isWord("COLUMNS")) {
            target = Statement.ShowTarget.COLUMNS;
            Token from = next();
            if (!from.isWord("FROM") && !from.isWord("IN")) {
                throw Lexer.error(sql, from.start(), "Expected FROM after SHOW COLUMNS");
            }
            table = tableName();
        } else {
            throw Lexer.error(sql, what.start(), "Unknown SHOW target '" + what.text() + "'; use TABLES, SCHEMAS, FUNCTIONS or COLUMNS FROM <table>");
        }
        end();
        return new Statement.Show(target, table);
    }

    /** Hands {@code [from, to)} of the text to Calcite, blanking everything before {@code from}. */
    private Statement.Calcite calcite(int from, int to) {
        String text = blankBefore(from);
        SqlNode node;
        try {
            node = SqlParser.create(text, PARSER_CONFIG).parseStmt();
        } catch (SqlParseException e) {
            throw CalciteErrors.parseError(e);
        }
        if (node instanceof SqlExplain explain) {
            return new Statement.Calcite(StatementKind.SELECT, explain.getExplicandum(), text);
        }
        StatementKind kind = switch (node.getKind()) {
            case SELECT, UNION, INTERSECT, EXCEPT, MINUS, VALUES, WITH, ORDER_BY -> StatementKind.SELECT;
            case INSERT -> StatementKind.INSERT;
            case UPDATE -> StatementKind.UPDATE;
            case DELETE -> StatementKind.DELETE;
            case MERGE -> StatementKind.MERGE;
            default -> throw new SqlException("Unsupported statement " + node.getKind()
                    + "; supported are queries, INSERT, UPDATE, DELETE, CREATE, DROP, SHOW, DESCRIBE and EXPLAIN",
                    node.getParserPosition().getLineNum(), node.getParserPosition().getColumnNum(), null);
        };
        return new Statement.Calcite(kind, node, text);
    }

    private Statement.Calcite queryAt(int from) {
        Statement.Calcite query = calcite(from, sql.length());
        if (query.kind() != StatementKind.SELECT) {
            int[] lc = Lexer.lineColumn(sql, from);
            throw new SqlException("Expected a query after AS, found " + query.kind(), lc[0], lc[1], null);
        }
        pos = tokens.size() - 1;
        return query;
    }

    private String blankBefore(int from) {
        StringBuilder text = new StringBuilder(sql.length());
        for (int i = 0; i < from; i++) {
            char c = sql.charAt(i);
            text.append(c == '\n' || c == '\r' ? c : ' ');
        }
        text.append(sql, from, sql.length());
        String result = text.toString().stripTrailing();
        while (result.endsWith(";")) {
            result = result.substring(0, result.length() - 1).stripTrailing();
        }
        return result;
    }

    private static String stripSemicolon(String text) {
        String result = text.stripTrailing();
        while (result.endsWith(";")) {
            result = result.substring(0, result.length() - 1).stripTrailing();
        }
        return result;
    }

    private boolean ifNotExists() {
        if (peek().isWord("IF")) {
            next();
            expectWord("NOT");
            expectWord("EXISTS");
            return true;
        }
        return false;
    }

    private TableName tableName() {
        String first = identifier();
        if (peek().isSymbol(".")) {
            next();
            return new TableName(first, identifier());
        }
        return TableName.of(first);
    }

    private String identifier() {
        Token t = next();
        if (t.type() == Token.Type.WORD || t.type() == Token.Type.QUOTED_IDENTIFIER) {
            return t.identifier();
        }
        throw Lexer.error(sql, t.start(), "Expected a name, found '" + t.text() + "'");
    }

    private List<String> identifierList() {
        expectSymbol("(");
        List<String> names = new ArrayList<>();
        do {
            if (!names.isEmpty()) {
                next();
            }
            names.add(identifier());
        } while (peek().isSymbol(","));
        expectSymbol(")");
        return names;
    }

    /** Index columns, ignoring ASC/DESC and COLLATE. */
    private List<String> indexColumns() {
        expectSymbol("(");
        List<String> names = new ArrayList<>();
        do {
            if (!names.isEmpty()) {
                next();
            }
            names.add(identifier());
            while (peek().isWord("ASC") || peek().isWord("DESC") || peek().isWord("COLLATE")) {
                if (next().isWord("COLLATE")) {
                    next();
                }
            }
        } while (peek().isSymbol(","));
        expectSymbol(")");
        return names;
    }

    private int integer() {
        Token t = next();
        try {
            return Integer.parseInt(t.text());
        } catch (NumberFormatException e) {
            throw Lexer.error(sql, t.start(), "Expected an integer, found '" + t.text() + "'");
        }
    }

    private void end() {
        while (peek().isSymbol(";")) {
            next();
        }
        Token t = peek();
        if (t.type() != Token.Type.END) {
            throw Lexer.error(sql, t.start(), "Unexpected '" + t.text() + "' after the end of the statement");
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.type() != Token.Type.END) {
            pos++;
        }
        return t;
    }

    private void expectWord(String word) {
        Token t = next();
        if (!t.isWord(word)) {
            throw Lexer.error(sql, t.start(), "Expected " + word + ", found '" + (t.type() == Token.Type.END ? "end of statement" : t.text()) + "'");
        }
    }

    private void expectSymbol(String symbol) {
        Token t = next();
        if (!t.isSymbol(symbol)) {
            throw Lexer.error(sql, t.start(), "Expected '" + symbol + "', found '" + (t.type() == Token.Type.END ? "end of statement" : t.text()) + "'");
        }
    }
}
