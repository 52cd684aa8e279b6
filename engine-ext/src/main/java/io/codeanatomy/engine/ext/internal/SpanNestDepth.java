package io.codeanatomy.engine.ext.internal;

import io.codeanatomy.engine.core.spi.function.FunctionDoc;
import io.codeanatomy.engine.core.spi.function.FunctionSignature;
import io.codeanatomy.engine.core.spi.function.Volatility;
import io.codeanatomy.engine.core.spi.function.WindowFunctionDef;
import io.codeanatomy.engine.core.spi.function.WindowPartition;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * {@code span_nest_depth(bstart, bend) OVER (PARTITION BY file ...)}: how many spans of the partition enclose each
 * span. Spans are swept by (start, end descending, window position); every span already swept starts at or before
 * the current one, so its enclosers are exactly the swept spans that end at or after it (after it, for an empty span):
 * a Fenwick tree over the ends counts them. O(n log n) per partition, and right for crossing spans, which a stack of
 * open spans would miscount.
 */
public final class SpanNestDepth {
    private static final ArrowType BIGINT = new ArrowType.Int(64, true);

    private SpanNestDepth() {}

    public static WindowFunctionDef definition(String provider, String version) {
        return new WindowFunctionDef("span_nest_depth", List.of(), List.of(FunctionSignature.of(BIGINT, BIGINT)), "BIGINT",
                Volatility.IMMUTABLE, new FunctionDoc(
                        "Window function: the number of spans in the partition that enclose the byte span [bstart, bend), i.e. "
                        + "its nesting depth (0 for a top-level span) among, say, the AST nodes or scopes of one file. Span a "
                        + "encloses b when a.bstart <= b.bstart, b.bend <= a.bend and b.bstart < a.bend (an empty span at "
                        + "another's end is outside it); of two identical spans the earlier in window order encloses the later; "
                        + "crossing spans do not enclose each other. Uses the whole partition: ORDER BY only orders identical "
                        + "spans and the frame is ignored. NULL when bstart or bend is NULL or bend < bstart; such rows "
                        + "enclose nothing.",
                        "span_nest_depth(bstart, bend) OVER (PARTITION BY file [ORDER BY ...])",
                        "SELECT bstart, span_nest_depth(bstart, bend) OVER () FROM (VALUES (0, 100), (10, 50), (20, 30), "
                                + "(60, 70)) AS t(bstart, bend) ORDER BY bstart -- rows (0, 0), (10, 1), (20, 2), (60, 1)"),
                provider, version, SpanNestDepth::evaluate);
    }

    static void evaluate(WindowPartition partition, FieldVector out) {
        int n = partition.rowCount();
        BigIntVector starts = (BigIntVector) partition.arguments().get(0);
        BigIntVector ends = (BigIntVector) partition.arguments().get(1);
        BigIntVector result = (BigIntVector) out;
        result.allocateNew(n);
        int valid = 0;
        Integer[] rows = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (starts.isNull(i) || ends.isNull(i) || ends.get(i) < starts.get(i)) {
                result.setNull(i);
            } else {
                rows[valid++] = i;
            }
        }
        Integer[] sweep = Arrays.copyOf(rows, valid);
        Arrays.sort(sweep, (a, b) -> {
            int c = Long.compare(starts.get(a), starts.get(b));
            if (c == 0) {
                c = Long.compare(ends.get(b), ends.get(a));
            }
            return c != 0 ? c : Integer.compare(a, b);
        });
        long[] distinctEnds = new long[valid];
        for (int k = 0; k < valid; k++) {
            distinctEnds[k] = ends.get(sweep[k]);
        }
        Arrays.sort(distinctEnds);
        int distinct = 0;
        for (int k = 0; k < valid; k++) {
            if (k == 0 || distinctEnds[k] != distinctEnds[k - 1]) {
                distinctEnds[distinct++] = distinctEnds[k];
            }
        }
        int[] tree = new int[distinct + 1];     // Fenwick tree: how many swept spans end at each distinct end
        for (int k = 0; k < valid; k++) {
            int row = sweep[k];
            long start = starts.get(row);
            long end = ends.get(row);
            int rank = Arrays.binarySearch(distinctEnds, 0, distinct, end);   // present: every end was added
            // enclosers end at or after `end`; after it when the span is empty (it must start strictly inside them)
            int notEnclosing = prefix(tree, start == end ? rank + 1 : rank);
            result.set(row, k - notEnclosing);
            for (int at = rank + 1; at <= distinct; at += at & -at) {
                tree[at]++;
            }
        }
        result.setValueCount(n);
    }

    /** Swept spans whose end has a rank below {@code rank}. */
    private static int prefix(int[] tree, int rank) {
        int sum = 0;
        for (int at = rank; at > 0; at -= at & -at) {
            sum += tree[at];
        }
        return sum;
    }
}
