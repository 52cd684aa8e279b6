package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.CatalogView;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.internal.plan.EngineExpressionCompiler;
import io.codeanatomy.engine.core.spi.ExpressionCompiler;
import io.codeanatomy.engine.core.spi.SessionView;
import io.opentelemetry.api.trace.Tracer;
import org.apache.arrow.memory.BufferAllocator;

/** The {@link SessionView} providers get: the session's identity and profile, and the allocator of the moment. */
record QueryView(String sessionId, RuntimeProfile profile, BufferAllocator allocator, Tracer tracer, CatalogView catalog)
        implements SessionView {
    @Override
    public ExpressionCompiler expressions() {
        return EngineExpressionCompiler.INSTANCE;
    }

    QueryView withAllocator(BufferAllocator queryAllocator) {
        return new QueryView(sessionId, profile, queryAllocator, tracer, catalog);
    }
}
