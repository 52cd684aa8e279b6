package io.codeanatomy.engine.core;

import io.codeanatomy.engine.core.internal.session.SessionPipeline;
import io.codeanatomy.engine.core.spi.TableProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The only way to build a {@link Session}: {@code Sessions.builder(profile).install(extensions...).register(...).build()}.
 * Building runs four phases in order: validate the profile, install extensions, register tables, freeze.
 *
 * @since 0.1
 */
public final class Sessions {
    private Sessions() {}

    public static Builder builder(RuntimeProfile profile) {
        return new Builder(Objects.requireNonNull(profile, "profile"));
    }

    /** Collects what a session is built from; {@link #build()} may be called more than once. Not thread-safe. */
    public static final class Builder {
        private final RuntimeProfile profile;
        private EngineRuntime runtime;
        private final List<SessionExtension> extensions = new ArrayList<>();
        private final Map<TableName, TableProvider> tables = new LinkedHashMap<>();

        private Builder(RuntimeProfile profile) {
            this.profile = profile;
        }

        /**
         * Runs the session on the host's runtime (allocator, threads, telemetry). Without one, the session creates
         * its own and closes it on {@link Session#close()}.
         */
        public Builder runtime(EngineRuntime engineRuntime) {
            this.runtime = Objects.requireNonNull(engineRuntime, "engineRuntime");
            return this;
        }

        public Builder install(SessionExtension... toInstall) {
            for (SessionExtension extension : toInstall) {
                extensions.add(Objects.requireNonNull(extension, "extension"));
            }
            return this;
        }

        public Builder register(String name, TableProvider provider) {
            return register(TableName.parse(name), provider);
        }

        public Builder register(TableName name, TableProvider provider) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(provider, "provider");
            if (tables.putIfAbsent(name.normalized(), provider) != null) {
                throw new CatalogException("Table " + name + " is registered twice in this builder; register each name once");
            }
            return this;
        }

        public Session build() {
            return SessionPipeline.build(profile, runtime, List.copyOf(extensions), new LinkedHashMap<>(tables));
        }
    }
}
