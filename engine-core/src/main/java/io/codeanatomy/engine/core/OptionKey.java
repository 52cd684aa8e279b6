package io.codeanatomy.engine.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A typed key for an extension's option in {@link ExtensionOptions}. Extensions declare their keys as constants;
 * hosts set values through them, so a typo or a wrong type fails at compile time, not at run time.
 *
 * @param name         dotted, lower case, starting with the extension id: {@code delta.targetFileSizeBytes}
 * @param type         one of {@link String}, {@link Long}, {@link Double}, {@link Boolean}
 * @param defaultValue the value when the profile does not set one
 * @param <T>          the value type
 * @since 0.1
 */
public record OptionKey<T>(String name, Class<T> type, T defaultValue) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9_]*(\\.[a-z][a-zA-Z0-9_]*)+");

    public OptionKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Option name '" + name
                    + "' must be dotted identifiers starting with the extension id, e.g. 'myext.maxDepth'");
        }
        if (type != String.class && type != Long.class && type != Double.class && type != Boolean.class) {
            throw new IllegalArgumentException("Option '" + name + "' has type " + type.getName()
                    + "; option values are String, Long, Double or Boolean");
        }
    }

    public static OptionKey<String> ofString(String name, String defaultValue) {
        return new OptionKey<>(name, String.class, defaultValue);
    }

    public static OptionKey<Long> ofLong(String name, long defaultValue) {
        return new OptionKey<>(name, Long.class, defaultValue);
    }

    public static OptionKey<Double> ofDouble(String name, double defaultValue) {
        return new OptionKey<>(name, Double.class, defaultValue);
    }

    public static OptionKey<Boolean> ofBoolean(String name, boolean defaultValue) {
        return new OptionKey<>(name, Boolean.class, defaultValue);
    }
}
