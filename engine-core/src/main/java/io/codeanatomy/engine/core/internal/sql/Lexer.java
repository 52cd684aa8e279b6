package io.codeanatomy.engine.core.internal.sql;

import io.codeanatomy.engine.core.SqlException;
import java.util.ArrayList;
import java.util.List;

/** Splits SQL text into tokens, skipping whitespace and comments. Enough for statement prefixes and DDL. */
final class Lexer {
    private Lexer() {}

    static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                if (close < 0) {
                    throw error(sql, i, "Unterminated /* comment");
                }
                i = close + 2;
            } else if (c == '\'') {
                int start = i++;
                StringBuilder text = new StringBuilder();
                while (true) {
                    if (i >= n) {
                        throw error(sql, start, "Unterminated string literal");
                    }
                    char d = sql.charAt(i++);
                    if (d == '\'') {
                        if (i < n && sql.charAt(i) == '\'') {
                            text.append('\'');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        text.append(d);
                    }
                }
                tokens.add(new Token(Token.Type.STRING, text.toString(), start, i));
            } else if (c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int start = i++;
                StringBuilder text = new StringBuilder();
                while (true) {
                    if (i >= n) {
                        throw error(sql, start, "Unterminated quoted identifier");
                    }
                    char d = sql.charAt(i++);
                    if (d == close) {
                        if (close != ']' && i < n && sql.charAt(i) == close) {
                            text.append(close);
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        text.append(d);
                    }
                }
                tokens.add(new Token(Token.Type.QUOTED_IDENTIFIER, text.toString(), start, i));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new Token(Token.Type.WORD, sql.substring(start, i), start, i));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new Token(Token.Type.NUMBER, sql.substring(start, i), start, i));
            } else {
                int start = i;
                String two = i + 1 < n ? sql.substring(i, i + 2) : "";
                if (two.equals("<=") || two.equals(">=") || two.equals("<>") || two.equals("!=") || two.equals("||")
                        || two.equals("=>") || two.equals("::")) {
                    i += 2;
                } else {
                    i++;
                }
                tokens.add(new Token(Token.Type.SYMBOL, sql.substring(start, i), start, i));
            }
        }
        tokens.add(new Token(Token.Type.END, "", n, n));
        return tokens;
    }

    static SqlException error(String sql, int offset, String message) {
        int[] lc = lineColumn(sql, offset);
        return new SqlException(message + " at line " + lc[0] + ", column " + lc[1], lc[0], lc[1], null);
    }

    /** 1-based line and column of a character offset. */
    static int[] lineColumn(String sql, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
