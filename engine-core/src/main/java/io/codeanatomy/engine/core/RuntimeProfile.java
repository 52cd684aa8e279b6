package io.codeanatomy.engine.core;

import io.codeanatomy.engine.core.internal.profile.ProfileCodec;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything that decides how a session plans and runs: an immutable, validated value with a stable fingerprint.
 * Sessions are built from a profile and never change it; two profiles with equal fields have equal fingerprints in
 * every JVM.
 *
 * @param name       a short label for logs and plan artifacts: letters, digits, '-', '_', '.'
 * @param execution  parallelism, batch size, memory limit
 * @param features   planner feature gates
 * @param sql        which statements are allowed
 * @param cache      what may be cached
 * @param extensions typed options that extensions define
 * @since 0.1
 */
public record RuntimeProfile(
        String name,
        ExecutionOptions execution,
        PlannerFeatureGates features,
        SqlPolicy sql,
        CacheSettings cache,
        ExtensionOptions extensions) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public RuntimeProfile {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new InvalidProfileException("name", "'" + name + "'", "1-64 characters of letters, digits, '.', '_', '-'");
        }
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(extensions, "extensions");
    }

    /** Balanced settings: one partition per core, 8192-row batches, 4 GiB per query, read-only SQL. */
    public static RuntimeProfile defaults() {
        return new RuntimeProfile("default", ExecutionOptions.defaults(), PlannerFeatureGates.defaults(),
                SqlPolicy.readOnly(), CacheSettings.defaults(), ExtensionOptions.empty());
    }

    /** Low latency for small interactive queries: smaller batches, 1 GiB per query, a larger plan cache. */
    public static RuntimeProfile interactive() {
        ExecutionOptions execution = ExecutionOptions.defaults().withBatchSize(4096).withMemoryLimitBytes(1L << 30);
        return new RuntimeProfile("interactive", execution, PlannerFeatureGates.defaults(), SqlPolicy.readOnly(),
                CacheSettings.defaults().withPlanCacheEntries(1024), ExtensionOptions.empty());
    }

    /** Throughput for large builds: larger batches, 16 GiB per query, DDL and DML allowed. */
    public static RuntimeProfile batch() {
        ExecutionOptions execution = ExecutionOptions.defaults().withBatchSize(32_768).withMemoryLimitBytes(16L << 30);
        return new RuntimeProfile("batch", execution, PlannerFeatureGates.defaults(), SqlPolicy.readWrite(),
                CacheSettings.defaults(), ExtensionOptions.empty());
    }

    public RuntimeProfile withName(String newName) {
        return new RuntimeProfile(newName, execution, features, sql, cache, extensions);
    }

    public RuntimeProfile withExecution(ExecutionOptions newExecution) {
        return new RuntimeProfile(name, newExecution, features, sql, cache, extensions);
    }

    public RuntimeProfile withFeatures(PlannerFeatureGates newFeatures) {
        return new RuntimeProfile(name, execution, newFeatures, sql, cache, extensions);
    }

    public RuntimeProfile withSql(SqlPolicy newSql) {
        return new RuntimeProfile(name, execution, features, newSql, cache, extensions);
    }

    public RuntimeProfile withCache(CacheSettings newCache) {
        return new RuntimeProfile(name, execution, features, sql, newCache, extensions);
    }

    public RuntimeProfile withExtensions(ExtensionOptions newExtensions) {
        return new RuntimeProfile(name, execution, features, sql, cache, newExtensions);
    }

    public <T> RuntimeProfile withOption(OptionKey<T> key, T value) {
        return withExtensions(extensions.with(key, value));
    }

    public RuntimeProfile withTargetPartitions(int partitions) {
        return withExecution(execution.withTargetPartitions(partitions));
    }

    public RuntimeProfile withBatchSize(int rows) {
        return withExecution(execution.withBatchSize(rows));
    }

    public RuntimeProfile withMemoryLimitBytes(long bytes) {
        return withExecution(execution.withMemoryLimitBytes(bytes));
    }

    /** Canonical JSON: properties and option names sorted, no insignificant whitespace. */
    public String toCanonicalJson() {
        return ProfileCodec.canonicalJson(this);
    }

    /** Reads a profile from JSON (canonical or not); a bad field is an {@link InvalidProfileException}. */
    public static RuntimeProfile fromJson(String json) {
        return ProfileCodec.fromJson(json);
    }

    /** Lower-case hex SHA-256 of {@link #toCanonicalJson()}. */
    public String fingerprint() {
        return ProfileCodec.fingerprint(this);
    }
}
