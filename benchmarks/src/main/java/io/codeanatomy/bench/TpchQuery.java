package io.codeanatomy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One TPC-H query as all three engines run it.
 *
 * @param number   1..22
 * @param setup    statements run before each timed run and not timed (q15's view)
 * @param query    the timed statement
 * @param teardown statements run after each run, not timed
 * @param ordered  whether the query orders its result (rows are then compared in order)
 */
record TpchQuery(int number, List<String> setup, String query, List<String> teardown, boolean ordered) {
    TpchQuery {
        setup = List.copyOf(setup);
        teardown = List.copyOf(teardown);
    }

    /**
     * Query {@code number} from the texts that ship with io.trino.tpch (Presto dialect), rewritten into the subset
     * our engine, DuckDB and H2 all accept: {@code DECIMAL '0.06'} becomes the number, {@code date('...')} the
     * literal, and the column alias {@code value} is quoted (a reserved word in Calcite and H2).
     */
    static TpchQuery load(int number) {
        String text;
        try (InputStream in = TpchQuery.class.getClassLoader().getResourceAsStream("io/trino/tpch/queries/q" + number + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("io/trino/tpch/queries/q" + number + ".sql is not on the class path; "
                        + "is io.trino.tpch:tpch a dependency?");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        text = text.replaceAll("(?m)^\\s*--.*$", "")
                .replaceAll("(?i)\\bdecimal\\s+'(-?[0-9.]+)'", "$1")
                .replaceAll("(?i)\\bdate\\s*\\(\\s*'([0-9-]+)'\\s*\\)", "DATE '$1'")
                .replaceAll("\\bvalue\\b", "\"value\"");
        List<String> statements = new ArrayList<>();
        for (String part : text.split(";")) {
            if (!part.isBlank()) {
                statements.add(part.strip());
            }
        }
        String query = statements.getLast();
        List<String> setup = statements.subList(0, statements.size() - 1);
        List<String> teardown = new ArrayList<>();
        for (String statement : setup) {
            // every setup statement of the 22 is a CREATE [OR REPLACE] VIEW; drop it so the next engine starts clean
            var m = java.util.regex.Pattern.compile("(?i)create\\s+(?:or\\s+replace\\s+)?view\\s+(\\w+)").matcher(statement);
            if (m.find()) {
                teardown.add("DROP VIEW " + m.group(1));
            }
        }
        boolean ordered = query.toUpperCase(Locale.ROOT).contains("ORDER BY");
        return new TpchQuery(number, setup, query, teardown, ordered);
    }

    String label() {
        return "q" + number;
    }
}
