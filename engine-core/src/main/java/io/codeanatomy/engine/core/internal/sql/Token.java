package io.codeanatomy.engine.core.internal.sql;

/** One lexical token of SQL text; {@code start}/{@code end} are character offsets into the statement. */
record Token(Type type, String text, int start, int end) {
    enum Type { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, SYMBOL, END }

    boolean isWord(String word) {
        return type == Type.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol) {
        return type == Type.SYMBOL && text.equals(symbol);
    }

    /** The identifier this token names: unquoted words as written, quoted ones without quotes. */
    String identifier() {
        return text;
    }
}
