package io.codeanatomy.engine.core;

import io.codeanatomy.engine.core.tables.MemoryTable;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Small tables the engine-core tests share. */
final class TestTables {
    private TestTables() {}

    static Field field(String name, ArrowType type, boolean nullable) {
        return new Field(name, nullable ? FieldType.nullable(type) : FieldType.notNullable(type), null);
    }

    /**
     * A table of {@code rows} with NOT NULL columns named {@code columns}, typed by the first row's values: Long as
     * BIGINT, LocalDate as DATE, anything else as VARCHAR.
     */
    static MemoryTable of(BufferAllocator allocator, List<List<Object>> rows, String... columns) {
        List<Field> fields = new java.util.ArrayList<>();
        List<Object> first = rows.getFirst();
        for (int c = 0; c < columns.length; c++) {
            ArrowType type = switch (first.get(c)) {
                case Long ignored -> new ArrowType.Int(64, true);
                case java.time.LocalDate ignored -> new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY);
                default -> ArrowType.Utf8.INSTANCE;
            };
            fields.add(field(columns[c], type, false));
        }
        return MemoryTable.fromRows(allocator, new Schema(fields), rows);
    }

    /** people(id bigint not null, name varchar, age int): 4 rows with a NULL name and a NULL age. */
    static MemoryTable people(BufferAllocator allocator) {
        Schema schema = new Schema(List.of(field("id", new ArrowType.Int(64, true), false),
                field("name", ArrowType.Utf8.INSTANCE, true), field("age", new ArrowType.Int(32, true), true)));
        return MemoryTable.fromRows(allocator, schema, List.of(
                List.of(1L, "ada", 36), List.of(2L, "alan", 41), Arrays.asList(3L, null, 29), Arrays.asList(4L, "grace", null)));
    }
}
