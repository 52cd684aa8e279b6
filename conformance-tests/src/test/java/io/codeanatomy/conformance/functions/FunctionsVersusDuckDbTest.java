package io.codeanatomy.conformance.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scalar functions (string, math, date/time, NULL handling, conditionals) on our engine and on DuckDB (in process),
 * over the same rows with edge cases: NULLs, empty strings, multi-byte UTF-8, negative numbers, dates before 1970.
 * Each case is one expression, or ours and DuckDB's spelling where DuckDB names the function differently. Numbers
 * compare to ten significant digits, so a DOUBLE and a TINYINT 1 agree; NaN and infinities compare as such.
 */
@ExtendWith(ArrowLeakCheck.class)
class FunctionsVersusDuckDbTest {
    private static final String TABLE = "CREATE TABLE f (id INTEGER, s VARCHAR, t VARCHAR, i BIGINT, j BIGINT, d DOUBLE, "
            + "dt DATE, ts TIMESTAMP)";
    private static final List<String> ROWS = List.of(
            "(1, 'abc,def', 'a', 7, 3, 2.5, DATE '2024-02-29', TIMESTAMP '2024-02-29 13:45:10.123')",
            "(2, 'héllo→wörld', 'ö', -3, -2, -2.5, DATE '1969-12-31', TIMESTAMP '1969-12-31 23:59:59.5')",
            "(3, '', '', 0, 0, 0.0, DATE '2000-01-01', TIMESTAMP '2000-01-01 00:00:00')",
            "(4, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
            "(5, '  padded, twice  ', ' ', 12, 5, 1234.5678, DATE '1999-12-31', TIMESTAMP '2021-01-03 23:59:59.999')",
            "(6, '日本語のテキスト', '語', 1, 1, 0.001, DATE '2024-12-30', TIMESTAMP '2024-12-30 00:00:00.000001')");

    /** A case: our expression, and DuckDB's where it differs. */
    private record Case(String ours, String duck) {
        static Case same(String expression) {
            return new Case(expression, expression);
        }
    }

    private static final List<Case> CASES = new ArrayList<>();

    static {
        for (String e : List.of(
                // strings
                "lpad(s, 5, 'xy')", "rpad(s, 5, 'xy')", "lpad(s, 12, '*')",
                "left(s, 2)", "right(s, 2)", "left(s, j)", "right(s, j)", "repeat(s, j)", "reverse(s)",
                "strpos(s, t)", "position(t IN s)", "starts_with(s, t)", "ends_with(s, 'f')", "split_part(s, ',', 2)",
                "split_part(s, ',', -1)", "split_part(s, ',', 5)", "regexp_replace(s, '[a-eö]', 'X')",
                "regexp_replace(s, '[a-eö]', 'X', 'g')", "regexp_replace(s, '(l+)', '<\\1>', 'g')",
                "regexp_matches(s, 'l+o')", "regexp_matches(s, '^ ')", "ascii(s)", "ltrim(s)", "rtrim(s)", "ltrim(s, ' a')",
                "rtrim(s, ' f')", "trim(s)", "concat_ws('-', s, t, NULL)", "concat_ws(t, s, s)", "md5(s)", "sha256(s)",
                "translate(s, 'abcö', 'xy')", "length(s)", "upper(s)", "lower(s)", "substr(s, 2, 3)", "replace(s, t, '+')",
                "s || t", "concat(s, i)",
                // math
                "power(d, 2)", "pow(i, 2)", "sqrt(d)", "cbrt(d)", "ln(d)", "log10(d)", "log(d)", "log(2, d)", "exp(d)",
                "sign(d)", "sign(i)", "abs(d)", "mod(i, 3)", "i % 3", "mod(d, 2)", "trunc(d)", "trunc(d, 1)",
                "round(d)", "round(d, 1)", "round(d, -1)", "round(i, -1)", "ceil(d)", "floor(d)", "greatest(i, j, 3)",
                "least(i, j)", "greatest(d, i)", "least(s, t)", "pi()", "degrees(d)", "radians(d)", "sin(d)",
                "atan2(d, 1)",
                // dates and times
                "date_trunc('month', dt)", "date_trunc('quarter', dt)", "date_trunc('year', ts)",
                "date_trunc('week', ts)", "date_trunc('day', ts)", "date_trunc('hour', ts)", "date_trunc('minute', ts)",
                "date_trunc('second', ts)", "date_part('year', dt)", "date_part('dow', ts)", "extract(year FROM ts)",
                "extract(quarter FROM dt)", "extract(month FROM dt)", "extract(week FROM dt)", "extract(day FROM ts)",
                "extract(doy FROM dt)", "extract(dow FROM dt)", "extract(isodow FROM dt)", "extract(isoyear FROM dt)",
                "extract(hour FROM ts)", "extract(minute FROM ts)", "extract(second FROM ts)",
                "extract(millisecond FROM ts)", "extract(microsecond FROM ts)", "extract(decade FROM dt)",
                "extract(century FROM dt)", "make_date(2000 + j, 2, 28)", "datediff('day', dt, DATE '2024-03-31')",
                "datediff('month', dt, DATE '2024-03-31')", "datediff('year', dt, DATE '2024-03-31')",
                "datediff('quarter', dt, DATE '2024-03-31')", "datediff('hour', ts, TIMESTAMP '2024-03-01 00:00:00')",
                "datediff('minute', ts, TIMESTAMP '2024-03-01 00:00:00')",
                "datediff('second', ts, TIMESTAMP '2024-03-01 00:00:00')",
                "ts - INTERVAL '90' MINUTE", "current_date = current_date",
                // NULLs and conditionals
                "coalesce(s, t, 'z')", "nullif(i, 0)", "ifnull(s, 'z')", "if(i > 1, 'a', 'b')",
                "CASE WHEN i > 0 THEN 'pos' WHEN i < 0 THEN 'neg' END")) {
            CASES.add(Case.same(e));
        }
        // DuckDB spells these differently (or lacks them: btrim and nvl are PostgreSQL's and Oracle's)
        CASES.add(new Case("btrim(s, ' ,')", "trim(s, ' ,')"));
        CASES.add(new Case("btrim(s)", "trim(s)"));
        CASES.add(new Case("nvl(s, 'z')", "coalesce(s, 'z')"));
        CASES.add(new Case("chr(j + 64)", "chr(CAST(j + 64 AS INTEGER))"));
        CASES.add(new Case("octet_length(s)", "strlen(s)"));
        CASES.add(new Case("regexp_like(s, 'l+o')", "regexp_matches(s, 'l+o')"));
        CASES.add(new Case("truncate(d, 2)", "trunc(d, 2)"));
        CASES.add(new Case("lpad(s, j, '*')", "lpad(s, CAST(j AS INTEGER), '*')"));
        CASES.add(new Case("rpad(s, j, '-')", "rpad(s, CAST(j AS INTEGER), '-')"));
        // date + interval is a DATE here (Calcite's type), a TIMESTAMP in DuckDB and PostgreSQL
        CASES.add(new Case("dt + INTERVAL '1' MONTH", "CAST(dt + INTERVAL '1' MONTH AS DATE)"));
    }

