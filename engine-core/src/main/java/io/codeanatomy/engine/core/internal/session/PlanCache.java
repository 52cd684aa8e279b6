package io.codeanatomy.engine.core.internal.session;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session's optimized and physical plans of queries it ran, so a query run again with the same text and
 * parameters over an unchanged catalog skips parsing, validation and optimization ({@code
 * CacheSettings.planCacheEntries}, least recently used out first). A plan is re-opened for each run and its scans
 * read their tables' current data, so it stays correct when data changes; what planning decided from statistics
 * (join order, build sides) is kept until the catalog changes or the plan is evicted.
 *
 * <p>Every catalog change (a table registered or dropped, a view replaced) bumps the catalog's version, and the
 * version is part of the key, so entries of an older version can never be hit again: they are dropped as soon as a
 * statement sees the newer version.
 */
final class PlanCache {
    /** What a plan is looked up by. {@code parameters} hold only immutable values (see {@link #key}). */
    record Key(String sql, List<Object> parameters, long catalogVersion) {}

    private final int capacity;
    private final LinkedHashMap<Key, RecipeFrame> plans;
    private long version = -1;

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
    Key key(String sql, List<Object> parameters, long catalogVersion) {
        if (capacity == 0) {
            return null;
        }
        for (Object parameter : parameters) {
            if (!immutable(parameter)) {
                return null;
            }
        }
        return new Key(sql, List.copyOf(parameters), catalogVersion);
    }

    private static boolean immutable(Object value) {
        return value instanceof String || value instanceof Boolean || value instanceof Character
                || value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof Double || value instanceof Float || value instanceof BigDecimal
                || value instanceof BigInteger || (value instanceof Temporal && value.getClass().getName().startsWith("java.time."));
    }

    synchronized RecipeFrame get(Key key) {
        moveTo(key.catalogVersion());
        return key.catalogVersion() == version ? plans.get(key) : null;
    }

    synchronized void put(Key key, RecipeFrame frame) {
        moveTo(key.catalogVersion());
        if (key.catalogVersion() == version) {      // else planned over a catalog that has changed since
            plans.put(key, frame);
        }
    }

    /** Drops every plan once the catalog has a newer version: they hold providers that may be gone. */
    private void moveTo(long catalogVersion) {
        if (catalogVersion > version) {
            plans.clear();
            version = catalogVersion;
        }
    }
}
