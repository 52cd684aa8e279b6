package io.codeanatomy.delta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.hadoopio.HadoopFileIO;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.engine.ParquetHandler;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which batches our writer takes and which it leaves to Kernel's. */
class ArrowParquetHandlerTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final List<FieldVector> vectors = new ArrayList<>();

    @AfterEach
    void release() {
        vectors.forEach(FieldVector::close);
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    private <V extends FieldVector> V vector(V vector) {
        vector.allocateNew();
        vector.setValueCount(2);
        vectors.add(vector);
        return vector;
    }

    private ArrowKernelBatch idAndName(FieldMetadata idMetadata) {
        StructType schema = new StructType(List.of(new StructField("id", LongType.LONG, true, idMetadata),
                new StructField("name", StringType.STRING, true)));
        return new ArrowKernelBatch(schema, List.of(vector(new BigIntVector("id", allocator)),
                vector(new VarCharVector("name", allocator))), 2);
    }

    @Test
    void arrowBatchesOfFlatSupportedTypesAreOurs() {
        assertThat(ArrowParquetWriter.supports(idAndName(FieldMetadata.empty()))).isTrue();
    }

    @Test
    void fieldIdsNonArrowColumnsAndMismatchedDecimalsAreKernels() {
        FieldMetadata fieldId = FieldMetadata.builder().putLong("parquet.field.id", 1).build();
        assertThat(ArrowParquetWriter.supports(idAndName(fieldId))).isFalse();

        ArrowKernelBatch batch = idAndName(FieldMetadata.empty());
        ColumnarBatch withKernelColumn = batch.withNewColumn(2, new StructField("selected",
                io.delta.kernel.types.BooleanType.BOOLEAN, true), ArrowKernelBatch.selection(new boolean[2], 2));
        assertThat(ArrowParquetWriter.supports(withKernelColumn)).isFalse();

        StructType decimal = new StructType(List.of(new StructField("d", new DecimalType(20, 2), true)));
        ArrowKernelBatch narrower = new ArrowKernelBatch(decimal, List.of(vector(new DecimalVector("d", allocator, 10, 2))), 2);
        assertThat(ArrowParquetWriter.supports(narrower)).isFalse();
    }

    @Test
    void decimalWidthsAreTheMinimumForThePrecision() {
        assertThat(ArrowParquetSchema.decimalBytes(19)).isEqualTo(9);
        assertThat(ArrowParquetSchema.decimalBytes(21)).isEqualTo(9);
        assertThat(ArrowParquetSchema.decimalBytes(22)).isEqualTo(10);
        assertThat(ArrowParquetSchema.decimalBytes(28)).isEqualTo(12);
        assertThat(ArrowParquetSchema.decimalBytes(38)).isEqualTo(16);
    }

    @Test
    void batchesWeDoNotCoverGoToKernelsHandlerWithTheFirstBatchPutBack() throws Exception {
        List<Integer> handed = new ArrayList<>();
        ParquetHandler kernel = new ParquetHandler() {
            @Override
            public CloseableIterator<FileReadResult> readParquetFiles(CloseableIterator<FileStatus> files,
                                                                      StructType schema, Optional<Predicate> predicate) {
                throw new UnsupportedOperationException("not used by this test");
            }

            @Override
            public CloseableIterator<DataFileStatus> writeParquetFiles(String directory,
                                                                       CloseableIterator<FilteredColumnarBatch> data,
                                                                       List<Column> statsColumns) {
                data.forEachRemaining(b -> handed.add(b.getData().getSize()));
                return Utils.toCloseableIterator(List.<DataFileStatus>of().iterator());
            }

            @Override
            public void writeParquetFileAtomically(String path, CloseableIterator<FilteredColumnarBatch> data) {
                throw new UnsupportedOperationException("not used by this test");
            }
        };
        ArrowParquetHandler handler = new ArrowParquetHandler(new HadoopFileIO(new Configuration()), kernel);
        FieldMetadata fieldId = FieldMetadata.builder().putLong("parquet.field.id", 1).build();
        List<FilteredColumnarBatch> batches = List.of(new FilteredColumnarBatch(idAndName(fieldId), Optional.empty()),
                new FilteredColumnarBatch(idAndName(fieldId), Optional.empty()));
        try (CloseableIterator<DataFileStatus> written = handler.writeParquetFiles("file:/nowhere",
                Utils.toCloseableIterator(batches.iterator()), List.of())) {
            assertThat(written.hasNext()).isFalse();
        }
        assertThat(handed).containsExactly(2, 2);
    }
}
