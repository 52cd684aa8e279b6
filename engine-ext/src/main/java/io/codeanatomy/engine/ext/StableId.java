package io.codeanatomy.engine.ext;

import io.codeanatomy.engine.ext.internal.TextFunctions;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code stable_id} SQL function for Java callers (extractors that mint node ids before rows reach SQL): the same
 * value for the same parts in SQL and in Java, in every JVM.
 *
 * <p>Definition: xxHash64 with seed 0 over the concatenation, for each part in order, of the part's UTF-8 byte length
 * as an 8-byte little-endian integer followed by those bytes. A null part is written as length -1 with no bytes. The
 * length prefix keeps {@code ("ab", "c")} and {@code ("a", "bc")} apart, and null apart from {@code ""}.
 *
 * @since 0.1
 */
public final class StableId {
    private StableId() {}

    /** The stable id of {@code parts}; null elements are NULL parts. */
    public static long of(String... parts) {
        return TextFunctions.stableId(Arrays.asList(parts));
    }

    /** The stable id of {@code parts}; null elements are NULL parts. */
    public static long of(List<String> parts) {
        return TextFunctions.stableId(parts);
    }
}
