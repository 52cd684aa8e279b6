package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.plan.JoinChoice;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The row estimates join planning works from (recorded per join in the plan bundle): equi-joins from key distinct
 * counts, range filters from column bounds, keys of projected scans, and semi joins. A TPC-H-like snowflake:
 * 60,000 line items over 10,000 suppliers in 25 nations of 5 regions, shipped over 1,000 days.
 */
@ExtendWith(ArrowLeakCheck.class)
class JoinEstimatesTest {
    private static final LocalDate FIRST_DAY = LocalDate.of(2020, 1, 1);
    private Session session;
    private final List<MemoryTable> tables = new ArrayList<>();

    @BeforeEach
    void setUp(EngineRuntime runtime) {
        session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
        List<List<Object>> items = new ArrayList<>();
        for (long i = 0; i < 60_000; i++) {
            items.add(List.of(i, i % 10_000, FIRST_DAY.plusDays(i % 1_000)));
        }
        List<List<Object>> suppliers = new ArrayList<>();
        for (long i = 0; i < 10_000; i++) {
            suppliers.add(List.of(i, "supplier " + i, i % 25));     // the name is unique too, like TPC-H's s_name
        }
        List<List<Object>> nations = new ArrayList<>();
        for (long k = 0; k < 25; k++) {
            nations.add(List.of(k, k % 5));
        }
        register("li", items, "id", "sid", "shipped");
        register("sup", suppliers, "id", "name", "nat");
        register("nat", nations, "k", "region");
    }

    @AfterEach
    void tearDown() {
        tables.forEach(MemoryTable::close);
        session.close();
    }

    @Test
    void aSnowflakeJoinIsEstimatedFromKeyDistinctCounts() {
        List<JoinChoice> joins = joins("SELECT count(*) FROM li JOIN sup s ON li.sid = s.id JOIN nat n ON s.nat = n.k "
                + "WHERE n.region = 1");
        // suppliers of one region: 10,000 * 5 / 25 = 2,000. Calcite's guess gave 7,500; and when it took scan column
        // 2 (nat) for table column 2 (the unique name), the join looked like a key lookup and came out at 5 rows
        JoinChoice outer = joins.stream().filter(j -> "main.li".equals(j.leftTable()) || "main.li".equals(j.rightTable()))
                .findFirst().orElseThrow();
        double suppliersOfOneRegion = "main.li".equals(outer.leftTable()) ? outer.rightRows() : outer.leftRows();
        assertThat(suppliersOfOneRegion).isBetween(1_500.0, 2_500.0);
        assertThat(outer.build()).as("the 2,000 suppliers are hashed, not the 60,000 items")
                .isEqualTo("main.li".equals(outer.leftTable()) ? JoinChoice.Side.RIGHT : JoinChoice.Side.LEFT);
    }

    @Test
    void rangeFiltersKeepTheirShareOfTheColumnsBounds() {
        // 200 of 1,000 days, written as TPC-H writes bounds: a date plus an interval
        List<JoinChoice> joins = joins("SELECT count(*) FROM li JOIN sup s ON li.sid = s.id "
                + "WHERE li.shipped >= DATE '2020-03-01' AND li.shipped < DATE '2020-03-01' + INTERVAL '200' DAY");
        double items = joins.getFirst().leftTable().equals("main.li") ? joins.getFirst().leftRows() : joins.getFirst().rightRows();
        assertThat(items).isBetween(10_000.0, 14_000.0);
        double oneDay = joins("SELECT count(*) FROM li JOIN sup s ON li.sid = s.id WHERE li.shipped = DATE '2020-05-05'")
                .stream().mapToDouble(j -> "main.li".equals(j.leftTable()) ? j.leftRows() : j.rightRows()).min().orElseThrow();
        assertThat(oneDay).as("an equality keeps 1 / distinct").isBetween(40.0, 80.0);
    }

    @Test
    void aCorrelatedExistsHashesTheSmallerSide() {
        // the outer side (suppliers of one nation, 400) is far smaller than the subquery's 60,000 items
        String sql = "SELECT s.id FROM sup s WHERE s.nat = 3 AND EXISTS (SELECT 1 FROM li WHERE li.sid = s.id AND li.shipped > DATE '2020-06-01')";
        JoinChoice semi = joins(sql).getFirst();
        assertThat(semi.type()).isEqualTo(JoinType.SEMI);
        assertThat(semi.leftRows()).isBetween(300.0, 500.0);
        assertThat(semi.build()).isEqualTo(JoinChoice.Side.LEFT);
        // supplier s ships items s, s + 10,000, ...: all on day s % 1,000
        long expected = java.util.stream.LongStream.range(0, 10_000)
                .filter(s -> s % 25 == 3 && FIRST_DAY.plusDays(s % 1_000).isAfter(LocalDate.of(2020, 6, 1))).count();
        try (QueryResult result = session.sql(sql).collect()) {
            assertThat(result.rowCount()).isEqualTo(expected).isPositive();
        }
    }

    @Test
    void aNarrowTableOfAFewMoreRowsIsBuiltRatherThanAWiderInput() {
        List<List<Object>> orders = new ArrayList<>();
        for (long i = 0; i < 50_000; i++) {
            orders.add(List.of(i, FIRST_DAY.plusDays(i % 700)));
        }
        register("ord", orders, "id", "placed");
        // ord joins the items shipped in the first 700 of 1,000 days: about 42,000 rows of the three columns the
        // query reads, against ord's 50,000 of two. Hashing the items would copy more; the smaller row count did it
        String sql = "SELECT li.id, li.sid, li.shipped, s.name, s.nat, o.placed FROM li JOIN sup s ON li.sid = s.id "
                + "JOIN ord o ON o.id = li.id WHERE li.shipped < DATE '2020-01-01' + INTERVAL '700' DAY";
        List<JoinChoice> joins = joins(sql);
        JoinChoice withOrders = joins.stream().filter(j -> "main.ord".equals(j.leftTable()) || "main.ord".equals(j.rightTable()))
                .findFirst().orElseThrow();
        double otherRows = "main.ord".equals(withOrders.leftTable()) ? withOrders.rightRows() : withOrders.leftRows();
        assertThat(otherRows).as("the other input is estimated smaller").isBetween(30_000.0, 50_000.0);
        assertThat(withOrders.build()).as(joins.toString())
                .isEqualTo("main.ord".equals(withOrders.leftTable()) ? JoinChoice.Side.LEFT : JoinChoice.Side.RIGHT);
        try (QueryResult result = session.sql(sql).collect()) {
            assertThat(result.rowCount()).isEqualTo(java.util.stream.LongStream.range(0, 50_000).filter(i -> i % 1_000 < 700).count());
        }
    }

    private List<JoinChoice> joins(String sql) {
        return session.sql(sql).planBundle().joins();
    }

    private void register(String name, List<List<Object>> rows, String... columns) {
        MemoryTable table = TestTables.of(session.allocator(), rows, columns);
        tables.add(table);
        session.register(name, table);
    }
}
