package io.codeanatomy.engine.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.tables.MemoryTable;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java bulk form must give what {@code canonicalize_byte_span} gives, offset by offset, in every unit. */
@ExtendWith(ArrowLeakCheck.class)
class SpanPositionsTest {
    // BOM, multi-byte and astral characters, CRLF, a lone CR, a tab and empty lines at the end
    private static final String SOURCE = "\uFEFFdef f\u00e9():\r\n\treturn '\uD83D\uDE00'\rx = \u4e2d\n\n";
    private static final byte[] TEXT = SOURCE.getBytes(StandardCharsets.UTF_8);

    @Test
    void agreesWithCanonicalizeByteSpanAtEveryOffset(EngineRuntime runtime) {
        SpanPositions positions = SpanPositions.of(TEXT);
        assertThat(positions.textLength()).isEqualTo(TEXT.length);
        Map<String, SpanPositions.Unit> units = Map.of("byte", SpanPositions.Unit.BYTE, "utf16", SpanPositions.Unit.UTF16,
                "codepoint", SpanPositions.Unit.CODEPOINT);
        try (Session session = Sessions.builder(RuntimeProfile.defaults()).runtime(runtime)
                .install(new CodeAnalysisExtension()).build();
             MemoryTable files = MemoryTable.fromRows(session.allocator(),
                     new Schema(List.of(Field.notNullable("text", ArrowType.Utf8.INSTANCE))), List.of(List.of(SOURCE)))) {
            session.register("files", files);
            for (var unit : units.entrySet()) {
                StringBuilder offsets = new StringBuilder();
                for (int offset = 0; offset <= TEXT.length; offset++) {
                    offsets.append(offset == 0 ? "" : ", ").append("(").append(offset).append(")");
                }
                String sql = "SELECT o, x.s.start_line, x.s.start_col FROM (SELECT o, canonicalize_byte_span(f.text, "
                        + "CAST(o AS BIGINT), CAST(o AS BIGINT), '" + unit.getKey() + "', 1) AS s FROM (VALUES " + offsets
                        + ") v(o) CROSS JOIN files f) x ORDER BY o";
                try (QueryResult result = session.sql(sql).collect()) {
                    List<List<Object>> rows = result.rows();
                    assertThat(rows).hasSize(TEXT.length + 1);
                    for (List<Object> row : rows) {
                        long offset = ((Number) row.get(0)).longValue();
                        assertThat(positions.line(offset)).as("line of %d", offset).isEqualTo(((Number) row.get(1)).intValue());
                        assertThat(positions.column(offset, unit.getValue())).as("%s column of %d", unit.getKey(), offset)
                                .isEqualTo(((Number) row.get(2)).longValue());
                    }
                }
            }
        }
        assertThat(positions.line(0)).isEqualTo(1);
        assertThat(positions.column(TEXT.length)).isEqualTo(1);   // after the final newline: line start
    }

    @Test
    void refusesOffsetsOutsideTheText() {
        SpanPositions positions = SpanPositions.of("ab".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> positions.line(3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 2]");
        assertThatThrownBy(() -> positions.column(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
