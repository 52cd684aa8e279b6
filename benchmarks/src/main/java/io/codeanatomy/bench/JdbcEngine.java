package io.codeanatomy.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A peer engine reached through JDBC in this process: DuckDB or H2, each in memory. */
final class JdbcEngine implements BenchEngine {
    private final String name;
    private final Connection connection;
    private final int timeoutSeconds;
    private volatile Statement running;

    private JdbcEngine(String name, Connection connection, int timeoutSeconds) {
        this.name = name;
        this.connection = connection;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** DuckDB in memory, loaded with {@code COPY} from the CSV files; no indexes (it does not use them for joins). */
    static JdbcEngine duckDb(List<TpchData> tables, int timeoutSeconds) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            for (TpchData table : tables) {
                s.execute("CREATE TABLE " + table.name() + " (" + table.sqlColumns() + ")");
                s.execute("COPY " + table.name() + " FROM '" + table.csv() + "' (DELIMITER '|', HEADER false, QUOTE '')");
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new JdbcEngine("DuckDB", connection, timeoutSeconds);
    }

    /**
     * H2 in memory, loaded with {@code CSVREAD}. H2 is a row store that joins through indexes, so the tables get an
     * index on their TPC-H primary key columns; without them most joins are nested loops and nothing finishes. Plain
     * indexes, not primary keys: below SF 0.01 the generator repeats partsupp keys.
     */
    static JdbcEngine h2(List<TpchData> tables, int timeoutSeconds) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:h2:mem:tpch;DB_CLOSE_DELAY=-1");
        try (Statement s = connection.createStatement()) {
            for (TpchData table : tables) {
                String key = switch (table.name()) {
                    case "region" -> "r_regionkey";
                    case "nation" -> "n_nationkey";
                    case "part" -> "p_partkey";
                    case "supplier" -> "s_suppkey";
                    case "partsupp" -> "ps_partkey, ps_suppkey";
                    case "customer" -> "c_custkey";
                    case "orders" -> "o_orderkey";
                    case "lineitem" -> "l_orderkey, l_linenumber";
                    default -> throw new IllegalArgumentException("not a TPC-H table: " + table.name());
                };
                s.execute("CREATE TABLE " + table.name() + " (" + table.sqlColumns() + ")");
                String names = String.join("|", table.schema().getFields().stream().map(f -> f.getName().toUpperCase()).toList());
                s.execute("INSERT INTO " + table.name() + " SELECT * FROM CSVREAD('" + table.csv() + "', '" + names
                        + "', 'charset=UTF-8 fieldSeparator=| fieldDelimiter=')");
                s.execute("CREATE INDEX " + table.name() + "_key ON " + table.name() + " (" + key + ")");
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new JdbcEngine("H2", connection, timeoutSeconds);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void begin(TpchQuery query) {}

    @Override
    public Run run(TpchQuery query) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            running = s;
            for (String statement : query.setup()) {
                s.execute(statement);
            }
            try {
                long start = System.nanoTime();
                List<Object[]> raw = new ArrayList<>();
                long end;
                try (ResultSet rs = s.executeQuery(query.query())) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        Object[] row = new Object[columns];
                        for (int c = 0; c < columns; c++) {
                            row[c] = rs.getObject(c + 1);
                        }
                        raw.add(row);
                    }
                    end = System.nanoTime();
                }
                List<List<String>> rows = new ArrayList<>(raw.size());
                for (Object[] row : raw) {
                    List<String> cells = new ArrayList<>(row.length);
                    for (Object value : row) {
                        cells.add(Rows.text(value));
                    }
                    rows.add(cells);
                }
                return new Run(end - start, -1, rows);
            } finally {
                for (String statement : query.teardown()) {
                    s.execute(statement);
                }
            }
        } finally {
            running = null;
        }
    }

    @Override
    public boolean cancel() {
        Statement s = running;
        if (s != null) {
            try {
                s.cancel();
            } catch (SQLException ignored) {
                // the statement finished meanwhile
            }
        }
        return true;
    }

    @Override
    public long end(TpchQuery query, boolean abandoned) {
        return -1;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
