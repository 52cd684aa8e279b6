package io.codeanatomy.engine.ext;

import io.codeanatomy.engine.core.ExtensionContext;
import io.codeanatomy.engine.core.SessionExtension;
import io.codeanatomy.engine.core.spi.function.FunctionRegistrar;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.ext.internal.CodeFunctions;
import io.codeanatomy.engine.ext.internal.IntervalAlignFunction;
import io.codeanatomy.engine.ext.internal.SpanNestDepth;
import io.codeanatomy.engine.core.spi.function.WindowFunctionDef;
import java.util.List;

/**
 * The functions for code analysis: {@code canonicalize_byte_span}, {@code line_index}, {@code span_contains},
 * {@code span_overlaps}, {@code span_len}, {@code stable_id}, {@code normalize_path}, {@code qualname_join}, the window
 * function {@code span_nest_depth}, and the table function {@code interval_align} (see {@link IntervalAlign}). Install it
 * with {@code Sessions.builder(profile).install(new CodeAnalysisExtension())}. Stateless and thread-safe; the function
 * documentation is in {@code docs/functions.md}, generated from the registry snapshot.
 *
 * @since 0.1
 */
public final class CodeAnalysisExtension implements SessionExtension {
    /** The extension id, also the provider named by every function it registers. */
    public static final String ID = "codeanatomy.code_analysis";
    /** Bumped whenever a function's results change; part of plan identities. */
    public static final String VERSION = "0.1.0";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void install(ExtensionContext context) {
        FunctionRegistrar registrar = context.registrar(FunctionRegistrar.class);
        functions().forEach(registrar::registerScalar);
        windowFunctions().forEach(registrar::registerWindow);
        context.registerTableFunction(new IntervalAlignFunction());
    }

    /** The scalar functions this extension registers, in registration order. */
    public List<ScalarFunctionDef> functions() {
        return CodeFunctions.all(ID, VERSION);
    }

    /** The window functions this extension registers, in registration order. */
    public List<WindowFunctionDef> windowFunctions() {
        return List.of(SpanNestDepth.definition(ID, VERSION));
    }
}
