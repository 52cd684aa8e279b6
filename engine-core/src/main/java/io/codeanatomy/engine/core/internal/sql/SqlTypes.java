package io.codeanatomy.engine.core.internal.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Parses SQL type strings as extensions declare them ({@code BIGINT}, {@code DECIMAL(10, 2)}, {@code ARRAY<VARCHAR>},
 * {@code STRUCT<start_line BIGINT, start_col BIGINT>}) into nullable Arrow fields.
 */
public final class SqlTypes {
    private final String text;
    private int pos;

    private SqlTypes(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the position when the string is not a type */
    public static Field parse(String name, String type) {
        SqlTypes parser = new SqlTypes(type);
        Field field = parser.type(name);
        parser.skipSpaces();
        if (parser.pos != type.length()) {
            throw parser.error("unexpected text");
        }
        return field;
    }

    private Field type(String name) {
        String word = word();
        switch (word) {
            case "ARRAY" -> {
                expect('<');
                Field element = type("item");
                expect('>');
                return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(element));
            }
            case "STRUCT", "ROW" -> {
                expect('<');
                List<Field> children = new ArrayList<>();
                do {
                    skipSpaces();
                    String child = rawWord();
                    children.add(type(child));
                } while (accept(','));
                expect('>');
                return new Field(name, FieldType.nullable(ArrowType.Struct.INSTANCE), children);
            }
            default -> {
                String full = word;
                // two-word names: DOUBLE PRECISION, TIMESTAMP WITH TIME ZONE, INTERVAL DAY ...
                while (true) {
                    int save = pos;
                    skipSpaces();
                    if (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                        String next = word();
                        if (DdlTypes.arrowType(full + " " + next, -1, -1) != null || full.startsWith("TIMESTAMP")
                                || next.equals("TIME") || next.equals("ZONE") || next.equals("WITH")) {
                            full = full + " " + next;
                            continue;
                        }
                    }
                    pos = save;
                    break;
                }
                int precision = -1;
                int scale = -1;
                if (accept('(')) {
                    precision = number();
                    if (accept(',')) {
                        scale = number();
                    }
                    expect(')');
                }
                ArrowType arrow = DdlTypes.arrowType(full, precision, scale);
                if (arrow == null) {
                    throw error("unknown type '" + full + "'");
                }
                return new Field(name, FieldType.nullable(arrow), null);
            }
        }
    }

    private String word() {
        return rawWord().toUpperCase(Locale.ROOT);
    }

    private String rawWord() {
        skipSpaces();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name");
        }
        return text.substring(start, pos);
    }

    private int number() {
        skipSpaces();
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a number");
        }
        return Integer.parseInt(text.substring(start, pos));
    }

    private boolean accept(char c) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("Type '" + text + "', at character " + (pos + 1) + ": " + what);
    }
}
