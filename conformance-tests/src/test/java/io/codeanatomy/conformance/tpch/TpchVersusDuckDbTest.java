package io.codeanatomy.conformance.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import io.trino.tpch.TpchTable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 22 TPC-H queries at SF 0.01 on our engine and on DuckDB (in process), over the same rows, compared
 * result by result (decimals to the cent, order where the query orders).
 */
@ExtendWith(ArrowLeakCheck.class)
class TpchVersusDuckDbTest {
    @TempDir
    Path dir;

    @Test
    void ourResultsEqualDuckDbs(EngineRuntime runtime) throws Exception {
        List<MemoryTable> tables = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        try (Session session = Sessions.builder(RuntimeProfile.batch().withName("tpch")).runtime(runtime).build();
             AutoCloseable release = () -> tables.forEach(MemoryTable::close);
             Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            for (TpchTable<?> table : TpchTable.getTables()) {
                MemoryTable loaded = TpchConformanceTest.load(session, table);
                tables.add(loaded);
                session.register(table.getTableName(), loaded);
                copyToDuckDb(session, duck, table.getTableName(), loaded);
            }
            for (int q = 1; q <= 22; q++) {
                List<String> statements = TpchConformanceTest.statements(q);
                List<List<String>> ours;
                List<List<String>> theirs = new ArrayList<>();
                try (Statement s = duck.createStatement()) {
                    for (int i = 0; i < statements.size() - 1; i++) {
                        session.execute(statements.get(i));
                        s.execute(statements.get(i));
                    }
                    try (ResultSet rs = s.executeQuery(statements.getLast())) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            List<String> row = new ArrayList<>();
                            for (int c = 1; c <= columns; c++) {
                                Object v = rs.getObject(c);
                                row.add(v == null ? "null" : v instanceof BigDecimal d ? d.toPlainString() : v.toString().strip());
                            }
                            theirs.add(row);
                        }
                    }
                }
                try (QueryResult result = session.sql(statements.getLast()).collect()) {
                    ours = new ArrayList<>();
                    for (List<Object> row : result.rows()) {
                        ours.add(row.stream().map(v -> v == null ? "null" : v instanceof BigDecimal d ? d.toPlainString()
                                : v.toString().strip()).toList());
                    }
                }
                if (q == 15) {
                    session.execute("DROP VIEW revenue");
                    try (Statement s = duck.createStatement()) {
                        s.execute("DROP VIEW revenue");
                    }
                }
                if (!statements.getLast().toUpperCase(java.util.Locale.ROOT).contains("ORDER BY")) {
                    ours.sort(Comparator.comparing(Object::toString));
                    theirs.sort(Comparator.comparing(Object::toString));
                }
                String difference = difference(ours, theirs);
                if (difference != null) {
                    mismatches.add("q" + q + ": " + difference);
                }
            }
        }
        System.out.println("TPC-H SF0.01 vs DuckDB: " + (22 - mismatches.size()) + " of 22 queries agree");
        mismatches.forEach(m -> System.out.println("  " + m));
        assertThat(mismatches).isEmpty();
    }

    private void copyToDuckDb(Session session, Connection duck, String name, MemoryTable table) throws Exception {
        Path csv = dir.resolve(name + ".csv");
        StringBuilder out = new StringBuilder();
        try (QueryResult rows = session.sql("SELECT * FROM " + name).collect()) {
            for (List<Object> row : rows.rows()) {
                for (int c = 0; c < row.size(); c++) {
                    if (c > 0) {
                        out.append('|');
                    }
                    Object v = row.get(c);
                    out.append(v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v));
                }
                out.append('\n');
            }
        }
        Files.writeString(csv, out);
        List<String> columns = new ArrayList<>();
        for (Field field : table.schema().getFields()) {
            String type = switch (field.getType()) {
                case ArrowType.Int i -> i.getBitWidth() == 64 ? "BIGINT" : "INTEGER";
                case ArrowType.Decimal d -> "DECIMAL(15,2)";
                case ArrowType.Date d -> "DATE";
                default -> "VARCHAR";
            };
            columns.add(field.getName() + " " + type);
        }
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE " + name + " (" + String.join(", ", columns) + ")");
            s.execute("COPY " + name + " FROM '" + csv + "' (DELIMITER '|', HEADER false, QUOTE '')");
        }
    }

    private static String difference(List<List<String>> ours, List<List<String>> theirs) {
        if (ours.size() != theirs.size()) {
            return ours.size() + " rows, DuckDB " + theirs.size();
        }
        for (int r = 0; r < ours.size(); r++) {
            for (int c = 0; c < theirs.get(r).size(); c++) {
                String a = c < ours.get(r).size() ? ours.get(r).get(c) : "";
                String b = theirs.get(r).get(c);
                if (!same(a, b)) {
                    return "row " + (r + 1) + " column " + (c + 1) + ": ours " + a + ", DuckDB " + b;
                }
            }
        }
        return null;
    }

    private static boolean same(String a, String b) {
        try {
            return new BigDecimal(a).subtract(new BigDecimal(b)).abs().compareTo(new BigDecimal("0.01")) <= 0;
        } catch (NumberFormatException notNumbers) {
            return a.equals(b);
        }
    }
}
