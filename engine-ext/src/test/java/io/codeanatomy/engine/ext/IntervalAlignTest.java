package io.codeanatomy.engine.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.CodeAnatomyException;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class IntervalAlignTest {
    private static final Schema SPANS = new Schema(List.of(Field.nullable("path", ArrowType.Utf8.INSTANCE),
            Field.nullable("name", ArrowType.Utf8.INSTANCE), new Field("bstart", FieldType.nullable(new ArrowType.Int(64, true)), null),
            new Field("bend", FieldType.nullable(new ArrowType.Int(64, true)), null)));

    private record Fixture(Session session, List<MemoryTable> tables) implements AutoCloseable {
        QueryResult sql(String sql) {
            return session.sql(sql).collect();
        }

        @Override
        public void close() {
            tables.forEach(MemoryTable::close);
            session.close();
        }
    }

    private static Fixture fixture(EngineRuntime runtime) {
        Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).install(new CodeAnalysisExtension()).build();
        MemoryTable defs = MemoryTable.fromRows(session.allocator(), SPANS, List.of(
                List.of("a.py", "f", 0L, 40L), List.of("a.py", "g", 10L, 20L), List.of("b.py", "h", 0L, 5L),
                Arrays.asList("c.py", "lonely", 0L, 3L), Arrays.asList("a.py", "broken", null, 3L)));
        MemoryTable tokens = MemoryTable.fromRows(session.allocator(), SPANS, List.of(
                List.of("a.py", "t1", 12L, 14L), List.of("a.py", "t2", 38L, 45L), List.of("b.py", "t3", 9L, 11L),
                List.of("a.py", "t4", 0L, 40L)));
        session.register("defs", defs);
        session.register("tokens", tokens);
        return new Fixture(session, List.of(defs, tokens));
    }

    @Test
    void containsInSql(EngineRuntime runtime) {
        try (Fixture f = fixture(runtime);
             QueryResult r = f.sql("SELECT left_name, right_name FROM TABLE(interval_align('defs', 'tokens', 'contains', 'path')) "
                     + "ORDER BY left_name, right_name")) {
            assertThat(r.rows()).containsExactly(List.of("f", "t1"), List.of("f", "t4"), List.of("g", "t1"));
        }
    }

    @Test
    void overlapsWithNamedArguments(EngineRuntime runtime) {
        try (Fixture f = fixture(runtime);
             QueryResult r = f.sql("SELECT left_name, right_name, right_bstart FROM TABLE(interval_align(left_table => 'defs', "
                     + "right_table => 'tokens', mode => 'overlaps', partition_by => 'path')) ORDER BY left_name, right_name")) {
            assertThat(r.rows()).containsExactly(List.of("f", "t1", 12L), List.of("f", "t2", 38L), List.of("f", "t4", 0L),
                    List.of("g", "t1", 12L), List.of("g", "t4", 0L));
        }
    }

    @Test
    void nearestKeepsEveryLeftRowWithItsDistance(EngineRuntime runtime) {
        try (Fixture f = fixture(runtime);
             QueryResult r = f.sql("SELECT left_name, right_name, distance FROM TABLE(interval_align('defs', 'tokens', 'nearest', "
                     + "'path', 'bstart', 'bend')) ORDER BY left_name")) {
            assertThat(r.rows()).containsExactlyInAnyOrder(Arrays.asList("broken", null, null), List.of("f", "t4", 0L), List.of("g", "t4", 0L), List.of("h", "t3", 4L),
                    Arrays.asList("lonely", null, null));
        }
    }

    @Test
    void badArgumentsNameWhatToDo(EngineRuntime runtime) {
        try (Fixture f = fixture(runtime)) {
            assertThatThrownBy(() -> f.sql("SELECT * FROM TABLE(interval_align('defs', 'tokens', 'near', 'path'))"))
                    .isInstanceOf(CodeAnatomyException.class).hasMessageContaining("'nearest'");
            assertThatThrownBy(() -> f.sql("SELECT * FROM TABLE(interval_align('defs', 'nope', 'contains', 'path'))"))
                    .isInstanceOf(CodeAnatomyException.class).hasMessageContaining("no table");
            assertThatThrownBy(() -> f.sql("SELECT * FROM TABLE(interval_align('defs', 'tokens', 'contains', 'file'))"))
                    .isInstanceOf(CodeAnatomyException.class).hasMessageContaining("no column 'file'");
        }
    }

    @Test
    void javaApiCopiesColumnsOfMatchedRows(EngineRuntime runtime) {
        BufferAllocator allocator = runtime.rootAllocator();
        Random random = new Random(11);
        try (VectorSchemaRoot left = randomSpans(allocator, random, 500); VectorSchemaRoot right = randomSpans(allocator, random, 700);
             VectorSchemaRoot out = IntervalAlign.align(allocator, left, new IntervalAlign.SpanColumns("path", "bstart", "bend"),
                     right, new IntervalAlign.SpanColumns("path", "bstart", "bend"), IntervalAlign.Mode.OVERLAPS)) {
            long expected = 0;
            for (int i = 0; i < left.getRowCount(); i++) {
                for (int j = 0; j < right.getRowCount(); j++) {
                    if (left.getVector("path").getObject(i).equals(right.getVector("path").getObject(j))
                            && io.codeanatomy.engine.ext.internal.SpanMath.overlaps(start(left, i), end(left, i), start(right, j), end(right, j))) {
                        expected++;
                    }
                }
            }
            assertThat((long) out.getRowCount()).isEqualTo(expected).isPositive();
            assertThat(out.getSchema().getFields()).extracting(Field::getName).containsExactly("left_path", "left_name",
                    "left_bstart", "left_bend", "right_path", "right_name", "right_bstart", "right_bend");
            for (int k = 0; k < out.getRowCount(); k++) {
                assertThat(out.getVector("left_path").getObject(k)).isEqualTo(out.getVector("right_path").getObject(k));
                long ls = ((BigIntVector) out.getVector("left_bstart")).get(k);
                long le = ((BigIntVector) out.getVector("left_bend")).get(k);
                long rs = ((BigIntVector) out.getVector("right_bstart")).get(k);
                long re = ((BigIntVector) out.getVector("right_bend")).get(k);
                assertThat(Math.max(ls, rs)).isLessThan(Math.min(le, re));
            }
        }
    }

    private static long start(VectorSchemaRoot root, int row) {
        return ((BigIntVector) root.getVector("bstart")).get(row);
    }

    private static long end(VectorSchemaRoot root, int row) {
        return ((BigIntVector) root.getVector("bend")).get(row);
    }

    private static VectorSchemaRoot randomSpans(BufferAllocator allocator, Random random, int n) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SPANS, allocator);
        root.allocateNew();
        VarCharVector path = (VarCharVector) root.getVector("path");
        VarCharVector name = (VarCharVector) root.getVector("name");
        BigIntVector start = (BigIntVector) root.getVector("bstart");
        BigIntVector end = (BigIntVector) root.getVector("bend");
        for (int i = 0; i < n; i++) {
            path.setSafe(i, ("f" + random.nextInt(5) + ".py").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            name.setSafe(i, ("n" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long s = random.nextInt(2000);
            start.setSafe(i, s);
            end.setSafe(i, s + random.nextInt(60));
        }
        root.setRowCount(n);
        return root;
    }
}
