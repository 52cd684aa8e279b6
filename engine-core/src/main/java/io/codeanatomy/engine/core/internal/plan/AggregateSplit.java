package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.internal.exec.agg.AggregateCall;
import io.codeanatomy.engine.core.internal.exec.agg.AggregateKind;
import io.codeanatomy.engine.core.internal.exec.agg.Accumulators;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A hash aggregation split in two phases so parallel workers can share it: each worker aggregates its own rows
 * (partial), and one final aggregation merges the workers' groups. COUNT merges as a sum of counts, SUM, MIN, MAX,
 * ANY_VALUE and BOOL_AND/OR as themselves, AVG as a partial sum plus count merged by {@code AVG_MERGE}. DISTINCT and
 * extension aggregates do not split. Equal partial values are computed once: TPC-H q1's averages need the sums and
 * the counts it also selects, and a count of a column without NULLs is {@code COUNT(*)} (11 partial values became 6).
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
        Partials partials = new Partials(input, fields);
        List<AggregateCall> merged = new ArrayList<>();
        for (AggregateCall call : calls) {
            if (call.distinct() || call.kind() == AggregateKind.EXTENSION || call.kind() == AggregateKind.AVG_MERGE) {
                return null;
            }
            switch (call.kind()) {
                case LITERAL -> merged.add(call);
                case COUNT, COUNT_STAR -> merged.add(new AggregateCall(AggregateKind.SUM0, List.of(partials.count(call)),
                        false, -1, call.resultType(), call.name()));
                case AVG -> {
                    ArrowType sumType = Accumulators.Avg.partialSumType(input.getFields().get(call.args().getFirst()).getType());
                    int sum = partials.column(call, AggregateKind.SUM, sumType);
                    merged.add(new AggregateCall(AggregateKind.AVG_MERGE, List.of(sum, partials.count(call)), false, -1,
                            call.resultType(), call.name()));
                }
                default ->      // SUM, SUM0, MIN, MAX, ANY_VALUE, BOOL_AND, BOOL_OR merge as themselves
                        merged.add(new AggregateCall(call.kind(), List.of(partials.column(call, call.kind(), call.resultType())),
                                false, -1, call.resultType(), call.name()));
            }
        }
        return new AggregateSplit(partials.calls, new Schema(fields), merged);
    }

    /** The partial calls and their columns (after the keys in {@code fields}), each distinct value once. */
    private static final class Partials {
        private final Schema input;
        private final List<Field> fields;
        final List<AggregateCall> calls = new ArrayList<>();
        private final Map<PartialValue, Integer> columns = new HashMap<>();

        Partials(Schema input, List<Field> fields) {
            this.input = input;
            this.fields = fields;
        }

        /** What makes two partial values equal: their output name aside, the whole call. */
        private record PartialValue(AggregateKind kind, List<Integer> args, int filterArg, ArrowType type) {}

        /** The column of {@code call}'s rows counted: {@code COUNT(*)} when its argument has no NULLs. */
        int count(AggregateCall call) {
            boolean star = call.kind() == AggregateKind.COUNT_STAR
                    || call.args().size() == 1 && !input.getFields().get(call.args().getFirst()).isNullable();
            return star ? column(AggregateKind.COUNT_STAR, List.of(), call.filterArg(), BIGINT, false)
                    : column(AggregateKind.COUNT, call.args(), call.filterArg(), BIGINT, false);
        }

        /** The column of {@code kind} over {@code call}'s arguments (nullable: no rows, or only NULLs, give NULL). */
        int column(AggregateCall call, AggregateKind kind, ArrowType type) {
            return column(kind, call.args(), call.filterArg(), type, true);
        }

        private int column(AggregateKind kind, List<Integer> args, int filterArg, ArrowType type, boolean nullable) {
            return columns.computeIfAbsent(new PartialValue(kind, args, filterArg, type), value -> {
                int at = fields.size();
                calls.add(new AggregateCall(kind, args, false, filterArg, type, "p" + at));
                fields.add(new Field("p" + at, nullable ? FieldType.nullable(type) : FieldType.notNullable(type), null));
                return at;
            });
        }
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
