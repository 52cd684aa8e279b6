package io.codeanatomy.delta.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.Session;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows of both engines in one comparable form: each row a map from column name to the value's canonical text (null
 * for SQL NULL), sorted so that two lists are equal exactly when the rows are equal as multisets.
 */
final class Rows {
    private Rows() {}

    /** Our rows of {@code sql}, and the schema they came with. */
    record Ours(Schema schema, List<Map<String, String>> rows) {}

    static Ours ours(Session session, String sql) {
        try (QueryResult result = session.sql(sql).collect()) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (VectorSchemaRoot batch : result.batches()) {
                for (int r = 0; r < batch.getRowCount(); r++) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (FieldVector vector : batch.getFieldVectors()) {
                        row.put(vector.getName(), vector.isNull(r) ? null : canonical(vector, r));
                    }
                    rows.add(row);
                }
            }
            return new Ours(result.schema(), sorted(rows));
        }
    }

    /** Spark's JSON rows, read with the column types of {@code schema} (columns not in it are left out). */
    static List<Map<String, String>> spark(List<JsonNode> json, Schema schema) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode node : json) {
            Map<String, String> row = new LinkedHashMap<>();
            for (Field field : schema.getFields()) {
                if (!node.has(field.getName())) {
                    throw new AssertionError("Spark's row has no column " + field.getName() + ": " + node);
                }
                JsonNode value = node.get(field.getName());
                row.put(field.getName(), value.isNull() ? null : canonical(field.getType(), value));
            }
            rows.add(row);
        }
        return sorted(rows);
    }

    static List<Map<String, String>> sorted(List<Map<String, String>> rows) {
        List<Map<String, String>> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(Object::toString));
        return out;
    }

    private static String canonical(FieldVector vector, int r) {
        return switch (vector) {
            case TinyIntVector v -> Long.toString(v.get(r));
            case SmallIntVector v -> Long.toString(v.get(r));
            case IntVector v -> Long.toString(v.get(r));
            case BigIntVector v -> Long.toString(v.get(r));
            case Float8Vector v -> Double.toString(v.get(r));
            case DecimalVector v -> decimal(v.getObject(r));
            case BitVector v -> Boolean.toString(v.get(r) == 1);
            case VarCharVector v -> v.getObject(r).toString();
            case VarBinaryVector v -> Base64.getEncoder().encodeToString(v.get(r));
            case DateDayVector v -> LocalDate.ofEpochDay(v.get(r)).toString();
            case TimeStampMicroTZVector v -> Instant.EPOCH.plus(v.get(r), ChronoUnit.MICROS).toString();
            case TimeStampMicroVector v -> LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC).plus(v.get(r), ChronoUnit.MICROS).toString();
            default -> throw new IllegalArgumentException("no canonical form for " + vector.getField());
        };
    }

    private static String canonical(ArrowType type, JsonNode value) {
        return switch (type) {
            case ArrowType.Int i -> Long.toString(value.longValue());
            case ArrowType.FloatingPoint f -> Double.toString(value.doubleValue());
            case ArrowType.Decimal d -> decimal(value.decimalValue());
            case ArrowType.Bool b -> Boolean.toString(value.booleanValue());
            case ArrowType.Utf8 u -> value.textValue();
            case ArrowType.Binary b -> value.textValue();
            case ArrowType.Date d -> LocalDate.parse(value.textValue()).toString();
            case ArrowType.Timestamp t when t.getTimezone() != null -> Instant.parse(value.textValue()).toString();
            case ArrowType.Timestamp t -> LocalDateTime.parse(value.textValue()).toString();
            default -> throw new IllegalArgumentException("no canonical form for " + type);
        };
    }

    private static String decimal(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
