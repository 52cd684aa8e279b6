package io.codeanatomy.engine.core.testing;

import io.codeanatomy.engine.core.EngineRuntime;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test its own {@link EngineRuntime} (resolve it as a parameter) and fails the test if any Arrow memory
 * is still allocated from the runtime's root allocator when the test ends. Tests close their sessions first.
 * Shared with other modules through engine-core's test jar.
 */
public final class ArrowLeakCheck implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ArrowLeakCheck.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EngineRuntime.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("runtime", key -> EngineRuntime.builder().threads(2).build(),
                EngineRuntime.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        EngineRuntime runtime = context.getStore(NAMESPACE).remove("runtime", EngineRuntime.class);
        if (runtime == null) {
            return;
        }
        long leaked = runtime.rootAllocator().getAllocatedMemory();
        String detail = leaked == 0 ? "" : runtime.rootAllocator().toVerboseString();
        runtime.close();
        if (leaked != 0) {
            throw new AssertionError("Test leaked " + leaked + " bytes of Arrow memory:\n" + detail);
        }
    }
}
