package io.codeanatomy.engine.core;

import java.util.function.Consumer;

/** Session extensions made from a lambda, for the engine-core tests. */
final class TestExtensions {
    private TestExtensions() {}

    /** An extension {@code id}, version 1, whose install runs {@code install}. */
    static SessionExtension extension(String id, Consumer<ExtensionContext> install) {
        return new SessionExtension() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public void install(ExtensionContext context) {
                install.accept(context);
            }
        };
    }
}
