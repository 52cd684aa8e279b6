package io.codeanatomy.delta.internal;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Presents an Arrow batch to Kernel's Parquet writer without copying: each Kernel column reads straight from the
 * Arrow vector. Valid only while the Arrow batch is.
 */
public final class ArrowKernelBatch implements ColumnarBatch {
    private final StructType schema;
    private final ColumnVector[] columns;
    private final int rows;

    public ArrowKernelBatch(VectorSchemaRoot root, StructType schema) {
        this(schema, schema.fieldNames().stream().map(root::getVector).toList(), root.getRowCount());
    }

    /** {@code vectors} line up with {@code schema}'s fields. */
    public ArrowKernelBatch(StructType schema, java.util.List<FieldVector> vectors, int rows) {
        this.schema = schema;
        this.rows = rows;
        this.columns = new ColumnVector[schema.length()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new ArrowColumn(vectors.get(i), schema.at(i).getDataType(), rows);
        }
    }

    private ArrowKernelBatch(StructType schema, ColumnVector[] columns, int rows) {
        this.schema = schema;
        this.columns = columns;
        this.rows = rows;
    }

    /** Kernel drops partition columns this way before writing a partitioned file. */
    @Override
    public ColumnarBatch withDeletedColumnAt(int ordinal) {
        java.util.List<io.delta.kernel.types.StructField> fields = new java.util.ArrayList<>(schema.fields());
        fields.remove(ordinal);
        ColumnVector[] kept = new ColumnVector[columns.length - 1];
        for (int i = 0, k = 0; i < columns.length; i++) {
            if (i != ordinal) {
                kept[k++] = columns[i];
            }
        }
        return new ArrowKernelBatch(new StructType(fields), kept, rows);
    }

    @Override
    public ColumnarBatch withNewColumn(int ordinal, io.delta.kernel.types.StructField field, ColumnVector column) {
        java.util.List<io.delta.kernel.types.StructField> fields = new java.util.ArrayList<>(schema.fields());
        fields.add(ordinal, field);
        ColumnVector[] grown = new ColumnVector[columns.length + 1];
        for (int i = 0, k = 0; i < grown.length; i++) {
            grown[i] = i == ordinal ? column : columns[k++];
        }
        return new ArrowKernelBatch(new StructType(fields), grown, rows);
    }

    @Override
    public ColumnarBatch withNewSchema(StructType newSchema) {
        return new ArrowKernelBatch(newSchema, columns, rows);
    }

    @Override
    public StructType getSchema() {
        return schema;
    }

    @Override
    public ColumnVector getColumnVector(int ordinal) {
        return columns[ordinal];
    }

    @Override
    public int getSize() {
        return rows;
    }

    /** The Arrow vector behind column {@code ordinal}, or null if that column is not one of ours. */
    public FieldVector arrowVector(int ordinal) {
        return columns[ordinal] instanceof ArrowColumn arrow ? arrow.vector() : null;
    }

    /** A selection vector over plain booleans: Kernel writes only the rows marked true. */
    public static ColumnVector selection(boolean[] selected, int size) {
        return new ColumnVector() {
            @Override
            public DataType getDataType() {
                return BooleanType.BOOLEAN;
            }

            @Override
            public int getSize() {
                return size;
            }

            @Override
            public void close() {}

            @Override
            public boolean isNullAt(int rowId) {
                return false;
            }

            @Override
            public boolean getBoolean(int rowId) {
                return selected[rowId];
            }
        };
    }

    private record ArrowColumn(FieldVector vector, DataType type, int size) implements ColumnVector {
        @Override
        public DataType getDataType() {
            return type;
        }

        @Override
        public int getSize() {
            return size;
        }

        @Override
        public void close() {
            // the Arrow batch owns the vector
        }

        @Override
        public boolean isNullAt(int rowId) {
            return vector.isNull(rowId);
        }

        @Override
        public boolean getBoolean(int rowId) {
            return ((BitVector) vector).get(rowId) != 0;
        }

        @Override
        public byte getByte(int rowId) {
            return ((TinyIntVector) vector).get(rowId);
        }

        @Override
        public short getShort(int rowId) {
            return ((SmallIntVector) vector).get(rowId);
        }

        @Override
        public int getInt(int rowId) {
            return vector instanceof DateDayVector d ? d.get(rowId) : ((IntVector) vector).get(rowId);
        }

        @Override
        public long getLong(int rowId) {
            return vector instanceof TimeStampVector t ? t.get(rowId) : ((BigIntVector) vector).get(rowId);
        }

        @Override
        public float getFloat(int rowId) {
            return ((Float4Vector) vector).get(rowId);
        }

        @Override
        public double getDouble(int rowId) {
            return ((Float8Vector) vector).get(rowId);
        }

        @Override
        public String getString(int rowId) {
            return vector.isNull(rowId) ? null : new String(((VarCharVector) vector).get(rowId), StandardCharsets.UTF_8);
        }

        @Override
        public byte[] getBinary(int rowId) {
            return vector.isNull(rowId) ? null : ((VarBinaryVector) vector).get(rowId);
        }

        @Override
        public BigDecimal getDecimal(int rowId) {
            return vector.isNull(rowId) ? null : ((DecimalVector) vector).getObject(rowId);
        }
    }
}
