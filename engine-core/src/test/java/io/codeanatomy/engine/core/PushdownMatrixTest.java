package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import io.codeanatomy.engine.core.plan.FilterContract;
import io.codeanatomy.engine.core.plan.ScanContract;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.CompiledExpression;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.FilterSupport;
import io.codeanatomy.engine.core.spi.RootBatchStream;
import io.codeanatomy.engine.core.spi.ScanRequest;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every filter kind at every pushdown level: a provider answers the level and honors it (EXACT: filters rows
 * itself with the engine's expression compiler; INEXACT: returns every row; UNSUPPORTED: never sees the filter).
 * Results must equal the same query over a provider that pushes nothing.
 */
@ExtendWith(ArrowLeakCheck.class)
class PushdownMatrixTest {
    static final Map<String, String> FILTERS = Map.of(
            "comparison", "age > 30",
            "in", "name IN ('ada', 'grace')",
            "like", "name LIKE 'a%'",
            "is null", "age IS NULL",
            "or / not", "(age < 30 OR NOT (name = 'ada'))",
            "function call", "upper(name) = 'ALAN'");

    static Stream<Arguments> cells() {
        return FILTERS.keySet().stream().sorted()
                .flatMap(kind -> Stream.of(FilterSupport.values()).map(level -> Arguments.of(kind, level)));
    }

    /** A provider that answers one level for every filter and honors it. */
    record HonoringTable(MemoryTable table, FilterSupport level) implements TableProvider {
        @Override
        public Schema schema() {
            return table.schema();
        }

        @Override
        public FilterSupport filterSupport(SessionView session, Expression filter) {
            return level;
        }

        @Override
        public BatchStream scan(SessionView session, ScanRequest request) {
            List<String> all = table.schema().getFields().stream().map(Field::getName).toList();
            BatchStream inner = table.scan(session, ScanRequest.all(all));
            if (level != FilterSupport.EXACT || request.filters().isEmpty()) {
                return project(session, inner, request.columns());
            }
            List<CompiledExpression> filters = request.filters().stream()
                    .map(f -> session.expressions().compile(table.schema(), f)).toList();
            return new RootBatchStream(projected(request.columns())) {
                @Override
                protected VectorSchemaRoot nextRoot() {
                    if (!inner.advance()) {
                        return null;
                    }
                    VectorSchemaRoot root = inner.current();
                    int[] keep = null;
                    for (CompiledExpression filter : filters) {
                        int[] pass = filter.selectTrue(root);
                        keep = keep == null ? pass : java.util.Arrays.stream(keep).filter(i -> java.util.Arrays.binarySearch(pass, i) >= 0).toArray();
                    }
                    List<FieldVector> out = new ArrayList<>();
                    for (String column : request.columns()) {
                        FieldVector source = root.getVector(column);
                        out.add(Vectors.gather(source, keep, keep.length, source.getField(), session.allocator()));
                    }
                    return Vectors.root(schema(), out, keep.length);
                }

                @Override
                protected void release() {
                    inner.close();
                }
            };
        }

        private Schema projected(List<String> columns) {
            return new Schema(columns.stream().map(c -> table.schema().findField(c)).toList());
        }

        private BatchStream project(SessionView session, BatchStream inner, List<String> columns) {
            return new RootBatchStream(projected(columns)) {
                @Override
                protected VectorSchemaRoot nextRoot() {
                    if (!inner.advance()) {
                        return null;
                    }
                    VectorSchemaRoot root = inner.current();
                    List<FieldVector> out = new ArrayList<>();
                    for (String column : columns) {
                        out.add(Vectors.slice(root.getVector(column), 0, root.getRowCount(), session.allocator()));
                    }
                    return Vectors.root(schema(), out, root.getRowCount());
                }

                @Override
                protected void release() {
                    inner.close();
                }
            };
        }
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("cells")
    void resultsMatchTheQueryWithoutPushdown(String kind, FilterSupport level, EngineRuntime runtime) {
        String where = FILTERS.get(kind);
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
             MemoryTable people = TestTables.people(session.allocator())) {
            session.register("plain", people);
            session.register("pushed", new HonoringTable(people, level));
            List<List<Object>> expected;
            try (QueryResult r = session.sql("SELECT id, name FROM plain WHERE " + where + " ORDER BY id").collect()) {
                expected = r.rows();
            }
            DataFrame pushed = session.sql("SELECT id, name FROM pushed WHERE " + where + " ORDER BY id");
            try (QueryResult r = pushed.collect()) {
                assertThat(r.rows()).as(kind + " at " + level).isEqualTo(expected);
            }
            ScanContract contract = pushed.planBundle().pushdown().getFirst();
            assertThat(contract.filters()).isNotEmpty().allSatisfy(f -> {
                assertThat(f.support()).isEqualTo(level);
                assertThat(f.evaluatedAt()).isEqualTo(FilterContract.placeOf(level));
            });
            assertThat(pushed.explain().contains("Filter")).isEqualTo(level != FilterSupport.EXACT);
            session.deregister(TableName.of("plain"));
            session.deregister(TableName.of("pushed"));
        }
    }
}
