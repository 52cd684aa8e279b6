package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.CatalogException;
import io.codeanatomy.engine.core.DataFrame;
import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.PlanningException;
import io.codeanatomy.engine.core.StatementKind;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.internal.catalog.CatalogEntry;
import io.codeanatomy.engine.core.internal.exec.expr.Casts;
import io.codeanatomy.engine.core.internal.exec.op.DmlNode;
import io.codeanatomy.engine.core.internal.exec.vector.BoolColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.ColumnAssembler;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import io.codeanatomy.engine.core.internal.sql.SqlFrontEnd;
import io.codeanatomy.engine.core.internal.sql.Statement;
import io.codeanatomy.engine.core.internal.plan.RowExpressions;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.InsertableTable;
import io.codeanatomy.engine.core.spi.RowLevelModifiableTable;
import io.codeanatomy.engine.core.spi.TableProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;

/**
 * CREATE TABLE [AS], INSERT, UPDATE and DELETE on tables created with SQL. Each statement builds the table's whole
 * new content with queries planned by the session, then swaps it in after the constraints pass: all or nothing.
 * Queries are planned when the statement is prepared (so errors surface in {@code sql()}); changes happen when the
 * statement's frame is collected.
 */
final class DataChanges {
    private final EngineSession session;

    DataChanges(EngineSession session) {
        this.session = session;
    }

    DataFrame createTable(Statement.CreateTable create) {
        if (create.ifNotExists() && session.mutableCatalog().get(create.name()).isPresent()) {
            return count("CREATE TABLE", context -> 0);
        }
        List<Field> fields = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        for (Statement.ColumnDefinition column : create.columns()) {
            boolean key = create.primaryKey().stream().anyMatch(k -> k.equalsIgnoreCase(column.field().getName()));
            Field field = column.field();
            fields.add(key ? new Field(field.getName(), new FieldType(false, field.getType(), null), null) : field);
            defaults.add(column.defaultSql());
        }
        List<List<String>> keys = new ArrayList<>();
        if (!create.primaryKey().isEmpty()) {
            keys.add(create.primaryKey());
        }
        keys.addAll(create.uniqueKeys());
        ManagedTable table = new ManagedTable(create.name(), new Schema(fields), keys, defaults);
        for (List<String> key : keys) {
            key.forEach(table::indexOf);
        }
        register(table, create.orReplace());
        return count("CREATE TABLE", context -> 0);
    }

    DataFrame createTableAs(Statement.CreateTableAs create) {
        if (create.ifNotExists() && session.mutableCatalog().get(create.name()).isPresent()) {
            return count("CREATE TABLE AS", context -> 0);
        }
        RecipeFrame query = new RecipeFrame(session, new FramePlan.Sql(create.query(), List.of())).validated();
        ManagedTable table = createTableAs(create.name(), query, create.orReplace());
        return count("CREATE TABLE AS", context -> table.rowCount());
    }

