package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.internal.catalog.Catalog;
import io.codeanatomy.engine.core.internal.catalog.CatalogEntry;
import io.codeanatomy.engine.core.internal.catalog.TableKind;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.codeanatomy.engine.core.spi.TableStatistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;
import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;

/**
 * Presents a session's catalog to Calcite: one Calcite schema per catalog schema, tables as {@link ProviderScan}s,
 * views expanded from their SQL on use, and table functions as table macros. Built per planning run, so it always
 * shows the catalog as it is now and keeps no state between queries.
 */
final class CatalogSchemas {
    /** Resolves a view's row type and expands its body; implemented by the planner. */
    interface Views {
        RelDataType rowType(CatalogEntry view, RelDataTypeFactory typeFactory);

        RelRoot expand(CatalogEntry view, RelOptTable.ToRelContext context);
    }

    private CatalogSchemas() {}

    static CalciteSchema root(Catalog catalog, SessionView session, Map<String, TableFunction> tableFunctions, Views views) {
        CalciteSchema root = CalciteSchema.createRootSchema(false, false);
        for (String schema : catalog.schemas()) {
            boolean isDefault = schema.equalsIgnoreCase(TableName.DEFAULT_SCHEMA);
            root.add(schema, new SchemaAdapter(catalog, schema, session, isDefault ? tableFunctions : Map.of(), views));
        }
        return root;
    }

    private static final class SchemaAdapter extends AbstractSchema {
        private final Catalog catalog;
        private final String schema;
        private final SessionView session;
        private final Map<String, TableFunction> functions;
        private final Views views;

        SchemaAdapter(Catalog catalog, String schema, SessionView session, Map<String, TableFunction> functions, Views views) {
            this.catalog = catalog;
            this.schema = schema;
            this.session = session;
            this.functions = functions;
            this.views = views;
        }

        @Override
        protected Map<String, Table> getTableMap() {
            Map<String, Table> tables = new LinkedHashMap<>();
            for (CatalogEntry entry : catalog.entries(schema)) {
                tables.put(entry.name().name(), entry.kind() == TableKind.VIEW
                        ? new ViewTable(entry, views) : new ProviderTable(entry.provider(), session));
            }
            return tables;
        }

        @Override
        protected Multimap<String, Function> getFunctionMultimap() {
            ImmutableMultimap.Builder<String, Function> builder = ImmutableMultimap.builder();
            functions.forEach((name, function) -> builder.put(name, new TableFunctionMacro(function, session)));
            return builder.build();
        }
    }

    /** A provider's table: row type from its Arrow schema, statistics from the provider, scans as ProviderScan. */
    static final class ProviderTable extends AbstractTable implements TranslatableTable {
        private final TableProvider provider;
        private final SessionView session;
        private Statistic statistic;

        ProviderTable(TableProvider provider, SessionView session) {
            this.provider = provider;
            this.session = session;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return TypeMapping.rowType(typeFactory, provider.schema());
        }

        @Override
        public Statistic getStatistic() {
            if (statistic == null) {
                TableStatistics stats = provider.statistics(session);
                statistic = stats.rowCount().isPresent()
                        ? Statistics.of(stats.rowCount().getAsLong(), List.<ImmutableBitSet>of())
                        : Statistics.UNKNOWN;
            }
            return statistic;
        }

        @Override
        public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
            return ProviderScan.create(context.getCluster(), relOptTable, provider);
        }
    }

    /** A view: its body is planned again on every use, renamed to the view's declared columns. */
    private static final class ViewTable extends AbstractTable implements TranslatableTable {
        private final CatalogEntry entry;
        private final Views views;

        ViewTable(CatalogEntry entry, Views views) {
            this.entry = entry;
            this.views = views;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return views.rowType(entry, typeFactory);
        }

        @Override
        public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
            RelRoot root = views.expand(entry, context);
            return RelOptUtil.createCastRel(root.project(), relOptTable.getRowType(), true);
        }
    }

    /** A {@link TableFunction} as Calcite sees it: constant arguments in, a provider-backed table out. */
    private static final class TableFunctionMacro implements TableMacro {
        private final TableFunction function;
        private final SessionView session;

        TableFunctionMacro(TableFunction function, SessionView session) {
            this.function = function;
            this.session = session;
        }

        @Override
        public TranslatableTable apply(List<? extends Object> arguments) {
            List<Object> values = new ArrayList<>(arguments);
            while (values.size() < function.parameters().size()) {
                values.add(null);
            }
            return new ProviderTable(function.bind(session, values), session);
        }

        @Override
        public List<FunctionParameter> getParameters() {
            List<FunctionParameter> parameters = new ArrayList<>();
            List<TableFunction.Parameter> declared = function.parameters();
            for (int i = 0; i < declared.size(); i++) {
                TableFunction.Parameter parameter = declared.get(i);
                int ordinal = i;
                parameters.add(new FunctionParameter() {
                    @Override
                    public int getOrdinal() {
                        return ordinal;
                    }

                    @Override
                    public String getName() {
                        return parameter.name();
                    }

                    @Override
                    public RelDataType getType(RelDataTypeFactory typeFactory) {
                        SqlTypeName type = parameter.type() == String.class ? SqlTypeName.VARCHAR
                                : parameter.type() == Long.class || parameter.type() == Integer.class ? SqlTypeName.BIGINT
                                : parameter.type() == Double.class ? SqlTypeName.DOUBLE
                                : parameter.type() == Boolean.class ? SqlTypeName.BOOLEAN
                                : SqlTypeName.ANY;
                        return typeFactory.createTypeWithNullability(typeFactory.createSqlType(type), true);
                    }

                    @Override
                    public boolean isOptional() {
                        return parameter.optional();
                    }
                });
            }
            return parameters;
        }
    }

}
