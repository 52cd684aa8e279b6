package io.codeanatomy.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class FunctionsTest {
    private static List<Object> row(EngineRuntime runtime, String sql) {
        return rows(runtime, sql).getFirst();
    }

    private static List<List<Object>> rows(EngineRuntime runtime, String sql) {
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).build();
             QueryResult result = session.sql(sql).collect()) {
            return result.rows();
        }
    }

    @Test
    void stringFunctions(EngineRuntime runtime) {
        assertThat(row(runtime, "SELECT substring('héllo wörld' FROM 2 FOR 4), substring('abc' FROM 0 FOR 2), "
                + "trim('  x  '), trim(LEADING 'x' FROM 'xxaxx'), position('wö' IN 'héllo wörld'), replace('a-b-c', '-', '+'), "
                + "upper('straße'), char_length('héllo'), 'a' || 1 || NULL"))
                .containsExactly("éllo", "a", "x", "axx", 7, "a+b+c", "STRASSE", 5, null);
    }

    @Test
    void substringCountsCodePointsOfColumnValues(EngineRuntime runtime) {
        String sql = "SELECT substring(s FROM 2 FOR 3), substring(s FROM -1 FOR 3), "
                + "substring(s FROM 3), substring(s FROM 9 FOR 2), substring(s, 1, 0) FROM (VALUES (1, 'h€llo'), "
                + "(2, 'a😀bcd'), (3, ''), (4, CAST(NULL AS VARCHAR))) AS v(k, s) ORDER BY k";
        assertThat(rows(runtime, sql)).containsExactly(
                List.of("€ll", "h", "llo", "", ""),
                List.of("😀bc", "a", "bcd", "", ""),
                List.of("", "", "", "", ""),
                Arrays.asList(null, null, null, null, null));
    }

    @Test
    void integersCastToTextAsJavaWritesThem(EngineRuntime runtime) {
        long[] values = {0, 7, -7, 9, 10, -10, 99, -100, 123_456_789_012L, Long.MAX_VALUE, Long.MIN_VALUE + 1};
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            table.append(i == 0 ? "" : ", ").append("(").append(i).append(", CAST(").append(values[i])
                    .append(" AS BIGINT))");
        }
        table.append(", (").append(values.length).append(", CAST(NULL AS BIGINT))");
        String sql = "SELECT CAST(x AS VARCHAR), CAST(x - 1 AS VARCHAR), "
                + "CAST(CAST(k - 5 AS INTEGER) AS VARCHAR), 'n' || x FROM (VALUES " + table + ") AS v(k, x) ORDER BY k";
        List<List<Object>> expected = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            expected.add(List.of(Long.toString(values[i]), Long.toString(values[i] - 1), Integer.toString(i - 5),
                    "n" + values[i]));
        }
        expected.add(Arrays.asList(null, null, Integer.toString(values.length - 5), null));
        assertThat(rows(runtime, sql)).containsExactlyElementsOf(expected);
    }

    @Test
    void likeWithAPatternPerRow(EngineRuntime runtime) {
        // patterns from a column: byte matchers for % patterns, a regex where _ needs a character, escapes, NULLs,
        // and rows repeating the pattern of the row before
        String sql = "SELECT s LIKE p, s LIKE p ESCAPE '!', s NOT LIKE p, s ILIKE p FROM (VALUES "
                + "(1, 'abc', 'a%'), (2, 'xbc', 'a%'), (3, 'h€llo', 'h_llo'), (4, 'hello', 'h_llo'), "
                + "(5, '50%', '50!%'), (6, '50x', '50!%'), (7, CAST(NULL AS VARCHAR), '%'), "
                + "(8, 'abc', CAST(NULL AS VARCHAR)), (9, 'mod.sub.f', '%.sub%'), (10, 'a.b', '%.sub%'), "
                + "(11, 'ABC', 'a%')) AS v(k, s, p) ORDER BY k";
        assertThat(rows(runtime, sql)).containsExactly(
                List.of(true, true, false, true), List.of(false, false, true, false),
                List.of(true, true, false, true), List.of(true, true, false, true),
                List.of(false, true, true, false), List.of(false, false, true, false),
                Arrays.asList(null, null, null, null), Arrays.asList(null, null, null, null),
                List.of(true, true, false, true), List.of(false, false, true, false),
                List.of(false, false, true, true));
    }

    @Test
    void concatenationJoinsTheTextsBytes(EngineRuntime runtime) {
        String sql = "SELECT a || b, a || '-' || b, concat(a, b, 'z'), char_length(a || b) "
                + "FROM (VALUES (1, 'h€', 'llo'), (2, '', ''), (3, CAST(NULL AS VARCHAR), 'x'), (4, '😀', '')) "
                + "AS v(k, a, b) ORDER BY k";
        assertThat(rows(runtime, sql)).containsExactly(
                List.of("h€llo", "h€-llo", "h€lloz", 5),
                List.of("", "-", "z", 0),
                Arrays.asList(null, null, "xz", null),
                List.of("😀", "😀-", "😀z", 1));
    }

    @Test
    void numberFunctions(EngineRuntime runtime) {
        assertThat(row(runtime, "SELECT round(2.345, 2), round(-2.5), ceil(1.2), floor(-1.2), abs(-3), round(1.25e0, 1)"))
                .containsExactly(new BigDecimal("2.350"), new BigDecimal("-3.0"), new BigDecimal("2"), new BigDecimal("-2"), 3, 1.3);
    }

    @Test
    void dateArithmeticAndExtract(EngineRuntime runtime) {
        assertThat(row(runtime, "SELECT DATE '1998-12-01' - INTERVAL '90' DAY, DATE '2024-01-31' + INTERVAL '1' MONTH, "
                + "DATE '1994-01-01' + INTERVAL '1' YEAR, EXTRACT(YEAR FROM DATE '1995-03-15'), "
                + "EXTRACT(MONTH FROM TIMESTAMP '2020-07-04 10:11:12'), TIMESTAMP '2020-01-01 00:00:00' + INTERVAL '36' HOUR"))
                .containsExactly(LocalDate.of(1998, 9, 2), LocalDate.of(2024, 2, 29), LocalDate.of(1995, 1, 1), 1995L, 7L,
                        LocalDateTime.of(2020, 1, 2, 12, 0));
        assertThat(row(runtime, "SELECT CAST(NULL AS DATE) + INTERVAL '1' DAY")).isEqualTo(Arrays.asList((Object) null));
    }

    /** Functions DuckDB lacks, so the DuckDB comparison in conformance-tests cannot cover them (PostgreSQL results). */
    @Test
    void postgresOnlyFunctions(EngineRuntime runtime) {
        assertThat(row(runtime, "SELECT initcap('hello wORLD-foo 1st'), btrim('xxhixx', 'x'), btrim('  hi  '), "
                + "nvl(CAST(NULL AS VARCHAR), 'z'), regexp_like('abc', 'B', 'i'), log(100), trunc(-2.567, 2)"))
                .containsExactly("Hello World-Foo 1st", "hi", "hi", "z", true, 2.0, new BigDecimal("-2.560"));
    }

    @Test
    void functionErrorsNameTheProblem(EngineRuntime runtime) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> row(runtime, "SELECT split_part('a,b', ',', 0)"))
                .hasMessageContaining("must not be zero");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> row(runtime, "SELECT date_trunc('fortnight', DATE '2024-01-01')"))
                .hasMessageContaining("does not know the unit 'fortnight'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> row(runtime, "SELECT make_date(2023, 2, 29)"))
                .hasMessageContaining("is not a date");
    }
}
