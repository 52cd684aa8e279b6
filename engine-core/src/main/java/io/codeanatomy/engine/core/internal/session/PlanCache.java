package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.internal.catalog.Catalog;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session's optimized and physical plans of queries it ran, so a query run again with the same text and
 * parameters over the same catalog contents skips parsing, validation and optimization ({@code
 * CacheSettings.planCacheEntries}, least recently used out first). A plan is re-opened for each run and its scans
 * read their tables' current data, so it stays correct when data changes; what planning decided from statistics
 * (join order, build sides) is kept for as long as the plan is.
 *
 * <p>The key holds the catalog's {@link Catalog.Contents}: a table registered, dropped or replaced, or a view
 * replaced by another text, gives other contents, and the plans made before no longer match. A view dropped and
 * created again with the same text gives the contents back, and their plans with them (TPC-H q15, or a host that
 * creates its views around each request).
 */
final class PlanCache {
    /** What a plan is looked up by. {@code parameters} hold only immutable values (see {@link #key}). */
    record Key(String sql, List<Object> parameters, Catalog.Contents catalog) {}

    private final int capacity;
    private final LinkedHashMap<Key, RecipeFrame> plans;

    PlanCache(int capacity) {
        this.capacity = capacity;
        this.plans = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, RecipeFrame> eldest) {
                return size() > PlanCache.this.capacity;
            }
        };
    }

    /**
     * The key of a statement, or null when its plan is not to be kept: the cache is off, or a parameter is a value
     * that could change after the call (an array, a mutable object) or is null.
     */
    Key key(String sql, List<Object> parameters, Catalog.Contents catalog) {
        if (capacity == 0) {
            return null;
        }
        for (Object parameter : parameters) {
            if (!immutable(parameter)) {
                return null;
            }
        }
        return new Key(sql, List.copyOf(parameters), catalog);
    }

    private static boolean immutable(Object value) {
        return value instanceof String || value instanceof Boolean || value instanceof Character
                || value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof Double || value instanceof Float || value instanceof BigDecimal
                || value instanceof BigInteger
                || value instanceof Temporal && value.getClass().getName().startsWith("java.time.");
    }

    synchronized RecipeFrame get(Key key) {
        return plans.get(key);
    }

    synchronized void put(Key key, RecipeFrame frame) {
        plans.put(key, frame);
    }
}