    @Test
    void ourFunctionsAgreeWithDuckDbs(EngineRuntime runtime) throws Exception {
        List<String> mismatches = new ArrayList<>();
        try (Session session = Sessions.builder(RuntimeProfile.batch().withName("functions")).runtime(runtime).build();
             Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            session.execute(TABLE);
            session.execute("INSERT INTO f VALUES " + String.join(", ", ROWS));
            try (Statement s = duck.createStatement()) {
                s.execute(TABLE);
                s.execute("INSERT INTO f VALUES " + String.join(", ", ROWS));
            }
            for (Case c : CASES) {
                List<String> theirs = new ArrayList<>();
                try (Statement s = duck.createStatement();
                     ResultSet rs = s.executeQuery("SELECT " + c.duck() + " FROM f ORDER BY id")) {
                    int type = rs.getMetaData().getColumnType(1);
                    while (rs.next()) {
                        Object v = switch (type) {
                            case Types.DATE -> rs.getObject(1, LocalDate.class);
                            case Types.TIMESTAMP -> rs.getObject(1, LocalDateTime.class);
                            default -> rs.getObject(1);
                        };
                        theirs.add(normalize(v));
                    }
                } catch (java.sql.SQLException e) {
                    mismatches.add(c.duck() + ": DuckDB fails: " + e.getMessage().lines().findFirst().orElse(""));
                    continue;
                }
                List<String> ours = new ArrayList<>();
                try (QueryResult result = session.sql("SELECT " + c.ours() + " FROM f ORDER BY id").collect()) {
                    result.rows().forEach(row -> ours.add(normalize(row.getFirst())));
                } catch (RuntimeException e) {
                    mismatches.add(c.ours() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    continue;
                }
                if (!ours.equals(theirs)) {
                    mismatches.add(c.ours() + ": ours " + ours + ", DuckDB " + theirs);
                }
            }
        }
        System.out.println("Scalar functions vs DuckDB: " + (CASES.size() - mismatches.size()) + " of " + CASES.size()
                + " expressions agree on " + ROWS.size() + " rows");
        mismatches.forEach(m -> System.out.println("  " + m));
        assertThat(mismatches).isEmpty();
    }

    private static String normalize(Object v) {
        return switch (v) {
            case null -> "NULL";
            case Double d when d.isNaN() || d.isInfinite() -> d.toString();
            case Float f when f.isNaN() || f.isInfinite() -> f.toString();
            case Number n -> {
                BigDecimal value = new BigDecimal(n.toString()).round(new MathContext(10));
                yield value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
            }
            case java.sql.Timestamp t -> t.toLocalDateTime().toString();
            case java.sql.Date d -> d.toLocalDate().toString();
            default -> v.toString();
        };
    }
}
