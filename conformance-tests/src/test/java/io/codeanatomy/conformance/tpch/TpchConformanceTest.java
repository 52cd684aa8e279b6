package io.codeanatomy.conformance.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TPC-H at scale factor 0.01, generated with io.trino.tpch, run on our engine and compared with the expected
 * results that ship with the generator (decimals to the cent, order where the query orders). The number of
 * matching queries may only go up: {@link #MINIMUM_MATCHED} is the measured count.
 */
@ExtendWith(ArrowLeakCheck.class)
class TpchConformanceTest {
    static final int MINIMUM_MATCHED = 22;

    @Test
    void allQueriesAtScaleFactorOneHundredth(EngineRuntime runtime) {
        List<MemoryTable> tables = new ArrayList<>();
        int matched = 0;
        List<String> report = new ArrayList<>();
        try (Session session = Sessions.builder(RuntimeProfile.batch().withName("tpch")).runtime(runtime).build();
             AutoCloseable releaseTables = () -> tables.forEach(MemoryTable::close)) {
            for (TpchTable<?> table : TpchTable.getTables()) {
                MemoryTable loaded = load(session, table);
                tables.add(loaded);
                session.register(table.getTableName(), loaded);
            }
            for (int q = 1; q <= 22; q++) {
                String outcome;
                try {
                    outcome = run(session, q);
                } catch (RuntimeException e) {
                    outcome = "error: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
                }
                if (outcome.equals("match")) {
                    matched++;
                }
                report.add("q" + q + ": " + outcome);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        System.out.println("TPC-H SF0.01: " + matched + " of 22 queries match the expected results");
        report.forEach(line -> System.out.println("  " + line));
        assertThat(matched).isGreaterThanOrEqualTo(MINIMUM_MATCHED);
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int cut = text.indexOf('\n');
        return cut < 0 ? text : text.substring(0, cut);
    }

    static <E extends TpchEntity> MemoryTable load(Session session, TpchTable<E> table) {
        List<Field> fields = new ArrayList<>();
        for (TpchColumn<E> column : table.getColumns()) {
            ArrowType type = switch (column.getType().getBase()) {
                case INTEGER -> new ArrowType.Int(32, true);
                case IDENTIFIER -> new ArrowType.Int(64, true);
                case DATE -> new ArrowType.Date(DateUnit.DAY);
                case DOUBLE -> new ArrowType.Decimal(15, 2, 128);
                case VARCHAR -> ArrowType.Utf8.INSTANCE;
            };
            fields.add(new Field(column.getColumnName(), FieldType.notNullable(type), null));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (E entity : table.createGenerator(0.01, 1, 1)) {
            List<Object> row = new ArrayList<>(fields.size());
            for (TpchColumn<E> column : table.getColumns()) {
                row.add(switch (column.getType().getBase()) {
                    case INTEGER -> column.getInteger(entity);
                    case IDENTIFIER -> column.getIdentifier(entity);
                    case DATE -> LocalDate.ofEpochDay(column.getDate(entity));
                    case DOUBLE -> BigDecimal.valueOf(column.getDouble(entity)).setScale(2, RoundingMode.HALF_UP);
                    case VARCHAR -> column.getString(entity);
                });
            }
            rows.add(row);
        }
        return MemoryTable.fromRows(session.allocator(), new Schema(fields), rows);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = TpchConformanceTest.class.getClassLoader().getResourceAsStream("io/trino/tpch/queries/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The statements of query {@code q}, adapted to our dialect; the last one is the query. */
    static List<String> statements(int q) throws IOException {
        String text = resource("q" + q + ".sql").replaceAll("(?m)^--.*$", "");
        // Dialect adaptations of the Presto texts (the only ones): DECIMAL '0.06' is the plain number 0.06;
        // date('1994-01-01') is the literal DATE '1994-01-01'; "value" is a reserved word in Calcite, so quoted.
        text = text.replaceAll("(?i)decimal\\s+'([0-9.]+)'", "$1");
        text = text.replaceAll("(?i)\\bdate\\s*\\(\\s*'([0-9-]+)'\\s*\\)", "DATE '$1'");
        text = text.replaceAll("\\bvalue\\b", "\"value\"");
        List<String> statements = new ArrayList<>();
        for (String statement : text.split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }

    /** Runs query {@code q} (its statements in order; the last one is compared) and says how it went. */
    private static String run(Session session, int q) throws IOException {
        List<String> statements = statements(q);
        for (int i = 0; i < statements.size() - 1; i++) {
            session.execute(statements.get(i));
        }
        String expectedText = resource("q" + q + ".result");
        String header = expectedText.lines().findFirst().orElse("");
        boolean ignoreOrder = header.contains("ignoreOrder: true");
        List<List<String>> expected = expectedText.lines().skip(1).filter(l -> !l.isBlank())
                .map(l -> List.of(l.endsWith("|") ? l.substring(0, l.length() - 1).split("\\|", -1) : l.split("\\|", -1)))
                .map(r -> r.stream().map(String::strip).toList()).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        List<List<String>> actual = new ArrayList<>();
        try (QueryResult result = session.sql(statements.getLast()).collect()) {
            for (List<Object> row : result.rows()) {
                actual.add(row.stream().map(v -> v == null ? "null" : v instanceof BigDecimal d ? d.toPlainString() : v.toString().strip())
                        .toList());
            }
        } finally {
            if (q == 15) {
                session.execute("DROP VIEW IF EXISTS revenue");
            }
        }
        if (ignoreOrder) {
            Comparator<List<String>> byText = Comparator.comparing(Object::toString);
            expected.sort(byText);
            actual.sort(byText);
        }
        if (expected.size() != actual.size()) {
            return "row count " + actual.size() + ", expected " + expected.size();
        }
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < expected.get(r).size(); c++) {
                if (c >= actual.get(r).size() || !same(expected.get(r).get(c), actual.get(r).get(c))) {
                    return "row " + (r + 1) + " column " + (c + 1) + ": expected " + expected.get(r).get(c) + ", got "
                            + (c < actual.get(r).size() ? actual.get(r).get(c) : "nothing");
                }
            }
        }
        return "match";
    }

    /** Numbers agree to the cent (averages are printed with more digits); text exactly. */
    private static boolean same(String expected, String actual) {
        try {
            BigDecimal e = new BigDecimal(expected);
            BigDecimal a = new BigDecimal(actual);
            return e.subtract(a).abs().compareTo(new BigDecimal("0.01")) <= 0;
        } catch (NumberFormatException notNumbers) {
            return expected.equals(actual);
        }
    }

}
