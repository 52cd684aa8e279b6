package io.codeanatomy.engine.core;

/**
 * Something installed into sessions while they are built: tables, table functions, and (through later ports)
 * functions and planner rules. Installing the same id and version twice is a no-op; a second version of the same id
 * is an error naming both versions.
 *
 * @since 0.1
 */
public interface SessionExtension {
    /** Stable id, dotted lower case: {@code codeanatomy.delta}. */
    String id();

    /** The version of this extension's behaviour; part of plan identities. */
    String version();

    /** Registers what this extension provides. Called once per session, during the install phase. */
    void install(ExtensionContext context);
}
