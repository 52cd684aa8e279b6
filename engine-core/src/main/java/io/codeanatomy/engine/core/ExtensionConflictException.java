package io.codeanatomy.engine.core;

/**
 * Two different versions of one extension id were installed into the same session.
 *
 * @since 0.1
 */
public final class ExtensionConflictException extends CodeAnatomyException {
    private static final long serialVersionUID = 1L;

    public ExtensionConflictException(String id, String installedVersion, String newVersion) {
        super("Extension '%s' is already installed at version %s; cannot also install version %s. Install one version per session."
                .formatted(id, installedVersion, newVersion));
    }
}
