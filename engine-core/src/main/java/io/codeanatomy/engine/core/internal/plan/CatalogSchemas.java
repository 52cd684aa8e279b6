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

        /** Notes that the statement being validated read table or view {@code name}, of row type {@code rowType}. */
        void read(io.codeanatomy.engine.core.TableName name, RelDataType rowType);

        /** A builder over the planner's cluster, for relation planners. */
        org.apache.calcite.tools.RelBuilder relBuilder();
    }

    private CatalogSchemas() {}

    static CalciteSchema root(Catalog catalog, SessionView session, Map<String, TableFunction> tableFunctions,
                              Map<String, PlannerPorts.Relation> relations, Views views) {
        CalciteSchema root = CalciteSchema.createRootSchema(false, false);
        for (String schema : catalog.schemas()) {
            boolean isDefault = schema.equalsIgnoreCase(TableName.DEFAULT_SCHEMA);
            root.add(schema, new SchemaAdapter(catalog, schema, session, isDefault ? tableFunctions : Map.of(),
                    isDefault ? relations : Map.of(), views));
        }
        return root;
    }

    private static final class SchemaAdapter extends AbstractSchema {
        private final Catalog catalog;
        private final String schema;
        private final SessionView session;
        private final Map<String, TableFunction> functions;
        private final Map<String, PlannerPorts.Relation> relations;
        private final Views views;

        SchemaAdapter(Catalog catalog, String schema, SessionView session, Map<String, TableFunction> functions,
                      Map<String, PlannerPorts.Relation> relations, Views views) {
            this.catalog = catalog;
            this.schema = schema;
            this.session = session;
            this.functions = functions;
            this.relations = relations;
            this.views = views;
        }

        // Both maps are made once: a schema lives for one statement's planner, and Calcite asks for them at every
        // name it resolves (the validator looks up each column name as a possible function call), which rebuilt
        // them each time (5% of planning).
        private Map<String, Table> tables;
        private Multimap<String, Function> functionMap;

        @Override
        protected Map<String, Table> getTableMap() {
            if (tables == null) {
                Map<String, Table> map = new LinkedHashMap<>();
                for (CatalogEntry entry : catalog.entries(schema)) {
                    map.put(entry.name().name(), entry.kind() == TableKind.VIEW
                            ? new ViewTable(entry, views) : new ProviderTable(entry.provider(), session, entry, views));
                }
                tables = map;
            }
            return tables;
        }

        @Override
        protected Multimap<String, Function> getFunctionMultimap() {
            if (functionMap == null) {
                ImmutableMultimap.Builder<String, Function> builder = ImmutableMultimap.builder();
                functions.forEach((name, function) -> builder.put(name, new TableFunctionMacro(function.parameters(),
                        args -> new ProviderTable(function.bind(session, args), session, null, views))));
                relations.forEach((name, relation) -> builder.put(name, new TableFunctionMacro(relation.parameters(),
                        args -> new PlannedRelation(relation, args, views))));
                functionMap = builder.build();
            }
            return functionMap;
        }
    }

    /**
     * A provider's table: row type from its Arrow schema, statistics from the provider, scans as ProviderScan. It is
     * also the distinct-count handler Calcite looks for on a scanned table, so join ordering sees the provider's
     * per-column distinct counts (a 25-value nation key is no key).
     */
    static final class ProviderTable extends AbstractTable implements TranslatableTable,
            org.apache.calcite.rel.metadata.BuiltInMetadata.DistinctRowCount.Handler {
        private final TableProvider provider;
        private final SessionView session;
        private Statistic statistic;

        private final CatalogEntry entry;       // null for a table function's result
        private final Views views;

        ProviderTable(TableProvider provider, SessionView session, CatalogEntry entry, Views views) {
            this.provider = provider;
            this.session = session;
            this.entry = entry;
            this.views = views;
        }

        /** Whether a table function made this table from its arguments at planning (it is no catalog entry). */
        boolean boundByFunction() {
            return entry == null;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            RelDataType type = TypeMapping.rowType(typeFactory, provider.schema());
            if (entry != null) {
                views.read(entry.name(), type);
            }
            return type;
        }

        @Override
        public Statistic getStatistic() {
            if (statistic == null) {
                TableStatistics stats = provider.statistics(session);
                statistic = stats.rowCount().isPresent() ? new KeyStatistic(stats, provider.schema().getFields()) : Statistics.UNKNOWN;
            }
            return statistic;
        }

        @Override
        public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
            return ProviderScan.create(context.getCluster(), relOptTable, provider);
        }

        /** What the provider knows about column {@code name}. */
        io.codeanatomy.engine.core.spi.ColumnStatistics column(String name) {
            return provider.statistics(session).column(name);
        }

        /** Distinct values of the scan's {@code groupKey} columns: the product of theirs, at most the scan's rows. */
        @Override
        public Double getDistinctRowCount(RelNode scan, org.apache.calcite.rel.metadata.RelMetadataQuery mq,
                                          ImmutableBitSet groupKey, org.apache.calcite.rex.RexNode predicate) {
            TableStatistics stats = provider.statistics(session);
            List<String> names = scan.getRowType().getFieldNames();
            double product = 1;
            for (int column : groupKey) {
                var distinct = stats.column(names.get(column)).distinctCount();
                if (distinct.isEmpty()) {     // what Calcite would answer without this handler: a key has one per row
                    return Boolean.TRUE.equals(mq.areColumnsUnique(scan, groupKey)) ? mq.getRowCount(scan) : null;
                }
                product *= Math.max(1, distinct.getAsLong());
            }
            Double rows = mq.getRowCount(scan);
            double limit = rows == null ? Double.MAX_VALUE
                    : rows * (predicate == null ? 1 : org.apache.calcite.rel.metadata.RelMdUtil.guessSelectivity(predicate));
            return Math.max(1, Math.min(product, limit));
        }
    }

    /**
     * Row count and keys of a provider's table, where a column with as many distinct values as rows is a key (join
     * estimates use it). Keys are looked up per column when asked: Calcite reads a table's statistic for things
     * that need no column statistics (the validator's monotonicity check reads its collations), and a provider
     * may have to scan a column to count its distinct values.
     */
    private static final class KeyStatistic implements Statistic {
        private final TableStatistics stats;
        private final List<org.apache.arrow.vector.types.pojo.Field> fields;
        private final long rows;

        KeyStatistic(TableStatistics stats, List<org.apache.arrow.vector.types.pojo.Field> fields) {
            this.stats = stats;
            this.fields = fields;
            this.rows = stats.rowCount().getAsLong();
        }

        private boolean isKey(int column) {
            var distinct = stats.column(fields.get(column).getName()).distinctCount();
            return rows > 0 && distinct.isPresent() && distinct.getAsLong() == rows;
        }

        @Override
        public Double getRowCount() {
            return (double) rows;
        }

        @Override
        public boolean isKey(ImmutableBitSet columns) {
            for (int column : columns) {
                if (column < fields.size() && isKey(column)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public List<ImmutableBitSet> getKeys() {
            List<ImmutableBitSet> keys = new ArrayList<>();
            for (int c = 0; c < fields.size(); c++) {
                if (isKey(c)) {
                    keys.add(ImmutableBitSet.of(c));
                }
            }
            return keys;
        }

        @Override
        public List<org.apache.calcite.rel.RelReferentialConstraint> getReferentialConstraints() {
            return List.of();
        }

        @Override
        public List<org.apache.calcite.rel.RelCollation> getCollations() {
            return List.of();
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
            RelDataType type = views.rowType(entry, typeFactory);
            views.read(entry.name(), type);
            return type;
        }

        @Override
        public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
            RelRoot root = views.expand(entry, context);
            return RelOptUtil.createCastRel(root.project(), relOptTable.getRowType(), true);
        }
    }

    /** A relation planned by an extension's {@link io.codeanatomy.engine.core.spi.planner.RelationPlanner}. */
    private static final class PlannedRelation extends AbstractTable implements TranslatableTable {
        private final PlannerPorts.Relation relation;
        private final List<Object> arguments;
        private final Views views;

        PlannedRelation(PlannerPorts.Relation relation, List<Object> arguments, Views views) {
            this.relation = relation;
            this.arguments = arguments;
            this.views = views;
        }

        private RelNode plan() {
            try {
                return relation.planner().plan(arguments, views.relBuilder());
            } catch (RuntimeException e) {
                throw new io.codeanatomy.engine.core.PlanningException("The relation planner of " + relation.name()
                        + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return plan().getRowType();
        }

        @Override
        public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
            return plan();
        }
    }

    /** Table functions and relation planners as Calcite sees them: constant arguments in, a table out. */
    private static final class TableFunctionMacro implements TableMacro {
        private final List<TableFunction.Parameter> declared;
        private final java.util.function.Function<List<Object>, TranslatableTable> bind;

        TableFunctionMacro(List<TableFunction.Parameter> declared, java.util.function.Function<List<Object>, TranslatableTable> bind) {
            this.declared = declared;
            this.bind = bind;
        }

        @Override
        public TranslatableTable apply(List<? extends Object> arguments) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < declared.size(); i++) {
                TableFunction.Parameter parameter = declared.get(i);
                Object value = i < arguments.size() ? arguments.get(i) : null;
                if (value == null && !parameter.optional()) {
                    throw new io.codeanatomy.engine.core.PlanningException("Argument '" + parameter.name()
                            + "' is required and must be a constant");
                }
                values.add(convert(parameter, value));
            }
            return bind.apply(values);
        }

        private static Object convert(TableFunction.Parameter parameter, Object value) {
            Class<?> type = parameter.type();
            if (value == null || type.isInstance(value)) {
                return value;
            }
            Object text = value instanceof org.apache.calcite.util.NlsString nls ? nls.getValue() : value;
            if (type == String.class && text instanceof String) {
                return text;
            }
            if (text instanceof Number n && (type == Long.class || type == Integer.class || type == Double.class)) {
                if (type == Double.class) {
                    return n.doubleValue();
                }
                if (n instanceof java.math.BigDecimal d && d.stripTrailingZeros().scale() > 0) {
                    throw badArgument(parameter, value);
                }
                return type == Long.class ? (Object) n.longValue() : (Object) n.intValue();
            }
            if (type.isInstance(text)) {
                return text;
            }
            throw badArgument(parameter, value);
        }

        private static io.codeanatomy.engine.core.PlanningException badArgument(TableFunction.Parameter parameter, Object value) {
            return new io.codeanatomy.engine.core.PlanningException("Argument '" + parameter.name() + "' must be a "
                    + parameter.type().getSimpleName() + " constant, got " + value);
        }

        @Override
        public List<FunctionParameter> getParameters() {
            List<FunctionParameter> parameters = new ArrayList<>();
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
                        // A Java Object type: Calcite hands a macro a literal's value only for Java-typed parameters,
                        // and Object keeps the validator from wrapping literals in casts; apply() converts.
                        return typeFactory.createJavaType(Object.class);
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
