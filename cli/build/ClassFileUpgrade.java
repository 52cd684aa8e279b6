import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the classes of the given jars that are older than Java 6 (class file version 50) as version 52 (Java 8),
 * with the stack maps the newer format requires. Run at package time on copies in target/lib, as a single-file
 * program: {@code java cli/build/ClassFileUpgrade.java <jar>...}.
 *
 * <p>Why: the JVM leaves classes of version 49 and older out of an AOT cache ("Skipping ...: Old class has been
 * linked"), because they are checked by the old inferencing verifier. picocli is compiled for Java 5, so its 170
 * classes were loaded from the jar and verified on every run of the CLI, on the main thread before any work starts.
 * Only the version and the stack maps change; the bytecode is the same.
 */
public final class ClassFileUpgrade {
    private static final int TARGET_MAJOR = ClassFile.JAVA_8_VERSION;
    private static final int OLDEST_CACHEABLE_MAJOR = ClassFile.JAVA_6_VERSION;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: java ClassFileUpgrade.java <jar>...");
        }
        for (String arg : args) {
            upgrade(Path.of(arg));
        }
    }

    private static void upgrade(Path jar) throws Exception {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        int upgraded = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                     ClassLoader.getPlatformClassLoader());
             ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            // stack maps need the common superclass of two types: from the jar itself and the JDK's modules
            ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.ofClassLoading(loader)));
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    ClassModel model = classFile.parse(bytes);
                    if (model.majorVersion() < OLDEST_CACHEABLE_MAJOR) {
                        // every method body is re-emitted (not copied), so its stack maps are generated
                        bytes = classFile.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                .andThen((builder, element) -> {
                                    if (element instanceof ClassFileVersion) {
                                        builder.withVersion(TARGET_MAJOR, 0);
                                    } else {
                                        builder.with(element);
                                    }
                                }));
                        upgraded++;
                    }
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("ClassFileUpgrade: " + upgraded + " classes of " + jar.getFileName() + " now version " + TARGET_MAJOR);
    }
}
