package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.internal.exec.agg.AggregateCall;
import io.codeanatomy.engine.core.internal.exec.agg.AggregateKind;
import io.codeanatomy.engine.core.internal.exec.agg.Accumulators;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A hash aggregation split in two phases so parallel workers can share it: each worker aggregates its own rows
 * (partial), and one final aggregation merges the workers' groups. COUNT merges as a sum of counts, SUM, MIN, MAX,
 * ANY_VALUE and BOOL_AND/OR as themselves, AVG as a partial sum plus count merged by {@code AVG_MERGE}. DISTINCT and
 * extension aggregates do not split.
 *
 * @param partialCalls over the input: the keys' rows grouped per worker
 * @param partialSchema the keys, then each partial value
 * @param finalCalls   over the partial schema, producing the aggregate's own output
 */
record AggregateSplit(List<AggregateCall> partialCalls, Schema partialSchema, List<AggregateCall> finalCalls) {
    private static final ArrowType BIGINT = new ArrowType.Int(64, true);

    /** The split of {@code calls} grouped by {@code keys} of {@code input}, or null when a call cannot split. */
    static AggregateSplit of(Schema input, int[] keys, List<AggregateCall> calls) {
        List<Field> fields = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
            Field key = input.getFields().get(keys[k]);
            fields.add(new Field("k" + k, key.getFieldType(), key.getChildren()));
        }
        List<AggregateCall> partial = new ArrayList<>();
        List<AggregateCall> merged = new ArrayList<>();
        for (AggregateCall call : calls) {
            if (call.distinct() || call.kind() == AggregateKind.EXTENSION || call.kind() == AggregateKind.AVG_MERGE) {
                return null;
            }
            int at = fields.size();
            switch (call.kind()) {
                case LITERAL -> merged.add(call);
                case COUNT, COUNT_STAR -> {
                    partial.add(partialCall(call, call.kind(), BIGINT, at));
                    fields.add(new Field("p" + at, FieldType.notNullable(BIGINT), null));
                    merged.add(new AggregateCall(AggregateKind.SUM0, List.of(at), false, -1, call.resultType(), call.name()));
                }
                case AVG -> {
                    ArrowType sumType = Accumulators.Avg.partialSumType(input.getFields().get(call.args().getFirst()).getType());
                    partial.add(partialCall(call, AggregateKind.SUM, sumType, at));
                    fields.add(new Field("p" + at, FieldType.nullable(sumType), null));
                    partial.add(partialCall(call, AggregateKind.COUNT, BIGINT, at + 1));
                    fields.add(new Field("p" + (at + 1), FieldType.notNullable(BIGINT), null));
                    merged.add(new AggregateCall(AggregateKind.AVG_MERGE, List.of(at, at + 1), false, -1, call.resultType(),
                            call.name()));
                }
                default -> {      // SUM, SUM0, MIN, MAX, ANY_VALUE, BOOL_AND, BOOL_OR merge as themselves
                    partial.add(partialCall(call, call.kind(), call.resultType(), at));
                    fields.add(new Field("p" + at, FieldType.nullable(call.resultType()), null));
                    merged.add(new AggregateCall(call.kind(), List.of(at), false, -1, call.resultType(), call.name()));
                }
            }
        }
        return new AggregateSplit(partial, new Schema(fields), merged);
    }

    private static AggregateCall partialCall(AggregateCall call, AggregateKind kind, ArrowType type, int column) {
        return new AggregateCall(kind, call.args(), false, call.filterArg(), type, "p" + column);
    }

    /** The final aggregation's keys: the partial schema's leading columns. */
    static int[] finalKeys(int count) {
        int[] keys = new int[count];
        for (int k = 0; k < count; k++) {
            keys[k] = k;
        }
        return keys;
    }
}
