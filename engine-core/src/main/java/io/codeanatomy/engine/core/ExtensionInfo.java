package io.codeanatomy.engine.core;

import java.util.Objects;

/**
 * An extension installed in a session, as reported by {@link Session#extensions()}.
 *
 * @since 0.1
 */
public record ExtensionInfo(String id, String version) {
    public ExtensionInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
    }
}
