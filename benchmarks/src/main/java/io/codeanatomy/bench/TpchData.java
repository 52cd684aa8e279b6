package io.codeanatomy.bench;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One TPC-H table generated once and kept in two forms: Arrow batches for our engine, and a '|'-separated CSV file
 * that DuckDB ({@code COPY}) and H2 ({@code CSVREAD}) load, so all three engines hold exactly the same rows.
 *
 * @param name    the TPC-H table name (lower case)
 * @param schema  Arrow schema: INTEGER to Int32, identifiers to Int64, DATE to Date(DAY), money to Decimal(15,2)
 * @param table   our in-memory table; owned by the caller
 * @param csv     the same rows as text, one line per row, no header
 * @param rows    row count
 */
record TpchData(String name, Schema schema, MemoryTable table, Path csv, long rows) {

    /**
     * Every TPC-H table at {@code scaleFactor} as Arrow only (the CSV copies, which other engines load, deleted), for
     * the tools that run our engine alone. The caller closes the tables.
     */
    static List<TpchData> generateArrowOnly(double scaleFactor, BufferAllocator allocator, int batchSize) throws IOException {
        Path dir = Files.createTempDirectory("tpch-arrow");
        List<TpchData> tables = new ArrayList<>();
        for (TpchTable<?> table : TpchTable.getTables()) {
            tables.add(generate(table, scaleFactor, allocator, batchSize, dir));
        }
        tables.forEach(TpchData::deleteCsv);
        return tables;
    }

    /**
     * Generates {@code table} at {@code scaleFactor}, writing Arrow batches of {@code batchRows} rows (allocated from
     * {@code allocator}) and the CSV file under {@code dir}. Values are taken from the generator once; money is kept
     * as exact cents (the generator derives its doubles from integer cents, so rounding recovers them exactly).
     */
    static <E extends TpchEntity> TpchData generate(TpchTable<E> table, double scaleFactor, BufferAllocator allocator,
                                                    int batchRows, Path dir) throws IOException {
        List<TpchColumn<E>> columns = table.getColumns();
        List<Field> fields = new ArrayList<>();
        for (TpchColumn<E> column : columns) {
            fields.add(new Field(column.getColumnName(), FieldType.notNullable(arrowType(column)), null));
        }
        Schema schema = new Schema(fields);
        Path csv = dir.resolve(table.getTableName() + ".csv");
        List<VectorSchemaRoot> batches = new ArrayList<>();
        long rows = 0;
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            VectorSchemaRoot batch = null;
            int inBatch = 0;
            StringBuilder line = new StringBuilder(256);
            for (E entity : table.createGenerator(scaleFactor, 1, 1)) {
                if (batch == null) {
                    batch = VectorSchemaRoot.create(schema, allocator);
                    batches.add(batch);
                    for (FieldVector v : batch.getFieldVectors()) {
                        v.setInitialCapacity(batchRows);
                        v.allocateNew();
                    }
                }
                line.setLength(0);
                for (int c = 0; c < columns.size(); c++) {
                    if (c > 0) {
                        line.append('|');
                    }
                    append(columns.get(c), entity, batch.getVector(c), inBatch, line);
                }
                line.append('\n');
                out.append(line);
                inBatch++;
                rows++;
                if (inBatch == batchRows) {
                    batch.setRowCount(inBatch);
                    batch = null;
                    inBatch = 0;
                }
            }
            if (batch != null) {
                batch.setRowCount(inBatch);
            }
        } catch (IOException | RuntimeException e) {
            batches.forEach(VectorSchemaRoot::close);
            throw e;
        }
        return new TpchData(table.getTableName(), schema, MemoryTable.of(schema, batches), csv, rows);
    }

    private static ArrowType arrowType(TpchColumn<?> column) {
        return switch (column.getType().getBase()) {
            case INTEGER -> new ArrowType.Int(32, true);
            case IDENTIFIER -> new ArrowType.Int(64, true);
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case DOUBLE -> new ArrowType.Decimal(15, 2, 128);
            case VARCHAR -> ArrowType.Utf8.INSTANCE;
        };
    }

    private static <E extends TpchEntity> void append(TpchColumn<E> column, E entity, FieldVector vector, int row,
                                                      StringBuilder line) {
        switch (column.getType().getBase()) {
            case INTEGER -> {
                int value = column.getInteger(entity);
                ((IntVector) vector).setSafe(row, value);
                line.append(value);
            }
            case IDENTIFIER -> {
                long value = column.getIdentifier(entity);
                ((BigIntVector) vector).setSafe(row, value);
                line.append(value);
            }
            case DATE -> {
                int days = column.getDate(entity);
                ((DateDayVector) vector).setSafe(row, days);
                line.append(LocalDate.ofEpochDay(days));
            }
            case DOUBLE -> {
                long cents = Math.round(column.getDouble(entity) * 100);
                ((DecimalVector) vector).setSafe(row, cents); // the long is the unscaled value at scale 2
                appendCents(cents, line);
            }
            case VARCHAR -> {
                String value = column.getString(entity);
                ((VarCharVector) vector).setSafe(row, value.getBytes(StandardCharsets.UTF_8));
                line.append(value);
            }
        }
    }

    private static void appendCents(long cents, StringBuilder line) {
        if (cents < 0) {
            line.append('-');
            cents = -cents;
        }
        long fraction = cents % 100;
        line.append(cents / 100).append('.').append(fraction < 10 ? "0" : "").append(fraction);
    }

    /** Column definitions for SQL engines, in the Arrow schema's order. */
    String sqlColumns() {
        List<String> defs = new ArrayList<>();
        for (Field field : schema.getFields()) {
            String type = switch (field.getType()) {
                case ArrowType.Int i when i.getBitWidth() == 64 -> "BIGINT";
                case ArrowType.Int i -> "INTEGER";
                case ArrowType.Decimal d -> "DECIMAL(15,2)";
                case ArrowType.Date d -> "DATE";
                default -> "VARCHAR";
            };
            defs.add(field.getName() + " " + type + " NOT NULL");
        }
        return String.join(", ", defs);
    }

    /** Deletes the CSV file; the Arrow table stays the caller's to close. */
    void deleteCsv() {
        try {
            Files.deleteIfExists(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
