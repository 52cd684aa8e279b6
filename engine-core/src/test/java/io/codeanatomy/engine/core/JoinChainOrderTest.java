package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.plan.RuleApplication;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inner joins written as a {@code JOIN ... ON} chain are ordered as a whole, as the same joins written with commas
 * are: the chain reaches the join-order phase as one MultiJoin, not as one two-input join per {@code ON}, unless an
 * {@code ON} clause compares a computed expression.
 */
@ExtendWith(ArrowLeakCheck.class)
class JoinChainOrderTest {
    private Session session;
    private final List<MemoryTable> tables = new ArrayList<>();

    @BeforeEach
    void setUp(EngineRuntime runtime) {
        session = Sessions.builder(RuntimeProfile.defaults().withTargetPartitions(2).withBatchSize(512)).runtime(runtime).build();
        List<List<Object>> facts = new ArrayList<>();      // (id, dim, tag): 6,000 rows
        for (long i = 0; i < 6_000; i++) {
            facts.add(List.of(i, i % 300, i % 50));
        }
        List<List<Object>> dims = new ArrayList<>();       // (id, grp): 300 rows
        for (long i = 0; i < 300; i++) {
            dims.add(List.of(i, i % 7));
        }
        List<List<Object>> tags = new ArrayList<>();       // (id, keep): 50 rows, 2 kept
        for (long i = 0; i < 50; i++) {
            tags.add(List.of(i, i < 2 ? 1L : 0L));
        }
        register("facts", facts, "id", "dim", "tag");
        register("dims", dims, "id", "grp");
        register("tags", tags, "id", "keep");
    }

    @AfterEach
    void tearDown() {
        tables.forEach(MemoryTable::close);
        session.close();
    }

