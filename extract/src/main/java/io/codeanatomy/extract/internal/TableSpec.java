package io.codeanatomy.extract.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One output table: its versioned name and its flat columns. A table with {@link #positioned()} spans ends in four
 * columns the extractor never writes itself: the 1-based line and column (in code points) of {@code bstart} and
 * {@code bend}, which {@link FileRows} derives from the file's text.
 */
public record TableSpec(String name, List<Column> columns, Schema schema, int bstartIndex, int bendIndex) {
    /** The derived position columns, in order, at the end of every positioned table. */
    public static final List<String> POSITION_COLUMNS = List.of("start_line", "start_col", "end_line", "end_col");

    public enum Type { UTF8, INT64, INT32, BOOL, FLOAT64 }

    public record Column(String name, Type type, boolean nullable) {}

    public TableSpec {
        columns = List.copyOf(columns);
    }

    /** Whether rows get the position columns from their byte span. */
    public boolean positioned() {
        return bstartIndex >= 0;
    }

    /** Names are unique, so they decide equality; hashing every column per row was measurably slow. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TableSpec spec && spec.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private final List<Column> columns = new ArrayList<>();
        private boolean positioned;

        private Builder(String name) {
            this.name = name;
        }

        public Builder col(String column, Type type) {
            columns.add(new Column(column, type, false));
            return this;
        }

        public Builder opt(String column, Type type) {
            columns.add(new Column(column, type, true));
            return this;
        }

        /** Ends the table with the line/column of its {@code bstart} and {@code bend} columns (see {@link TableSpec}). */
        public Builder positions() {
            for (String column : POSITION_COLUMNS) {
                col(column, Type.INT32);
            }
            positioned = true;
            return this;
        }

        public TableSpec build() {
            List<Field> fields = new ArrayList<>();
            for (Column c : columns) {
                ArrowType type = switch (c.type()) {
                    case UTF8 -> ArrowType.Utf8.INSTANCE;
                    case INT64 -> new ArrowType.Int(64, true);
                    case INT32 -> new ArrowType.Int(32, true);
                    case BOOL -> ArrowType.Bool.INSTANCE;
                    case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
                };
                fields.add(new Field(c.name(), new FieldType(c.nullable(), type, null), null));
            }
            int bstart = -1;
            int bend = -1;
            if (positioned) {
                List<String> names = columns.stream().map(Column::name).toList();
                bstart = names.indexOf("bstart");
                bend = names.indexOf("bend");
                if (bstart < 0 || bend < 0) {
                    throw new IllegalStateException(name + ": positions() needs bstart and bend columns");
                }
            }
            return new TableSpec(name, columns, new Schema(fields), bstart, bend);
        }
    }
}
