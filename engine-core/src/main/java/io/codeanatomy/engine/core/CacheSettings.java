package io.codeanatomy.engine.core;

/**
 * What a session may cache.
 *
 * @param planCacheEntries  optimized plans kept per session, keyed by normalized SQL and catalog version; 0 disables
 * @param memoryCacheBytes  Arrow bytes that views cached in memory (relspec's MEMORY policy) may hold; 0 disables
 * @since 0.1
 */
public record CacheSettings(int planCacheEntries, long memoryCacheBytes) {
    static final int MAX_PLAN_CACHE_ENTRIES = 100_000;

    public CacheSettings {
        if (planCacheEntries < 0 || planCacheEntries > MAX_PLAN_CACHE_ENTRIES) {
            throw new InvalidProfileException("cache.planCacheEntries", planCacheEntries, "0.." + MAX_PLAN_CACHE_ENTRIES);
        }
        if (memoryCacheBytes < 0) {
            throw new InvalidProfileException("cache.memoryCacheBytes", memoryCacheBytes, ">= 0");
        }
    }

    public static CacheSettings defaults() {
        return new CacheSettings(256, 1L << 30);
    }

    public static CacheSettings disabled() {
        return new CacheSettings(0, 0);
    }

    public CacheSettings withPlanCacheEntries(int entries) {
        return new CacheSettings(entries, memoryCacheBytes);
    }

    public CacheSettings withMemoryCacheBytes(long bytes) {
        return new CacheSettings(planCacheEntries, bytes);
    }
}
