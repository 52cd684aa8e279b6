package io.codeanatomy.engine.core.internal.plan;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.janino.RelMetadataHandlerGeneratorUtil;

/**
 * {@link EngineMetadata}'s dispatch handlers compiled with the engine instead of in every process. Calcite writes a
 * Java class per metadata handler interface (an {@code instanceof} chain to the providers' methods, with the
 * per-query cache) and compiles it with Janino when a process first plans: all 27 at the first metadata query, under
 * one lock. That is 0.3 s of CPU in a short process such as the CLI, and the build's view threads waited on the lock
 * for as long. The build runs {@link #main} after compiling the engine: it writes Calcite's source for each handler
 * into {@code target/generated-sources}, which a second compiler pass adds to the engine's classes. At run time
 * {@link #instantiate} builds a handler from its class with the providers Calcite would pass; a handler whose class is
 * missing (a build without that step, as from an IDE) or whose providers differ is compiled by Janino as before.
 */
final class PrecompiledHandlers {
    /** The package of the generated classes. */
    static final String PACKAGE = "io.codeanatomy.engine.core.internal.plan.metadata";

    private PrecompiledHandlers() {}

    /** Every handler interface a {@link org.apache.calcite.rel.metadata.RelMetadataQuery} asks for, by name. */
    static List<Class<? extends MetadataHandler<?>>> handlerTypes() {
        List<Class<? extends MetadataHandler<?>>> types = new ArrayList<>();
        for (Class<?> metadata : BuiltInMetadata.class.getClasses()) {
            for (Class<?> nested : metadata.getClasses()) {
                if (MetadataHandler.class.isAssignableFrom(nested) && nested.isInterface()) {
                    @SuppressWarnings("unchecked")
                    Class<? extends MetadataHandler<?>> handler = (Class<? extends MetadataHandler<?>>) nested;
                    types.add(handler);
                }
            }
        }
        types.sort(Comparator.comparing(Class::getName));
        return types;
    }

    /** The generated class's simple name for a handler interface, as Calcite names it ({@code RowCount.Handler}: {@code GeneratedMetadata_RowCountHandler}). */
    static String className(Class<?> handlerType) {
        return "GeneratedMetadata_" + handlerType.getEnclosingClass().getSimpleName() + handlerType.getSimpleName();
    }

