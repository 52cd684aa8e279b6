package io.codeanatomy.engine.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Options that extensions define for themselves, set through typed {@link OptionKey}s. Stored sorted by name
 * so the profile's canonical encoding does not depend on the order options were set in.
 *
 * @since 0.1
 */
public final class ExtensionOptions {
    private static final ExtensionOptions EMPTY = new ExtensionOptions(new TreeMap<>());
    private final Map<String, Object> values;

    private ExtensionOptions(TreeMap<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static ExtensionOptions empty() {
        return EMPTY;
    }

    /** Rebuilds options from their encoded form (used when a profile is read from JSON). */
    @JsonCreator
    public static ExtensionOptions of(Map<String, Object> values) {
        Objects.requireNonNull(values, "values");
        TreeMap<String, Object> copy = new TreeMap<>();
        values.forEach((name, value) -> copy.put(name, normalize(name, value)));
        return new ExtensionOptions(copy);
    }

    /** The value for {@code key}, or its default. */
    public <T> T get(OptionKey<T> key) {
        Object value = values.get(key.name());
        if (value == null) {
            return key.defaultValue();
        }
        if (!key.type().isInstance(value)) {
            throw new InvalidProfileException("extensions." + key.name(), value, "a " + key.type().getSimpleName());
        }
        return key.type().cast(value);
    }

    public <T> ExtensionOptions with(OptionKey<T> key, T value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        TreeMap<String, Object> copy = new TreeMap<>(values);
        copy.put(key.name(), normalize(key.name(), key.type().cast(value)));
        return new ExtensionOptions(copy);
    }

    public ExtensionOptions without(OptionKey<?> key) {
        TreeMap<String, Object> copy = new TreeMap<>(values);
        copy.remove(key.name());
        return new ExtensionOptions(copy);
    }

    /** The set options by name, sorted. */
    @JsonValue
    public Map<String, Object> asMap() {
        return values;
    }

    private static Object normalize(String name, Object value) {
        Objects.requireNonNull(name, "option name");
        return switch (value) {
            case null -> throw new InvalidProfileException("extensions." + name, null, "a String, Long, Double or Boolean");
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Double d when Double.isFinite(d) -> d;
            case Float f when Float.isFinite(f) -> f.doubleValue();
            default -> throw new InvalidProfileException("extensions." + name, value, "a String, Long, finite Double or Boolean");
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtensionOptions other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
