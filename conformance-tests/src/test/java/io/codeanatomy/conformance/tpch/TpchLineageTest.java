package io.codeanatomy.conformance.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.plan.LineageReport;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.trino.tpch.TpchTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lineage of TPC-H Q3, Q5 and Q9 against expectations written by hand from the query texts. */
class TpchLineageTest {
    private static LineageReport lineage(int q) throws Exception {
        List<MemoryTable> tables = new ArrayList<>();
        try (Session session = Sessions.builder(RuntimeProfile.batch().withName("tpch")).build();
             AutoCloseable release = () -> tables.forEach(MemoryTable::close)) {
            for (TpchTable<?> table : TpchTable.getTables()) {
                MemoryTable loaded = TpchConformanceTest.load(session, table);
                tables.add(loaded);
                session.register(table.getTableName(), loaded);
            }
            return session.sql(TpchConformanceTest.statements(q).getLast()).planBundle().lineage();
        }
    }

    @Test
    void q3() throws Exception {
        LineageReport lineage = lineage(3);
        assertThat(lineage.columnSources()).isEqualTo(Map.of(
                "l_orderkey", List.of("main.lineitem.l_orderkey"),
                "revenue", List.of("main.lineitem.l_discount", "main.lineitem.l_extendedprice"),
                "o_orderdate", List.of("main.orders.o_orderdate"),
                "o_shippriority", List.of("main.orders.o_shippriority")));
        assertThat(lineage.referencedTables()).containsExactly("main.customer", "main.lineitem", "main.orders");
        assertThat(lineage.requiredColumns().get("main.customer")).containsExactly("c_custkey", "c_mktsegment");
    }

    @Test
    void q5() throws Exception {
        LineageReport lineage = lineage(5);
        assertThat(lineage.columnSources()).isEqualTo(Map.of(
                "n_name", List.of("main.nation.n_name"),
                "revenue", List.of("main.lineitem.l_discount", "main.lineitem.l_extendedprice")));
        assertThat(lineage.referencedTables()).containsExactly("main.customer", "main.lineitem", "main.nation",
                "main.orders", "main.region", "main.supplier");
    }

    @Test
    void q9() throws Exception {
        LineageReport lineage = lineage(9);
        assertThat(lineage.columnSources()).isEqualTo(Map.of(
                "nation", List.of("main.nation.n_name"),
                "o_year", List.of("main.orders.o_orderdate"),
                "sum_profit", List.of("main.lineitem.l_discount", "main.lineitem.l_extendedprice", "main.lineitem.l_quantity",
                        "main.partsupp.ps_supplycost")));
        assertThat(lineage.referencedTables()).containsExactly("main.lineitem", "main.nation", "main.orders", "main.part",
                "main.partsupp", "main.supplier");
    }
}
