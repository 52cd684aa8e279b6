package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.internal.catalog.Catalog;
import io.codeanatomy.engine.core.internal.catalog.CatalogEntry;
import io.codeanatomy.engine.core.internal.exec.expr.Casts;
import io.codeanatomy.engine.core.internal.plan.ExtensionFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The SQL-standard {@code information_schema} views of a session's catalog: schemata, tables, columns. */
final class InformationSchema {
    private InformationSchema() {}

    static void register(Catalog catalog, Function<CatalogEntry, Schema> viewSchema, ExtensionFunctions registered,
                         java.util.Map<String, io.codeanatomy.engine.core.spi.TableFunction> tableFunctions) {
        Schema routines = schema("routine_name", "routine_type", "data_type", "signatures", "volatility", "description",
                "syntax", "example", "provider", "provider_version", "alias_of");
        catalog.put(CatalogEntry.system(name("routines"), new RowsTable(routines, () -> {
            List<List<Object>> rows = new ArrayList<>();
            for (ScalarFunctionDef f : registered.scalars()) {
                String signatures = signatures(f.name(), f.signatures());
                for (String alias : f.allNames()) {
                    rows.add(List.of(alias, "FUNCTION", f.returnType(), signatures, f.volatility().name(), f.doc().description(),
                            f.doc().syntax(), f.doc().example(), f.provider(), f.providerVersion(),
                            alias.equals(f.name()) ? "" : f.name()));
                }
            }
            for (var f : registered.aggregates()) {
                String signatures = signatures(f.name(), f.signatures());
                for (String alias : f.allNames()) {
                    rows.add(List.of(alias, "AGGREGATE FUNCTION", f.returnType(), signatures, f.volatility().name(),
                            f.doc().description(), f.doc().syntax(), f.doc().example(), f.provider(), f.providerVersion(),
                            alias.equals(f.name()) ? "" : f.name()));
                }
            }
            for (var f : registered.windows()) {
                String signatures = signatures(f.name(), f.signatures());
                for (String alias : f.allNames()) {
                    rows.add(List.of(alias, "WINDOW FUNCTION", f.returnType(), signatures, f.volatility().name(),
                            f.doc().description(), f.doc().syntax(), f.doc().example(), f.provider(), f.providerVersion(),
                            alias.equals(f.name()) ? "" : f.name()));
                }
            }
            for (var f : tableFunctions.values()) {
                String signature = f.name() + "(" + String.join(", ", f.parameters().stream()
                        .map(p -> p.name() + " " + sqlType(p.type()) + (p.optional() ? "?" : ""))
                        .toList()) + ")";
                rows.add(List.of(f.name(), "TABLE FUNCTION", "TABLE", signature, "VOLATILE", f.doc().description(),
                        f.doc().syntax(), f.doc().example(), "", "", ""));
            }
            return rows;
        })), false);
        catalog.put(CatalogEntry.system(name("schemata"), new RowsTable(schema("catalog_name", "schema_name"),
                () -> catalog.schemas().stream().map(s -> List.<Object>of("codeanatomy", s)).toList())), false);
        catalog.put(CatalogEntry.system(name("tables"), new RowsTable(
                schema("table_catalog", "table_schema", "table_name", "table_type"),
                () -> catalog.entries().stream().map(e -> List.<Object>of("codeanatomy", e.name().schema(), e.name().name(),
                        switch (e.kind()) {
                            case TABLE -> "BASE TABLE";
                            case VIEW -> "VIEW";
                            case SYSTEM -> "SYSTEM TABLE";
                        })).toList())), false);
        Schema columns = new Schema(List.of(text("table_catalog"), text("table_schema"), text("table_name"),
                text("column_name"), new Field("ordinal_position", FieldType.notNullable(new ArrowType.Int(32, true)), null),
                text("data_type"), text("is_nullable")));
        catalog.put(CatalogEntry.system(name("columns"), new RowsTable(columns, () -> {
            List<List<Object>> rows = new ArrayList<>();
            for (CatalogEntry entry : catalog.entries()) {
                Schema schema;
                try {
                    schema = entry.provider() != null ? entry.provider().schema() : viewSchema.apply(entry);
                } catch (RuntimeException e) {
                    continue; // a view that no longer plans has no columns to show
                }
                List<Field> fields = schema.getFields();
                for (int i = 0; i < fields.size(); i++) {
                    Field f = fields.get(i);
                    rows.add(List.of("codeanatomy", entry.name().schema(), entry.name().name(), f.getName(), i + 1,
                            Casts.sqlName(f.getType()).toUpperCase(Locale.ROOT), f.isNullable() ? "YES" : "NO"));
                }
            }
            return rows;
        })), false);
    }

    private static String signatures(String name, List<io.codeanatomy.engine.core.spi.function.FunctionSignature> signatures) {
        return String.join("; ", signatures.stream().map(s -> name + "("
                + String.join(", ", s.arguments().stream().map(t -> Casts.sqlName(t).toUpperCase(Locale.ROOT)).toList())
                + (s.variadic() ? "..." : "") + ")").toList());
    }

    private static String sqlType(Class<?> javaType) {
        return javaType == String.class ? "VARCHAR" : javaType == Long.class ? "BIGINT" : javaType == Double.class ? "DOUBLE"
                : javaType == Boolean.class ? "BOOLEAN" : javaType.getSimpleName().toUpperCase(Locale.ROOT);
    }

    private static TableName name(String table) {
        return new TableName(Catalog.INFORMATION_SCHEMA, table);
    }

    private static Field text(String name) {
        return new Field(name, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
    }

    private static Schema schema(String... names) {
        List<Field> fields = new ArrayList<>();
        for (String n : names) {
            fields.add(text(n));
        }
        return new Schema(fields);
    }
}