    @Test
    void aJoinOnChainIsOrderedLikeTheSameCommaJoin() {
        String chain = "SELECT d.grp, count(*) AS n FROM facts f JOIN dims d ON f.dim = d.id "
                + "JOIN tags t ON f.tag = t.id WHERE t.keep = 1 GROUP BY d.grp";
        String comma = "SELECT d.grp, count(*) AS n FROM facts f, dims d, tags t "
                + "WHERE f.dim = d.id AND f.tag = t.id AND t.keep = 1 GROUP BY d.grp";
        // one three-input MultiJoin, ordered greedily: the filtered tags join the facts before the dimension does
        assertThat(rules(chain)).containsOnlyOnce("GreedyJoinOrder").doesNotContain("LoptOptimizeJoinRule");
        assertThat(joins(chain)).isEqualTo(joins(comma)).hasSize(2);
        String optimized = session.sql(chain).planBundle().optimized().text();   // the inner join printed first
        assertThat(optimized.indexOf("tags")).isLessThan(optimized.indexOf("dims"));
        // tags 0 and 1 keep every 50th fact from 0 and from 1; d.grp = (i % 300) % 7
        long[] counts = new long[7];
        for (long i = 0; i < 6_000; i++) {
            if (i % 50 < 2) {
                counts[(int) ((i % 300) % 7)]++;
            }
        }
        List<List<Object>> expected = new ArrayList<>();
        for (int g = 0; g < 7; g++) {
            if (counts[g] > 0) {
                expected.add(List.of((long) g, counts[g]));
            }
        }
        assertThat(rows(chain)).containsExactlyInAnyOrderElementsOf(expected).hasSize(7);
        assertThat(rows(comma)).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * An ON clause that compares a computed expression splits the chain there: the expression is computed in a
     * projection under that join, and the joins on either side are ordered separately. (Pulling such projections up to
     * gather the chain made the CPG's views choose joins on conditions that were no longer equalities: a Python stdlib
     * build went from 3 to 50 s.)
     */
    @Test
    void aComputedJoinKeySplitsTheChain() {
        String computed = "SELECT count(*) FROM facts f JOIN dims d ON f.dim = d.id JOIN tags t ON f.tag + d.grp = t.id";
        assertThat(rules(computed)).doesNotContain("LoptOptimizeJoinRule").contains("GreedyJoinOrder");
        long expected = 0;
        for (long i = 0; i < 6_000; i++) {
            expected += (i % 50) + ((i % 300) % 7) < 50 ? 1 : 0;
        }
        assertThat(rows(computed)).containsExactly(List.of(expected));
    }

    /**
     * Greedy operator ordering builds bushy trees: two facts, each filtered through its own small dimension, joined on
     * a key with few values. Joining either filtered side with the other whole fact first would make a large
     * intermediate result; each fact is joined with its dimension, then the two results are joined.
     */
    @Test
    void twoFilteredFactsAreJoinedAsABushyTree() {
        register("left_facts", facts(0), "id", "k", "dim");
        register("right_facts", facts(1), "id", "k", "dim");
        String sql = "SELECT count(*) FROM left_facts a, right_facts b, dims da, tags tb "
                + "WHERE a.k = b.k AND a.dim = da.id AND da.grp = 0 AND b.dim = tb.id AND tb.keep = 1";
        // three joins, the top one joining two joins (neither of its sides is a table)
        var joins = session.sql(sql).planBundle().joins();
        assertThat(joins).hasSize(3).anyMatch(join -> join.leftTable() == null && join.rightTable() == null);
        long expected = 0;
        long[] leftKeys = new long[60];
        long[] rightKeys = new long[60];
        for (long i = 0; i < 6_000; i++) {
            long k = i % 60;
            if ((i * 7) % 300 % 7 == 0) {       // the left fact's dim is a dims id, grp = id % 7
                leftKeys[(int) k]++;
            }
            if ((i * 7 + 1) % 300 < 2) {       // the right fact's dim is a tag id, 0 or 1 kept
                rightKeys[(int) k]++;
            }
        }
        for (int k = 0; k < 60; k++) {
            expected += leftKeys[k] * rightKeys[k];
        }
        assertThat(rows(sql)).containsExactly(List.of(expected));
    }

    /**
     * Several equalities between the same two inputs count by the most selective alone: the columns of a composite key
     * are not independent. Multiplying their selectivities estimated the facts-with-pairs join (on both columns of the
     * pairs' key) at a few rows and ordered it first; it is as large as the facts, so the pairs are joined with the
     * filtered dimension first (TPC-H q20: partsupp with part before the grouped lineitem).
     */
    @Test
    void aCompositeKeyJoinIsNotEstimatedAsIndependentEqualities() {
        List<List<Object>> pairs = new ArrayList<>();       // (a, b): b unique, a = b % 300
        for (long b = 0; b < 6_000; b++) {
            pairs.add(List.of(b % 300, b));
        }
        register("fact_pairs", pairs, "a", "b");
        register("key_pairs", pairs, "a", "b");
        String sql = "SELECT count(*) FROM fact_pairs f, key_pairs p, dims d "
                + "WHERE f.a = p.a AND f.b = p.b AND p.a = d.id AND d.grp < 4";
        var joins = session.sql(sql).planBundle().joins();
        assertThat(joins).hasSize(2).anyMatch(join -> List.of(String.valueOf(join.leftTable()),
                String.valueOf(join.rightTable())).containsAll(List.of("main.key_pairs", "main.dims")));
        long expected = 0;       // each fact row matches its own pair; dims 0..299, grp = id % 7
        for (long b = 0; b < 6_000; b++) {
            expected += (b % 300) % 7 < 4 ? 1 : 0;
        }
        assertThat(rows(sql)).containsExactly(List.of(expected));
    }

    /** 6,000 rows (id, k, dim): 60 values of k; dim spread over 300 values, shifted by {@code shift}. */
    private static List<List<Object>> facts(long shift) {
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 6_000; i++) {
            rows.add(List.of(i, i % 60, (i * 7 + shift) % 300));
        }
        return rows;
    }

    private List<String> rules(String sql) {
        return session.sql(sql).planBundle().trace().stream().map(RuleApplication::rule).toList();
    }

    /** The physical plan's join lines, in plan order, with their conditions. */
    private List<String> joins(String sql) {
        return rows("EXPLAIN " + sql).stream().map(row -> row.get(row.size() - 1).toString())
                .flatMap(text -> text.lines()).filter(line -> line.contains("Join")).map(String::strip).toList();
    }

    private void register(String name, List<List<Object>> rows, String... columns) {
        MemoryTable table = TestTables.of(session.allocator(), rows, columns);
        tables.add(table);
        session.register(name, table);
    }

    private List<List<Object>> rows(String sql) {
        try (QueryResult result = session.sql(sql).collect()) {
            return result.rows();
        }
    }
}
