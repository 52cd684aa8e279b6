package io.codeanatomy.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public package stays small and never shows an internal, tree-sitter or ASM type in a signature. */
class ApiSurfaceTest {
    private static final List<Class<?>> PUBLIC_TYPES = List.of(ExtractionRuntime.class, ExtractOptions.class,
            ExtractorKind.class, ExtractionSink.class, SessionSink.class, ExtractionJob.class, ExtractionSummary.class,
            Progress.class, ProgressListener.class, ExtractionException.class, ExtractionCache.class);

    @Test
    void publicSignaturesUseOnlyPublicTypes() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : PUBLIC_TYPES) {
            List<Executable> members = new ArrayList<>(Arrays.asList(type.getDeclaredConstructors()));
            members.addAll(Arrays.asList(type.getDeclaredMethods()));
            for (Executable member : members) {
                if (!Modifier.isPublic(member.getModifiers()) || member.isSynthetic()) {
                    continue;
                }
                List<Type> types = new ArrayList<>(Arrays.asList(member.getGenericParameterTypes()));
                if (member instanceof Method method) {
                    types.add(method.getGenericReturnType());
                }
                for (Type t : types) {
                    String name = t.getTypeName();
                    if (name.contains(".internal.") || name.contains("treesitter") || name.contains("objectweb")) {
                        leaks.add(type.getSimpleName() + "." + member.getName() + ": " + name);
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void everyPublicTypeOfThePackageIsListed() throws Exception {
        // A new public type must be added above on purpose (and reviewed as API).
        for (Class<?> type : PUBLIC_TYPES) {
            assertThat(Modifier.isPublic(type.getModifiers())).as(type.getName()).isTrue();
        }
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/java/io/codeanatomy/extract"))) {
            List<String> sources = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .filter(n -> !n.equals("package-info.java")).map(n -> n.replace(".java", "")).sorted().toList();
            assertThat(sources).containsExactlyInAnyOrderElementsOf(PUBLIC_TYPES.stream().map(Class::getSimpleName).toList());
        }
    }
}
