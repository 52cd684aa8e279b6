package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Join dynamic filters: a join hands its build keys to the scan its probe keys come from, which drops rows that
 * cannot match. Same rows with the feature on and off (NULL keys, two-column
 * keys, semi joins, aggregations between, parallel and single-threaded), fewer rows out of the scan, and nothing
 * when the gate is off.
 */
@ExtendWith(ArrowLeakCheck.class)
class DynamicFilterTest {
    private static final String[] QUERIES = {
        // orders of a few customers and of a third of the products: the upper join's keys reach the scan
        "SELECT o.id, p.name, c.name FROM orders o JOIN products p ON p.id = o.product JOIN customers c ON c.id = o.customer "
                + "WHERE c.vip AND p.name LIKE 'p1%'",
        // two-column key
        "SELECT o.id FROM orders o JOIN products p ON p.id = o.product JOIN pairs x ON x.a = o.customer AND x.b = o.product",
        // a semi join above an inner one
        "SELECT o.id, p.name FROM orders o JOIN products p ON p.id = o.product "
                + "WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer AND c.vip AND c.name <> p.name)",
        // a join over an aggregation's groups filters the aggregation's input (in parallel, through the region)
        "SELECT p.id, t.total, t.n FROM products p JOIN (SELECT product, sum(id) AS total, count(*) AS n FROM orders "
                + "GROUP BY product) t ON t.product = p.id WHERE p.name LIKE 'p1%'",
        // filters implied by an OR over two tables (TPC-H q7): the one on pairs passes the join below it to the
        // pairs scan, and from there the joins' dynamic filters reach customers and orders
        "SELECT o.id, c.name, p.id FROM orders o JOIN customers c ON c.id = o.customer JOIN pairs x ON x.a = c.id "
                + "JOIN products p ON p.id = o.product WHERE (x.b = 3 AND p.id < 200) OR (x.b = 27 AND p.id >= 100)",
        // a key the scan does not have (an aggregate value; an expression) drops out, the other still filters (q2)
        "SELECT p.id, t.m FROM products p JOIN (SELECT product, max(id) AS m FROM orders GROUP BY product) t "
                + "ON t.product = p.id AND t.m = p.id + 49800 WHERE p.name LIKE 'p1%'",
        "SELECT o.id, x.a FROM orders o JOIN pairs x ON x.a = abs(o.customer) AND x.b = o.product",
        // NOT EXISTS with the few outer rows built: a right anti join, whose probe rows matching no build key are
        // dropped at the scan (TPC-H q22)
        "SELECT c.id, c.name FROM customers c WHERE c.vip AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer = c.id "
                + "AND o.product < 2)",
        // the upper join matches nearly everything: the filter turns itself off, rows stay right
        "SELECT count(*), sum(o.id) FROM orders o JOIN products p ON p.id = o.product JOIN customers c ON c.id = o.customer",
    };