    /** Runs {@code query} into a new in-memory table {@code name} and registers it; the table, registered. */
    ManagedTable createTableAs(TableName name, RecipeFrame query, boolean orReplace) {
        List<Field> fields = new ArrayList<>();
        for (Field f : query.schema().getFields()) {
            fields.add(new Field(f.getName(), FieldType.nullable(f.getType()), f.getChildren()));
        }
        ManagedTable table = new ManagedTable(name, new Schema(fields), List.of(), fields.stream().map(f -> (String) null).toList());
        try {
            List<VectorSchemaRoot> rows = collect(query, table.name(), table.schema(), null);
            table.replace(rows);
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
        register(table, orReplace);
        return table;
    }

    private void register(ManagedTable table, boolean replace) {
        try {
            session.mutableCatalog().put(CatalogEntry.table(table.name(), table), replace);
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
        session.own(table);
    }

    DataFrame modify(Statement.Calcite statement, List<Object> parameters) {
        SqlNode node = statement.node();
        SqlNode target = switch (node) {
            case SqlInsert insert -> insert.getTargetTable();
            case SqlDelete delete -> delete.getTargetTable();
            case SqlUpdate update -> update.getTargetTable();
            default -> null;
        };
        if (target instanceof SqlIdentifier) {
            TableProvider provider = provider(target);
            if (provider != null && !(provider instanceof ManagedTable)
                    && (provider instanceof InsertableTable || provider instanceof RowLevelModifiableTable)) {
                return providerChange(statement, provider, parameters);
            }
        }
        return switch (statement.kind()) {
            case INSERT -> insert((SqlInsert) node, statement.sql(), parameters);
            case DELETE -> delete((SqlDelete) node, parameters);
            case UPDATE -> update((SqlUpdate) node, parameters);
            default -> throw new PlanningException(statement.kind() + " is not supported on in-memory tables");
        };
    }

    private ManagedTable target(SqlNode identifier, StatementKind kind) {
        TableName name = TableName.parse(String.join(".", ((SqlIdentifier) identifier).names));
        CatalogEntry entry = session.mutableCatalog().get(name)
                .orElseThrow(() -> new CatalogException("Table " + name + " does not exist"));
        if (!(entry.provider() instanceof ManagedTable table)) {
            throw new PlanningException(kind + " needs a table created with CREATE TABLE; " + entry.name()
                    + " is provided by " + (entry.provider() == null ? "a view" : entry.provider().getClass().getSimpleName()));
        }
        return table;
    }

    /** The table a DML statement changes; null when a provider changes its own rows (see {@link #providerChange}). */
    private TableProvider provider(SqlNode identifier) {
        TableName name = TableName.parse(String.join(".", ((SqlIdentifier) identifier).names));
        return session.mutableCatalog().get(name).map(CatalogEntry::provider).orElse(null);
    }

    /**
     * DML on a table that is not engine-managed but changes its own rows (a Delta table): the engine plans the
     * values and conditions, the provider applies them in its own all-or-nothing way.
     */
    private DataFrame providerChange(Statement.Calcite statement, TableProvider provider, List<Object> parameters) {
        SqlNode node = statement.node();
        TableName name;
        switch (node) {
            case SqlInsert insert -> {
                name = TableName.parse(String.join(".", ((SqlIdentifier) insert.getTargetTable()).names));
                if (!(provider instanceof InsertableTable target)) {
                    throw new PlanningException("INSERT into " + name + " is not possible: its provider "
                            + provider.getClass().getSimpleName() + " does not accept rows");
                }
                if (insert.getTargetColumnList() != null) {
                    throw new PlanningException("INSERT into " + name + " with a column list is not supported for "
                            + provider.getClass().getSimpleName() + " tables; select every column in table order");
                }
                Statement.Calcite source = new Statement.Calcite(StatementKind.SELECT, insert.getSource(), statement.sql());
                RecipeFrame rows = new RecipeFrame(session, new FramePlan.Sql(source, List.copyOf(parameters))).validated();
                Schema schema = target.schema();
                if (rows.schema().getFields().size() != schema.getFields().size()) {
                    throw new PlanningException("INSERT INTO " + name + " gives " + rows.schema().getFields().size()
                            + " values per row but the table has " + schema.getFields().size() + " columns");
                }
                return count("INSERT", context -> {
                    List<VectorSchemaRoot> batches = collect(rows, name, schema, null);
                    try (BatchStream stream = new ListStream(schema, batches)) {
                        return target.insert(session.view(), stream);
                    }
                });
            }
            case SqlDelete delete -> {
                name = TableName.parse(String.join(".", ((SqlIdentifier) delete.getTargetTable()).names));
                RowLevelModifiableTable target = modifiable(provider, name, "DELETE");
                Expression predicate = delete.getCondition() == null ? TRUE
                        : expressions(name, List.of(delete.getCondition()), parameters, "DELETE condition").getFirst();
                return count("DELETE", context -> target.delete(session.view(), predicate));
            }
            case SqlUpdate update -> {
                name = TableName.parse(String.join(".", ((SqlIdentifier) update.getTargetTable()).names));
                RowLevelModifiableTable target = modifiable(provider, name, "UPDATE");
                List<SqlNode> parts = new ArrayList<>(update.getSourceExpressionList().getList());
                if (update.getCondition() != null) {
                    parts.add(update.getCondition());
                }
                List<Expression> translated = expressions(name, parts, parameters, "UPDATE");
                java.util.Map<String, Expression> assignments = new java.util.LinkedHashMap<>();
                for (int i = 0; i < update.getTargetColumnList().size(); i++) {
                    assignments.put(((SqlIdentifier) update.getTargetColumnList().get(i)).getSimple(), translated.get(i));
                }
                Expression predicate = update.getCondition() == null ? TRUE : translated.getLast();
                return count("UPDATE", context -> target.update(session.view(), assignments, predicate));
            }
            default -> throw new PlanningException(statement.kind() + " is not supported on provider tables");
        }
    }

    private static final Expression TRUE = new Expression.Literal(true, org.apache.arrow.vector.types.pojo.ArrowType.Bool.INSTANCE);

    private static RowLevelModifiableTable modifiable(TableProvider provider, TableName name, String statement) {
        if (provider instanceof RowLevelModifiableTable target) {
            return target;
        }
        throw new PlanningException(statement + " on " + name + " is not possible: its provider "
                + provider.getClass().getSimpleName() + " cannot change rows");
    }

    private List<Expression> expressions(TableName table, List<SqlNode> nodes, List<Object> parameters, String what) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < nodes.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(text(nodes.get(i)));
        }
        select.append(" FROM ").append(quoted(table));
        return RowExpressions.overScan(query(select.toString(), parameters).logicalPlan(), what);
    }

