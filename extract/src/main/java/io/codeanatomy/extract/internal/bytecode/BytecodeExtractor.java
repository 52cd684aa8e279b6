package io.codeanatomy.extract.internal.bytecode;

import io.codeanatomy.extract.internal.Deadline;
import io.codeanatomy.extract.internal.FileExtractor;
import io.codeanatomy.extract.internal.FileRows;
import io.codeanatomy.extract.internal.SourceFile;
import io.codeanatomy.extract.internal.TableSpec;
import io.codeanatomy.extract.internal.Tables;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Reads {@code .class} files and the classes inside jars with ASM (no class loading): classes, methods with their
 * first line, fields, and every invoke instruction with its line. The ground truth for Java call edges.
 * A broken class inside a jar becomes an error row; the jar's other classes are still extracted.
 */
public final class BytecodeExtractor implements FileExtractor {
    /** Jar entries past this size are skipped, so a zip bomb cannot exhaust memory. */
    private static final int MAX_ENTRY_BYTES = 64 << 20;

    @Override
    public String name() {
        return "bytecode";
    }

    @Override
    public List<TableSpec> tables() {
        return List.of(Tables.BC_CLASSES, Tables.BC_METHODS, Tables.BC_FIELDS, Tables.BC_INVOKES);
    }

    @Override
    public boolean accepts(SourceFile file) {
        return file.language().equals("jvm-class") || file.language().equals("jar");
    }

    @Override
    public void extract(SourceFile file, FileRows out, Deadline deadline) throws IOException {
        if (file.language().equals("jvm-class")) {
            readClass(file.fileId(), "", file.bytes(), out);
            return;
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file.bytes()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                deadline.check();
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".class")) {
                    continue;
                }
                byte[] bytes = zip.readNBytes(MAX_ENTRY_BYTES + 1);
                if (bytes.length > MAX_ENTRY_BYTES) {
                    out.add(Tables.ERRORS, file.path() + "!/" + name, name(), "EntryTooLarge",
                            "class entry over " + MAX_ENTRY_BYTES + " bytes");
                    continue;
                }
                FileRows entryRows = new FileRows();
                try {
                    readClass(file.fileId(), name, bytes, entryRows);
                    entryRows.byTable().forEach((table, rows) -> rows.forEach(row -> out.add(table, row)));
                } catch (RuntimeException e) {
                    out.add(Tables.ERRORS, file.path() + "!/" + name, name(), e.getClass().getSimpleName(),
                            String.valueOf(e.getMessage()));
                }
            }
        }
    }

    private static void readClass(long fileId, String entry, byte[] bytes, FileRows out) {
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            private String className;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                className = name;
                classRow = new Object[] {fileId, entry, name, superName, json(interfaces), access, version & 0xffff, null};
            }

            private Object[] classRow;

            @Override
            public void visitSource(String source, String debug) {
                classRow[7] = source;
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                out.add(Tables.BC_FIELDS, fileId, className, name, descriptor, access);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                Object[] methodRow = {fileId, className, name, descriptor, access, null, null};
                out.add(Tables.BC_METHODS, methodRow);
                return new MethodVisitor(Opcodes.ASM9) {
                    private int line = -1;
                    private final List<Object[]> invokes = new ArrayList<>();
                    private final java.util.TreeSet<Integer> lines = new java.util.TreeSet<>();

                    @Override
                    public void visitLineNumber(int lineNumber, Label start) {
                        line = lineNumber;
                        lines.add(lineNumber);
                        if (methodRow[5] == null || lineNumber < (Integer) methodRow[5]) {
                            methodRow[5] = lineNumber;
                        }
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String callee, String calleeDescriptor,
                            boolean isInterface) {
                        invokes.add(new Object[] {fileId, className, name, descriptor, owner, callee, calleeDescriptor,
                                opcode, line < 0 ? null : line});
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String callee, String calleeDescriptor,
                            org.objectweb.asm.Handle bootstrap, Object... bootstrapArgs) {
                        invokes.add(new Object[] {fileId, className, name, descriptor, bootstrap.getOwner(), callee,
                                calleeDescriptor, Opcodes.INVOKEDYNAMIC, line < 0 ? null : line});
                    }

                    @Override
                    public void visitEnd() {
                        // the line table, as the distinct source lines the method's code maps to: [12,13,15]
                        methodRow[6] = lines.isEmpty() ? null : lines.toString().replace(" ", "");
                        invokes.forEach(row -> out.add(Tables.BC_INVOKES, row));
                    }
                };
            }

            @Override
            public void visitEnd() {
                out.add(Tables.BC_CLASSES, classRow);
            }
        }, ClassReader.SKIP_FRAMES);
    }

    private static String json(String[] items) {
        StringBuilder sb = new StringBuilder("[");
        if (items != null) {
            for (int i = 0; i < items.length; i++) {
                sb.append(i == 0 ? "" : ",").append('"').append(items[i]).append('"');
            }
        }
        return sb.append(']').toString();
    }

    @Override
    public void close() {
        // stateless
    }
}