    @Test
    void filtersDropRowsAtTheScanAndChangeNoResult(EngineRuntime runtime) {
        for (int partitions : new int[] {1, 2}) {
            RuntimeProfile on = RuntimeProfile.defaults().withTargetPartitions(partitions).withBatchSize(1024);
            RuntimeProfile off = on.withFeatures(on.features().withJoinDynamicFilters(false));
            try (Fixture withFilters = new Fixture(runtime, on); Fixture without = new Fixture(runtime, off)) {
                for (String sql : QUERIES) {
                    List<List<Object>> expected = without.rows(sql);
                    assertThat(expected).as(sql).isNotEmpty();
                    assertThat(withFilters.rows(sql)).as(sql).containsExactlyInAnyOrderElementsOf(expected);
                    assertThat(without.rows("EXPLAIN " + sql).toString()).doesNotContain("dynamic_filter");
                }
                String first = withFilters.rows("EXPLAIN ANALYZE " + QUERIES[0]).toString();
                assertThat(first).containsPattern("dynamic_filter=\\[(customer|product)\\]");
                // either join keeps at most a third of the 50,000 orders (plus Bloom false positives)
                assertThat(scanRows(first, "main.orders")).isLessThan(20_000);
                String grouped = withFilters.rows("EXPLAIN ANALYZE " + QUERIES[3]).toString();
                assertThat(grouped).contains("dynamic_filter=[product]");
                assertThat(scanRows(grouped, "main.orders")).isLessThan(25_000);
                String implied = withFilters.rows("EXPLAIN ANALYZE " + QUERIES[4]).toString();
                assertThat(implied).containsPattern("Filter: \\(b IN \\(\\d+, \\d+\\)\\)[^\\n]*\\n *Scan: main.pairs");
                // two of 500 customers: about 200 of the 50,000 orders, plus Bloom false positives
                assertThat(scanRows(implied, "main.orders")).isLessThan(2_000);
                String anti = withFilters.rows("EXPLAIN ANALYZE " + QUERIES[7]).toString();
                assertThat(anti).contains("type=RIGHT_ANTI", "dynamic_filter=[customer]");
                // ten of 500 customers: about 1,000 of the 50,000 orders, plus Bloom false positives
                assertThat(scanRows(anti, "main.orders")).as(anti).isLessThan(5_000);
                for (String partialKey : List.of(QUERIES[5], QUERIES[6])) {
                    String plan = withFilters.rows("EXPLAIN ANALYZE " + partialKey).toString();
                    assertThat(plan).contains("dynamic_filter=[product]");
                    assertThat(scanRows(plan, "main.orders")).as(plan).isLessThan(25_000);
                }
                String unfiltered = without.rows("EXPLAIN ANALYZE " + QUERIES[0]).toString();
                assertThat(scanRows(unfiltered, "main.orders")).isEqualTo(50_000);
            }
        }
    }

    private static long scanRows(String plan, String table) {
        Matcher m = Pattern.compile("Scan: " + Pattern.quote(table) + "(?:(?!Scan:)[^\\n])*?\\[rows=(\\d+)").matcher(plan);
        assertThat(m.find()).as(plan).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** orders(id, customer, product) with NULL customers; customers(id, name, vip); products(id, name); pairs(a, b). */
    private static final class Fixture implements AutoCloseable {
        private final Session session;
        private final List<MemoryTable> tables = new ArrayList<>();

        Fixture(EngineRuntime runtime, RuntimeProfile profile) {
            session = Sessions.builder(profile).runtime(runtime).build();
            List<List<Object>> orders = new ArrayList<>();
            for (long i = 0; i < 50_000; i++) {
                orders.add(Arrays.asList(i, i % 37 == 0 ? null : (i * 7) % 500, i % 300));
            }
            List<List<Object>> customers = new ArrayList<>();
            for (long c = 0; c < 500; c++) {
                customers.add(List.of(c, "c" + c, c % 50 == 7));
            }
            List<List<Object>> products = new ArrayList<>();
            for (long p = 0; p < 300; p++) {
                products.add(List.of(p, p % 10 == 0 ? "c7" : "p" + p));
            }
            List<List<Object>> pairs = new ArrayList<>();
            for (long a = 0; a < 500; a += 9) {
                pairs.add(List.of(a, (a * 3) % 300));
            }
            register("orders", orders, new String[] {"id", "customer", "product"}, true);
            register("customers", customers, new String[] {"id", "name", "vip"}, false);
            register("products", products, new String[] {"id", "name"}, false);
            register("pairs", pairs, new String[] {"a", "b"}, false);
        }

        private void register(String name, List<List<Object>> rows, String[] columns, boolean nullable) {
            List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
            for (int c = 0; c < columns.length; c++) {
                Object sample = rows.get(1).get(c);
                ArrowType type = sample instanceof Long ? new ArrowType.Int(64, true)
                        : sample instanceof Boolean ? ArrowType.Bool.INSTANCE : ArrowType.Utf8.INSTANCE;
                fields.add(TestTables.field(columns[c], type, nullable));
            }
            MemoryTable table = MemoryTable.fromRows(session.allocator(), new Schema(fields), rows);
            tables.add(table);
            session.register(name, table);
        }

        List<List<Object>> rows(String sql) {
            try (QueryResult result = session.sql(sql).collect()) {
                return result.rows();
            }
        }

        @Override
        public void close() {
            tables.forEach(MemoryTable::close);
            session.close();
        }
    }
}