    /** Batches already in memory as a stream; closes them when closed. */
    private static final class ListStream extends io.codeanatomy.engine.core.spi.RootBatchStream {
        private final java.util.Iterator<VectorSchemaRoot> batches;
        private final List<VectorSchemaRoot> all;

        ListStream(Schema schema, List<VectorSchemaRoot> batches) {
            super(schema);
            this.all = new ArrayList<>(batches);
            this.batches = all.iterator();
        }

        @Override
        protected VectorSchemaRoot nextRoot() {
            if (!batches.hasNext()) {
                return null;
            }
            VectorSchemaRoot next = batches.next();
            batches.remove();
            return next;
        }

        @Override
        protected void release() {
            all.forEach(VectorSchemaRoot::close);
            all.clear();
        }
    }

    private DataFrame insert(SqlInsert insert, String sql, List<Object> parameters) {
        ManagedTable table = target(insert.getTargetTable(), StatementKind.INSERT);
        List<Field> fields = table.schema().getFields();
        SqlNodeList columnList = insert.getTargetColumnList();
        int[] sourceOf = new int[fields.size()];       // table column -> source column, -1 for the default
        if (columnList == null) {
            for (int i = 0; i < sourceOf.length; i++) {
                sourceOf[i] = i;
            }
        } else {
            java.util.Arrays.fill(sourceOf, -1);
            for (int i = 0; i < columnList.size(); i++) {
                int column = table.indexOf(((SqlIdentifier) columnList.get(i)).getSimple());
                if (sourceOf[column] >= 0) {
                    throw new PlanningException("Column " + fields.get(column).getName() + " is listed twice in INSERT");
                }
                sourceOf[column] = i;
            }
        }
        Statement.Calcite source = new Statement.Calcite(StatementKind.SELECT, insert.getSource(), sql);
        RecipeFrame rows = new RecipeFrame(session, new FramePlan.Sql(source, List.copyOf(parameters))).validated();
        int expected = columnList == null ? fields.size() : columnList.size();
        if (rows.schema().getFields().size() != expected) {
            throw new PlanningException("INSERT INTO " + table.name() + " gives " + rows.schema().getFields().size()
                    + " values per row but " + expected + " columns are targeted");
        }
        Object[] defaults = new Object[fields.size()];
        for (int c = 0; c < fields.size(); c++) {
            if (sourceOf[c] < 0 && table.defaultSql(c) != null) {
                defaults[c] = constant(table.defaultSql(c));
            }
        }
        return count("INSERT", context -> {
            List<VectorSchemaRoot> added = collect(rows, table.name(), table.schema(), columns -> reorder(columns, sourceOf, defaults, fields));
            long inserted = added.stream().mapToLong(VectorSchemaRoot::getRowCount).sum();
            List<VectorSchemaRoot> content = keep(table);
            content.addAll(added);
            table.replace(content);
            return inserted;
        });
    }