    /**
     * The precompiled handler for {@code type} over {@code providers} (Calcite's provider list for it), or null when
     * there is none that takes those providers. The generated constructor takes only the providers the handler calls,
     * each as a parameter named {@code provider<i>} for its index among the distinct providers (as {@link #main}
     * numbers them), so the build compiles these classes with parameter names.
     */
    static MetadataHandler<?> instantiate(Class<?> type, List<? extends MetadataHandler<?>> providers) {
        Class<?> generated;
        try {
            generated = Class.forName(PACKAGE + "." + className(type), true, PrecompiledHandlers.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
        if (!type.isAssignableFrom(generated) || generated.getConstructors().length != 1) {
            return null;
        }
        List<? extends MetadataHandler<?>> distinct = providers.stream().distinct().toList();
        Constructor<?> constructor = generated.getConstructors()[0];
        Parameter[] parameters = constructor.getParameters();
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Matcher name = PROVIDER_PARAMETER.matcher(parameters[i].getName());
            int index = name.matches() ? Integer.parseInt(name.group(1)) : -1;
            if (index < 0 || index >= distinct.size() || !parameters[i].getType().isInstance(distinct.get(index))) {
                return null;
            }
            arguments[i] = distinct.get(index);
        }
        try {
            return (MetadataHandler<?>) constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static final Pattern PROVIDER_PARAMETER = Pattern.compile("provider(\\d+)");

    /**
     * Calcite's source, which Janino compiles, made into source javac compiles: a provider of a class other packages
     * cannot name (Calcite's private {@code RelMdPercentageOriginalRows.RelMdCumulativeCost}) is declared as its
     * nearest public superclass, which declares the methods called on it (its {@code getDef()} is called through
     * {@link MetadataHandler}), and nested classes are named with dots
     * ({@code BuiltInMetadata.Measure.Context}, not the binary {@code BuiltInMetadata$Measure$Context}).
     */
    private static String javacSource(String code, List<? extends MetadataHandler<?>> providers) {
        for (MetadataHandler<?> provider : providers) {
            Class<?> nameable = provider.getClass();
            while (!nameableElsewhere(nameable)) {
                nameable = nameable.getSuperclass();
            }
            code = code.replace(provider.getClass().getName() + " ", nameable.getName() + " ");
        }
        // getDef() may be declared by the provider's own class only: ask through the interface every provider has
        code = GET_DEF.matcher(code).replaceAll("((org.apache.calcite.rel.metadata.MetadataHandler) $1).getDef()");
        Matcher binaryName = BINARY_NAME.matcher(code);
        StringBuilder out = new StringBuilder();
        while (binaryName.find()) {
            String name = binaryName.group();
            String canonical;
            try {
                canonical = Class.forName(name, false, PrecompiledHandlers.class.getClassLoader()).getCanonicalName();
            } catch (ClassNotFoundException e) {
                canonical = name;                    // not a class (a string's text): left as it is
            }
            binaryName.appendReplacement(out, Matcher.quoteReplacement(canonical));
        }
        return binaryName.appendTail(out).toString();
    }

    private static final Pattern GET_DEF = Pattern.compile("\\b(provider\\d+)\\.getDef\\(\\)");

    private static final Pattern BINARY_NAME = Pattern.compile("\\b[a-z][\\w.]*\\.[A-Z]\\w*(\\$[A-Z]\\w*)+");

    /** Whether code in another package can name {@code type}: it and every class enclosing it are public. */
    private static boolean nameableElsewhere(Class<?> type) {
        for (Class<?> at = type; at != null; at = at.getEnclosingClass()) {
            if (!Modifier.isPublic(at.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /** Writes the source of every handler into {@code args[0]} (a source root): run by the build, see the class doc. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: PrecompiledHandlers <source root to write into>");
        }
        Path directory = Path.of(args[0]).resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(directory);
        Set<Path> written = new HashSet<>();
        for (Class<? extends MetadataHandler<?>> type : handlerTypes()) {
            List<? extends MetadataHandler<?>> providers = EngineMetadata.PROVIDER.handlers(type).stream().distinct().toList();
            var generated = RelMetadataHandlerGeneratorUtil.generateHandler(type, providers);
            String calciteName = generated.getHandlerName();
            String simpleName = calciteName.substring(calciteName.lastIndexOf('.') + 1);
            if (!simpleName.equals(className(type))) {
                throw new IllegalStateException("Calcite names the handler of " + type.getName() + " " + calciteName
                        + ", not " + className(type) + ": update PrecompiledHandlers.className");
            }
            String code = javacSource(generated.getGeneratedCode(), providers);
            int packageLine = code.indexOf("package " + calciteName.substring(0, calciteName.lastIndexOf('.')) + ";");
            if (packageLine < 0) {
                throw new IllegalStateException("No package declaration in Calcite's source for " + calciteName);
            }
            // the template's license comment and package give way to ours: this is a build output, not checked in
            String body = code.substring(code.indexOf('\n', packageLine) + 1);
            String source = "// Generated by PrecompiledHandlers at build time from Calcite's metadata handler generator.\n"
                    + "package " + PACKAGE + ";\n" + body;
            Path file = directory.resolve(simpleName + ".java");
            if (!Files.exists(file) || !Files.readString(file).equals(source)) {      // unchanged: not recompiled
                Files.writeString(file, source);
            }
            written.add(file);
        }
        try (var stale = Files.list(directory)) {       // a handler an earlier Calcite had: its source would not compile
            for (Path file : stale.filter(f -> !written.contains(f)).toList()) {
                Files.delete(file);
            }
        }
    }
}
