package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.ExtensionInfo;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.internal.catalog.Catalog;
import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.internal.plan.ExtensionFunctions;
import io.codeanatomy.engine.core.internal.plan.PlannerPorts;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/** What the pipeline hands a frozen session: everything but the catalog is immutable from here on. */
record SessionState(String id, RuntimeProfile profile, EngineRuntime runtime, boolean ownsRuntime,
                    BufferAllocator allocator, Tracer tracer, Catalog catalog, List<ExtensionInfo> extensions,
                    Map<String, TableFunction> tableFunctions,
                    List<AutoCloseable> ownedProviders, ExtensionFunctions functions, PlannerPorts plannerPorts) {}