    private Object constant(String defaultSql) {
        try (var result = session.sql("SELECT " + defaultSql).collect()) {
            return result.rows().getFirst().getFirst();
        }
    }

    /** Source columns in table order; defaults (or NULL) for columns the INSERT does not name. */
    private static void reorder(Column[][] holder, int[] sourceOf, Object[] defaults, List<Field> fields) {
        Column[] source = holder[0];
        int n = source.length == 0 ? 0 : source[0].size;
        Column[] out = new Column[fields.size()];
        for (int c = 0; c < out.length; c++) {
            var type = fields.get(c).getType();
            out[c] = sourceOf[c] >= 0 ? source[sourceOf[c]]
                    : Columns.constant(type, defaults[c] == null ? null
                            : io.codeanatomy.engine.core.internal.exec.vector.Scalars.toInternal(type, defaults[c]), n);
        }
        holder[0] = out;
    }

    private DataFrame delete(SqlDelete delete, List<Object> parameters) {
        ManagedTable table = target(delete.getTargetTable(), StatementKind.DELETE);
        SqlNode condition = delete.getCondition();
        if (condition == null) {
            throw new PlanningException("DELETE FROM " + table.name() + " has no WHERE clause and would delete every row; "
                    + "add a WHERE condition, or drop and recreate the table");
        }
        RecipeFrame kept = query("SELECT * FROM " + quoted(table.name()) + " WHERE (" + text(condition) + ") IS NOT TRUE", parameters);
        return count("DELETE", context -> {
            long before = table.rowCount();
            List<VectorSchemaRoot> content = collect(kept, table.name(), table.schema(), null);
            long after = content.stream().mapToLong(VectorSchemaRoot::getRowCount).sum();
            table.replace(content);
            return before - after;
        });
    }

    private DataFrame update(SqlUpdate update, List<Object> parameters) {
        ManagedTable table = target(update.getTargetTable(), StatementKind.UPDATE);
        List<Field> fields = table.schema().getFields();
        int[] targets = new int[update.getTargetColumnList().size()];
        StringBuilder select = new StringBuilder("SELECT *");
        for (int i = 0; i < targets.length; i++) {
            targets[i] = table.indexOf(((SqlIdentifier) update.getTargetColumnList().get(i)).getSimple());
            select.append(", ").append(text(update.getSourceExpressionList().get(i)));
        }
        SqlNode condition = update.getCondition();
        select.append(", ").append(condition == null ? "TRUE" : "(" + text(condition) + ") IS TRUE");
        select.append(" FROM ").append(quoted(table.name()));
        RecipeFrame rows = query(select.toString(), parameters);
        return count("UPDATE", context -> {
            long[] updated = {0};
            List<VectorSchemaRoot> content = collect(rows, table.name(), table.schema(), holder -> {
                Column[] all = holder[0];
                int n = all[0].size;
                BoolColumn hit = (BoolColumn) all[all.length - 1];
                int[] hitRows = new int[n];
                int[] missRows = new int[n];
                int hits = 0;
                int misses = 0;
                for (int r = 0; r < n; r++) {
                    if (hit.isTrue(r)) {
                        hitRows[hits++] = r;
                    } else {
                        missRows[misses++] = r;
                    }
                }
                updated[0] += hits;
                Column[] out = new Column[fields.size()];
                for (int c = 0; c < fields.size(); c++) {
                    out[c] = all[c];
                }
                for (int t = 0; t < targets.length; t++) {
                    int c = targets[t];
                    var type = fields.get(c).getType();
                    Column newValues = Casts.cast(all[fields.size() + t], type, n);
                    ColumnAssembler merged = new ColumnAssembler(type, n);
                    merged.put(Columns.gather(Casts.cast(all[c], type, n), missRows, misses), missRows, misses);
                    merged.put(Columns.gather(newValues, hitRows, hits), hitRows, hits);
                    out[c] = merged.build();
                }
                holder[0] = out;
            });
            table.replace(content);
            return updated[0];
        });
    }

