package io.codeanatomy.engine.core.tables;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.spi.ColumnStatistics;
import io.codeanatomy.engine.core.spi.TableStatistics;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Distinct counts feed join ordering: exact for keys and small tables, estimated from a sample for large ones. */
@ExtendWith(ArrowLeakCheck.class)
class MemoryTableStatisticsTest {
    private static final Schema SCHEMA = new Schema(List.of(
            Field.notNullable("id", new ArrowType.Int(64, true)),
            Field.notNullable("nation", new ArrowType.Int(32, true)),
            Field.notNullable("customer", new ArrowType.Int(64, true)),
            Field.notNullable("name", ArrowType.Utf8.INSTANCE),
            new Field("flag", FieldType.nullable(ArrowType.Bool.INSTANCE), null)));

    @Test
    void distinctCountsAreExactOrCloseEstimates(EngineRuntime runtime) {
        int rows = 600_000;      // well above the sample, so the large columns are estimated
        List<List<?>> data = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            // customer: 150,000 values, each on four rows spread through the table (no sorted run to detect)
            data.add(Arrays.asList((long) i, i % 25, (long) ((i * 7919L) % 150_000), "name-" + (i % 1000),
                    i % 3 == 0 ? null : i % 2 == 0));
        }
        try (BufferAllocator allocator = runtime.rootAllocator().newChildAllocator("t", 0, Long.MAX_VALUE);
             MemoryTable table = MemoryTable.fromRows(allocator, SCHEMA, data)) {
            TableStatistics stats = table.statistics(null);
            assertThat(stats.rowCount().getAsLong()).isEqualTo(rows);
            assertThat(stats.column("id").distinctCount().getAsLong()).isEqualTo(rows);     // strictly increasing: exact
            assertThat(stats.column("nation").distinctCount().getAsLong()).isEqualTo(25);
            assertThat(stats.column("name").distinctCount().getAsLong()).isEqualTo(1000);
            assertThat(stats.column("flag").distinctCount().getAsLong()).isEqualTo(2);
            assertThat(stats.column("flag").nullCount().getAsLong()).isEqualTo(rows / 3);
            long customers = stats.column("customer").distinctCount().getAsLong();
            assertThat(customers).as("estimated from %d sampled rows", DistinctEstimate.SAMPLE_ROWS)
                    .isBetween(150_000L / 2, 150_000L * 2);
        }
    }

    @Test
    void aSmallTableIsCountedExactly(EngineRuntime runtime) {
        List<List<?>> data = List.of(Arrays.asList(3L, 1, 9L, "a", true), Arrays.asList(1L, 1, 9L, "b", null),
                Arrays.asList(2L, 2, 8L, "a", false));
        try (BufferAllocator allocator = runtime.rootAllocator().newChildAllocator("t", 0, Long.MAX_VALUE);
             MemoryTable table = MemoryTable.fromRows(allocator, SCHEMA, data)) {
            TableStatistics stats = table.statistics(null);
            assertThat(stats.column("id").distinctCount().getAsLong()).isEqualTo(3);
            assertThat(stats.column("nation").distinctCount().getAsLong()).isEqualTo(2);
            assertThat(stats.column("customer").distinctCount().getAsLong()).isEqualTo(2);
            assertThat(stats.column("name").distinctCount().getAsLong()).isEqualTo(2);
            assertThat(stats.column("flag").distinctCount().getAsLong()).isEqualTo(2);
        }
    }

    /** Exact bounds of integer, date and double columns (range selectivity reads them); NULLs and NaN skipped. */
    @Test
    void boundsAreExact(EngineRuntime runtime) {
        Schema schema = new Schema(List.of(
                new Field("big", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("day", FieldType.nullable(new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY)), null),
                new Field("x", FieldType.nullable(new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE)), null),
                Field.notNullable("name", ArrowType.Utf8.INSTANCE)));
        long near = (1L << 60) + 1;      // not representable as a double: bounds must not pass through one
        List<List<?>> data = List.of(
                Arrays.asList(near, java.time.LocalDate.of(2020, 5, 1), 2.5, "b"),
                Arrays.asList(null, null, null, "a"),
                Arrays.asList(near + 2, java.time.LocalDate.of(1999, 1, 31), Double.NaN, "c"),
                Arrays.asList(-7L, java.time.LocalDate.of(2021, 12, 24), -0.5, "d"));
        try (BufferAllocator allocator = runtime.rootAllocator().newChildAllocator("t", 0, Long.MAX_VALUE);
             MemoryTable table = MemoryTable.fromRows(allocator, schema, data)) {
            TableStatistics stats = table.statistics(null);
            assertThat(stats.column("big").min()).contains(-7L);
            assertThat(stats.column("big").max()).contains(near + 2);
            assertThat(stats.column("day").min()).contains(java.time.LocalDate.of(1999, 1, 31));
            assertThat(stats.column("day").max()).contains(java.time.LocalDate.of(2021, 12, 24));
            assertThat(stats.column("x").min()).contains(-0.5);
            assertThat(stats.column("x").max()).contains(2.5);
            assertThat(stats.column("name").min()).isEmpty();
        }
    }

    /** Statistics are computed per column when read; those of a replaced snapshot never read its released batches. */
    @Test
    void columnsOfAReplacedSnapshotUnreadUntilThenAreUnknown(EngineRuntime runtime) {
        Schema schema = new Schema(List.of(Field.nullable("k", new ArrowType.Int(64, true)),
                Field.nullable("v", new ArrowType.Int(64, true))));
        try (BufferAllocator allocator = runtime.rootAllocator().newChildAllocator("t", 0, Long.MAX_VALUE);
             MemoryTable table = MemoryTable.fromRows(allocator, schema,
                     List.of(List.of(1L, 5L), List.of(1L, 6L), List.of(2L, 7L)))) {
            TableStatistics stale = table.statistics(null);
            assertThat(stale.column("k").distinctCount()).hasValue(2);

            org.apache.arrow.vector.BigIntVector k = new org.apache.arrow.vector.BigIntVector("k", allocator);
            org.apache.arrow.vector.BigIntVector v = new org.apache.arrow.vector.BigIntVector("v", allocator);
            k.allocateNew(4);
            v.allocateNew(4);
            for (int i = 0; i < 4; i++) {
                k.set(i, i);
                v.set(i, 0);
            }
            k.setValueCount(4);
            v.setValueCount(4);
            table.replaceWith(List.of(new org.apache.arrow.vector.VectorSchemaRoot(List.of(k, v))));

            assertThat(stale.column("k").distinctCount()).hasValue(2);          // computed before the swap: kept
            assertThat(stale.column("v")).isEqualTo(ColumnStatistics.UNKNOWN);  // its batches are gone
            TableStatistics now = table.statistics(null);
            assertThat(now.rowCount()).hasValue(4);
            assertThat(now.column("k").distinctCount()).hasValue(4);
            assertThat(now.column("v").distinctCount()).hasValue(1);
        }
    }
}
