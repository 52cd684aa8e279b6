package io.codeanatomy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import io.codeanatomy.engine.ext.CodeAnalysisExtension;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line/column columns extraction adds to every table with byte spans must equal what the SQL function
 * {@code canonicalize_byte_span(text, bstart, bend, 'codepoint', 1)} computes from the same text.
 */
@ExtendWith(ArrowLeakCheck.class)
class SpanPositionColumnsTest {
    // after the BOM, byte offsets are into the text without it, as extraction defines them
    private static final String PYTHON = "def f\u00e9(x):\r\n\treturn '\uD83D\uDE00' + g(x)\r\rclass \u4e2d(Base):\n"
            + "    def m(self): return self.f\u00e9(1)\n\n";
    private static final String JAVA = "package p;\nimport java.util.List;\n/* \u00e9\u00e9 */ class A { void run() { "
            + "String s = \"\uD83D\uDE00\"; s.length(); helper(s); }\r\n  void helper(String t) {} }\n";
    private static final List<String> TABLES = List.of("defs_v1", "calls_v1", "refs_v1", "imports_v1", "assignments_v1");

    @TempDir
    Path repo;

    @Test
    void positionsEqualCanonicalizeByteSpan(EngineRuntime runtime) {
        Repos.write(repo, "m.py", "\uFEFF" + PYTHON);
        Repos.write(repo, "A.java", JAVA);
        Schema texts = new Schema(List.of(Field.notNullable("path", ArrowType.Utf8.INSTANCE),
                Field.notNullable("text", ArrowType.Utf8.INSTANCE)));
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime)
                .install(new CodeAnalysisExtension()).build();
             SessionSink sink = SessionSink.of(session);
             MemoryTable textTable = MemoryTable.fromRows(session.allocator(), texts,
                     List.of(List.of("m.py", PYTHON), List.of("A.java", JAVA)))) {
            ExtractionRuntime.create().run(repo, ExtractOptions.DEFAULT, sink);
            session.register("texts", textTable);
            for (String table : TABLES) {
                String sql = "SELECT count(*), sum(CASE WHEN x.s.start_line = t.start_line AND x.s.start_col = t.start_col "
                        + "AND x.s.end_line = t.end_line AND x.s.end_col = t.end_col THEN 1 ELSE 0 END), max(t.end_line) "
                        + "FROM (SELECT r.*, canonicalize_byte_span(tx.text, CAST(r.bstart AS BIGINT), CAST(r.bend AS BIGINT), "
                        + "'codepoint', 1) AS s FROM " + table + " r JOIN repo_files_v1 f ON f.file_id = r.file_id "
                        + "JOIN texts tx ON tx.path = f.path) x JOIN " + table + " t ON t.file_id = x.file_id "
                        + "AND t.bstart = x.bstart AND t.bend = x.bend";
                try (QueryResult result = session.sql(sql).collect()) {
                    List<Object> row = result.rows().getFirst();
                    long rows = ((Number) row.get(0)).longValue();
                    assertThat(rows).as("%s has rows", table).isPositive();
                    assertThat(((Number) row.get(1)).longValue()).as("%s rows whose positions agree", table).isEqualTo(rows);
                    assertThat(((Number) row.get(2)).intValue()).as("%s spans reach past line 1", table).isGreaterThan(1);
                }
            }
            try (QueryResult result = session.sql("SELECT start_line, start_col, end_line, end_col FROM defs_v1 "
                    + "WHERE name = 'm' AND kind <> 'module'").collect()) {
                // "    def m(self): return self.f\u00e9(1)" is line 5 (CRLF and a lone CR each end one line): 34 code
                // points from column 5, so the exclusive end is column 35 although it is byte 36 of the line
                assertThat(result.rows()).containsExactly(List.of(5, 5, 5, 35));
            }
        }
    }
}
