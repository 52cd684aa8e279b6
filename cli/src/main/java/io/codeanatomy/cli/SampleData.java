package io.codeanatomy.cli;

import io.codeanatomy.engine.core.ExtensionContext;
import io.codeanatomy.engine.core.SessionExtension;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.tables.MemoryTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The small built-in data set {@code codeanatomy sql} runs on until a CPG is built: programming languages, a few
 * well-known repositories, and commits to them. The tables live in the session's memory and go with it.
 */
final class SampleData implements SessionExtension {
    @Override
    public String id() {
        return "codeanatomy.sample";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public void install(ExtensionContext context) {
        context.registerTable(TableName.of("languages"), MemoryTable.fromRows(context.allocator(), schema(
                field("name", ArrowType.Utf8.INSTANCE, false), field("paradigm", ArrowType.Utf8.INSTANCE, true),
                field("first_release", new ArrowType.Int(32, true), true), field("typed", ArrowType.Bool.INSTANCE, false)),
                List.of(List.of("Java", "object-oriented", 1995, true),
                        List.of("Python", "multi-paradigm", 1991, false),
                        List.of("Rust", "multi-paradigm", 2015, true),
                        List.of("C", "procedural", 1972, true),
                        List.of("Haskell", "functional", 1990, true))));
        context.registerTable(TableName.of("repos"), MemoryTable.fromRows(context.allocator(), schema(
                field("repo", ArrowType.Utf8.INSTANCE, false), field("lang", ArrowType.Utf8.INSTANCE, false),
                field("stars_k", new ArrowType.Decimal(8, 1, 128), true), field("created", new ArrowType.Date(DateUnit.DAY), true)),
                List.of(List.of("apache/calcite", "Java", new BigDecimal("4.7"), LocalDate.of(2014, 5, 21)),
                        List.of("apache/arrow", "C", new BigDecimal("15.6"), LocalDate.of(2016, 2, 17)),
                        List.of("duckdb/duckdb", "C", new BigDecimal("28.4"), LocalDate.of(2018, 6, 26)),
                        List.of("apache/datafusion", "Rust", new BigDecimal("7.1"), LocalDate.of(2019, 3, 1)),
                        List.of("joernio/joern", "Java", new BigDecimal("2.2"), LocalDate.of(2019, 10, 28)),
                        List.of("python/cpython", "Python", new BigDecimal("66.3"), LocalDate.of(2017, 2, 10)))));
        context.registerTable(TableName.of("commits"), MemoryTable.fromRows(context.allocator(), schema(
                field("repo", ArrowType.Utf8.INSTANCE, false), field("author", ArrowType.Utf8.INSTANCE, false),
                field("files_changed", new ArrowType.Int(32, true), false), field("day", new ArrowType.Date(DateUnit.DAY), false)),
                List.of(List.of("apache/calcite", "julian", 12, LocalDate.of(2026, 9, 1)),
                        List.of("apache/calcite", "mihai", 3, LocalDate.of(2026, 9, 3)),
                        List.of("apache/arrow", "wes", 40, LocalDate.of(2026, 8, 14)),
                        List.of("duckdb/duckdb", "hannes", 7, LocalDate.of(2026, 10, 2)),
                        List.of("duckdb/duckdb", "mark", 25, LocalDate.of(2026, 10, 5)),
                        List.of("apache/datafusion", "andrew", 9, LocalDate.of(2026, 7, 30)),
                        List.of("joernio/joern", "fabs", 4, LocalDate.of(2026, 11, 11)))));
    }

    private static Field field(String name, ArrowType type, boolean nullable) {
        return new Field(name, nullable ? FieldType.nullable(type) : FieldType.notNullable(type), null);
    }

    private static Schema schema(Field... fields) {
        return new Schema(List.of(fields));
    }
}
