package io.codeanatomy.engine.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.CodeAnatomyException;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowLeakCheck.class)
class CodeAnalysisFunctionsSqlTest {
    private static final String FILE_A = "\uFEFFdef f\u00e9():\r\n\treturn '\uD83D\uDE00'\rx = 1\n\n";
    private static final String FILE_B = "ascii only\nline two\n";

    /** A session with the extension and two tables; closes the tables (which the session does not own) first. */
    private record Fixture(Session session, List<MemoryTable> tables) implements AutoCloseable {
        QueryResult sql(String sql) {
            return session.sql(sql).collect();
        }

        @Override
        public void close() {
            tables.forEach(MemoryTable::close);
            session.close();
        }
    }

    private static Fixture session(EngineRuntime runtime) {
        Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime).install(new CodeAnalysisExtension()).build();
        Schema files = new Schema(List.of(Field.notNullable("path", ArrowType.Utf8.INSTANCE),
                Field.notNullable("content", ArrowType.Utf8.INSTANCE)));
        MemoryTable filesTable = MemoryTable.fromRows(session.allocator(), files, List.of(List.of("a.py", FILE_A),
                List.of("b.py", FILE_B)));
        session.register("files", filesTable);
        Schema spans = new Schema(List.of(Field.notNullable("path", ArrowType.Utf8.INSTANCE),
                new Field("bstart", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("bend", FieldType.nullable(new ArrowType.Int(64, true)), null)));
        List<List<?>> rows = new ArrayList<>();
        int lengthA = FILE_A.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (long s = 0; s <= lengthA; s += 3) {
            rows.add(List.of("a.py", s, Math.min(lengthA, s + 7)));
        }
        rows.add(List.of("b.py", 11L, 19L));
        rows.add(java.util.Arrays.asList("b.py", null, 3L));
        rows.add(List.of("b.py", 5L, 99L));
        MemoryTable spansTable = MemoryTable.fromRows(session.allocator(), spans, rows);
        session.register("spans", spansTable);
        return new Fixture(session, List.of(filesTable, spansTable));
    }

    @Test
    void canonicalizeMapsSpansInEveryUnit(EngineRuntime runtime) {
        try (Fixture session = session(runtime);
             QueryResult r = session.sql("SELECT canonicalize_byte_span(content, 3, 9), "
                     + "canonicalize_byte_span(content, 3, 9, 'utf16'), canonicalize_byte_span(content, 3, 9, 'codepoint', 1), "
                     + "canonicalize_byte_span(content, 15, 28, 'utf16'), canonicalize_byte_span(content, 15, 28, 'codepoint') "
                     + "FROM files WHERE path = 'a.py'")) {
            // bytes: BOM 0-2, "def f" 3-7, e-acute 8-9, "():" 10-12, CR 13, LF 14, TAB 15, "return '" 16-23, emoji 24-27
            assertThat(r.rows().getFirst()).containsExactly(
                    span(0, 3, 0, 9), span(0, 1, 0, 6), span(1, 2, 1, 7), span(1, 0, 1, 11), span(1, 0, 1, 10));
        }
    }

    @Test
    void lineIndexGivesTheSameSpansAsTheText(EngineRuntime runtime) {
        String byText = "SELECT canonicalize_byte_span(f.content, s.bstart, s.bend, u.unit) FROM spans s JOIN files f ON s.path = f.path "
                + "CROSS JOIN (VALUES ('byte'), ('utf16'), ('codepoint')) AS u(unit) ORDER BY s.path, s.bstart, s.bend, u.unit";
        String byIndex = "SELECT canonicalize_byte_span(f.idx, s.bstart, s.bend, u.unit) FROM spans s "
                + "JOIN (SELECT path, line_index(content) AS idx FROM files) f ON s.path = f.path "
                + "CROSS JOIN (VALUES ('byte'), ('utf16'), ('codepoint')) AS u(unit) ORDER BY s.path, s.bstart, s.bend, u.unit";
        try (Fixture session = session(runtime); QueryResult a = session.sql(byText); QueryResult b = session.sql(byIndex)) {
            assertThat(a.rowCount()).isGreaterThan(30);
            assertThat(b.rows()).isEqualTo(a.rows());
            assertThat(a.rows()).filteredOn(row -> row.getFirst() == null).hasSize(6); // NULL bstart and bend past the end
        }
    }

    @Test
    void trailingEmptyLinesAndEndOfTextArePositions(EngineRuntime runtime) {
        try (Fixture session = session(runtime);
             QueryResult a = session.session().sql("SELECT canonicalize_byte_span(content, ?, ?) FROM files WHERE path = 'a.py'",
                     bytes(FILE_A), bytes(FILE_A)).collect();
             QueryResult b = session.session().sql("SELECT canonicalize_byte_span(line_index(content), ?, ?) FROM files "
                     + "WHERE path = 'b.py'", bytes(FILE_B), bytes(FILE_B)).collect()) {
            assertThat(a.rows().getFirst()).containsExactly(span(4, 0, 4, 0));
            assertThat(b.rows().getFirst()).containsExactly(span(2, 0, 2, 0));
        }
    }

    @Test
    void badUnitAndBaseAreErrorsNamingTheChoices(EngineRuntime runtime) {
        try (Fixture session = session(runtime)) {
            assertThatThrownBy(() -> session.sql("SELECT canonicalize_byte_span(content, 0, 1, 'lines') FROM files"))
                    .isInstanceOf(CodeAnatomyException.class).hasMessageContaining("'utf16'");
            assertThatThrownBy(() -> session.sql("SELECT canonicalize_byte_span(content, 0, 1, 'byte', 2) FROM files"))
                    .isInstanceOf(CodeAnatomyException.class).hasMessageContaining("0 or 1");
            assertThatThrownBy(() -> session.sql("SELECT canonicalize_byte_span(CAST(content AS VARBINARY), 0, 1) FROM files"))
                    .isInstanceOf(CodeAnatomyException.class).hasMessageContaining("not a line_index value");
        }
    }

    @Test
    void spanPredicatesAndLength(EngineRuntime runtime) {
        try (Fixture session = session(runtime);
             QueryResult r = session.sql("SELECT span_contains(0, 10, 2, 10), span_contains(0, 10, 2, 11), span_overlaps(0, 5, 4, 8), "
                     + "span_overlaps(0, 5, 5, 8), span_overlaps(3, 3, 0, 9), span_len(3, 10), span_len(CAST(NULL AS BIGINT), 1), "
                     + "span_contains(0, 1, NULL, 1)")) {
            assertThat(r.rows().getFirst()).containsExactly(true, false, true, false, false, 7L, null, null);
        }
    }

    @Test
    void textFunctionsMatchTheirJavaCounterparts(EngineRuntime runtime) {
        try (Fixture session = session(runtime);
             QueryResult r = session.sql("SELECT stable_id('a'), stable_id('ab', 'c'), stable_id('a', 'bc'), stable_id('f\u00e9', NULL), "
                     + "normalize_path('./src\\a/../b.py'), qualname_join('pkg', NULL, '', 'Cls', 'm'), normalize_path(NULL)")) {
            assertThat(r.rows().getFirst()).containsExactly(StableId.of("a"), StableId.of("ab", "c"), StableId.of("a", "bc"),
                    StableId.of("f\u00e9", null), "src/b.py", "pkg.Cls.m", null);
        }
    }

    private static long bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static Map<String, Long> span(long sl, long sc, long el, long ec) {
        return Map.of("start_line", sl, "start_col", sc, "end_line", el, "end_col", ec);
    }
}