    private RecipeFrame query(String sql, List<Object> parameters) {
        Statement statement = SqlFrontEnd.parse(sql);
        return new RecipeFrame(session, new FramePlan.Sql((Statement.Calcite) statement, List.copyOf(parameters))).validated();
    }

    private static String text(SqlNode node) {
        return node.toSqlString(CalciteSqlDialect.DEFAULT).getSql();
    }

    private static String quoted(TableName name) {
        return "\"" + name.schema().replace("\"", "\"\"") + "\".\"" + name.name().replace("\"", "\"\"") + "\"";
    }

    /** The current content as slices that stay valid after the table's content is replaced. */
    private List<VectorSchemaRoot> keep(ManagedTable table) {
        List<VectorSchemaRoot> kept = new ArrayList<>();
        for (VectorSchemaRoot batch : table.batches()) {
            List<FieldVector> vectors = new ArrayList<>();
            for (FieldVector vector : batch.getFieldVectors()) {
                vectors.add(Vectors.slice(vector, 0, batch.getRowCount(), session.allocator()));
            }
            kept.add(Vectors.root(table.schema(), vectors, batch.getRowCount()));
        }
        return kept;
    }

    /**
     * Runs {@code frame} and copies its rows into batches of {@code schema} in the session's allocator (the
     * query's own memory goes when it ends), optionally reshaping each batch's columns first.
     */
    private List<VectorSchemaRoot> collect(RecipeFrame frame, TableName target, Schema schema, Consumer<Column[][]> reshape) {
        BufferAllocator allocator = session.allocator();
        List<VectorSchemaRoot> out = new ArrayList<>();
        try (BatchStream stream = frame.stream()) {
            while (stream.advance()) {
                VectorSchemaRoot root = stream.current();
                int n = root.getRowCount();
                Column[] columns = new Column[root.getFieldVectors().size()];
                for (int c = 0; c < columns.length; c++) {
                    columns[c] = Columns.unpack(root.getVector(c), null, n);
                }
                Column[][] holder = {columns};
                if (reshape != null) {
                    reshape.accept(holder);
                }
                List<FieldVector> vectors = new ArrayList<>();
                try {
                    for (int c = 0; c < schema.getFields().size(); c++) {
                        Field field = schema.getFields().get(c);
                        Column cast = Casts.cast(holder[0][c], field.getType(), n);
                        if (!field.isNullable() && cast.hasNulls()) {
                            throw new ExecutionException("NOT NULL constraint failed: " + target + "." + field.getName()
                                    + " would be NULL; give it a value");
                        }
                        vectors.add(Columns.pack(cast, field, allocator));
                    }
                } catch (RuntimeException e) {
                    Vectors.closeAll(vectors);
                    throw e;
                }
                out.add(Vectors.root(schema, vectors, n));
            }
        } catch (RuntimeException e) {
            out.forEach(VectorSchemaRoot::close);
            throw e instanceof ExecutionException || e instanceof PlanningException ? e
                    : new ExecutionException("Statement failed: " + e.getMessage(), e);
        }
        return out;
    }

    private DataFrame count(String statement, java.util.function.ToLongFunction<io.codeanatomy.engine.core.internal.exec.ExecContext> action) {
        return new PlannedFrame(session, new DmlNode(statement, action), List.of("count"), false);
    }
}
