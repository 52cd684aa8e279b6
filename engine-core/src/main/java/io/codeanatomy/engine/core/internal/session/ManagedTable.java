package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.internal.exec.hash.KeyTable;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.ScanRequest;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.codeanatomy.engine.core.spi.TableStatistics;
import io.codeanatomy.engine.core.tables.MemoryTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table created with SQL: an in-memory table plus the constraints and defaults its CREATE TABLE declared.
 * Changes replace the whole content atomically after the constraints were checked on the new content, so a failed
 * statement leaves the table as it was.
 */
final class ManagedTable implements TableProvider, AutoCloseable {
    private final TableName name;
    private final MemoryTable data;
    private final List<List<String>> uniqueKeys;      // PRIMARY KEY first, then UNIQUE constraints
    private final List<String> defaults;              // SQL text per column, null when none

    ManagedTable(TableName name, Schema schema, List<List<String>> uniqueKeys, List<String> defaults) {
        this.name = name;
        this.data = MemoryTable.empty(schema);
        this.uniqueKeys = List.copyOf(uniqueKeys);
        this.defaults = new ArrayList<>(defaults);
    }

    TableName name() {
        return name;
    }

    String defaultSql(int column) {
        return defaults.get(column);
    }

    @Override
    public Schema schema() {
        return data.schema();
    }

    @Override
    public TableStatistics statistics(SessionView session) {
        return data.statistics(session);
    }

    @Override
    public BatchStream scan(SessionView session, ScanRequest request) {
        return data.scan(session, request);
    }

    List<VectorSchemaRoot> batches() {
        return data.batches();
    }

    long rowCount() {
        return data.rowCount();
    }

    /**
     * Makes {@code content} (adopted; batches with this table's schema) the table's content, after checking NOT
     * NULL and unique keys over it. On a violation the content is closed and the table is unchanged.
     */
    synchronized void replace(List<VectorSchemaRoot> content) {
        try {
            check(content);
        } catch (RuntimeException e) {
            content.forEach(VectorSchemaRoot::close);
            throw e;
        }
        data.replaceWith(content);
    }

    private void check(List<VectorSchemaRoot> content) {
        List<Field> fields = schema().getFields();
        long rowBase = 0;
        for (VectorSchemaRoot batch : content) {
            for (int c = 0; c < fields.size(); c++) {
                Field field = fields.get(c);
                FieldVector vector = batch.getVector(c);
                if (!field.isNullable() && vector.getNullCount() > 0) {
                    for (int r = 0; r < batch.getRowCount(); r++) {
                        if (vector.isNull(r)) {
                            throw new ExecutionException("NOT NULL constraint failed: " + name + "." + field.getName()
                                    + " is NULL in row " + (rowBase + r + 1) + " of the new content");
                        }
                    }
                }
            }
            rowBase += batch.getRowCount();
        }
        for (List<String> key : uniqueKeys) {
            int[] indexes = key.stream().mapToInt(this::indexOf).toArray();
            ArrowType[] types = new ArrowType[indexes.length];
            for (int k = 0; k < indexes.length; k++) {
                types[k] = fields.get(indexes[k]).getType();
            }
            KeyTable seen = new KeyTable(types);
            for (VectorSchemaRoot batch : content) {
                int n = batch.getRowCount();
                Column[] columns = new Column[indexes.length];
                for (int k = 0; k < indexes.length; k++) {
                    columns[k] = Columns.unpack(batch.getVector(indexes[k]), null, n);
                }
                int before = seen.size();
                int[] ids = seen.assign(columns, n);
                int next = before;
                for (int r = 0; r < n; r++) {
                    boolean hasNull = false;
                    for (Column column : columns) {
                        hasNull |= column.isNull(r);
                    }
                    if (ids[r] == next) {
                        next++;
                    } else if (!hasNull) { // SQL: NULLs never collide in a UNIQUE constraint
                        throw new ExecutionException("UNIQUE constraint failed: " + name + key + " has a duplicate value "
                                + rowValues(columns, r));
                    }
                }
            }
        }
    }

    private static String rowValues(Column[] columns, int row) {
        List<Object> values = new ArrayList<>();
        for (Column column : columns) {
            values.add(column.get(row));
        }
        return values.toString();
    }

    int indexOf(String column) {
        List<Field> fields = schema().getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equalsIgnoreCase(column)) {
                return i;
            }
        }
        throw new ExecutionException("Column '" + column + "' does not exist in " + name + "; columns are "
                + fields.stream().map(Field::getName).toList());
    }

    @Override
    public void close() {
        data.close();
    }
}
