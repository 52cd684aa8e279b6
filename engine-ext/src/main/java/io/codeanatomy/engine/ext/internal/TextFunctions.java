package io.codeanatomy.engine.ext.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The row-level bodies of the text functions, shared by the SQL functions and the public Java helpers. */
public final class TextFunctions {
    private TextFunctions() {}

    /** The UTF-8 bytes of one part with its length prefix; see {@code StableId} for the format. */
    static int encodePart(byte[] part, int partLength, byte[] out, int at) {
        long prefix = part == null ? -1L : partLength;
        for (int k = 0; k < 8; k++) {
            out[at + k] = (byte) (prefix >>> (8 * k));
        }
        if (part != null) {
            System.arraycopy(part, 0, out, at + 8, partLength);
        }
        return at + 8 + (part == null ? 0 : partLength);
    }

    /** stable_id over Java strings; a null element is a NULL part. */
    public static long stableId(List<String> parts) {
        int size = 0;
        byte[][] bytes = new byte[parts.size()][];
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            bytes[i] = p == null ? null : p.getBytes(StandardCharsets.UTF_8);
            size += 8 + (p == null ? 0 : bytes[i].length);
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] b : bytes) {
            at = encodePart(b, b == null ? 0 : b.length, out, at);
        }
        return XxHash64.hash(out, 0, size, 0);
    }

    /**
     * Lexical path normalization: backslashes become '/', repeated slashes and "." segments go, ".." removes the
     * segment before it (kept at the front of a relative path, dropped at the root of an absolute one), no trailing
     * slash; an empty result is ".".
     */
    public static String normalizePath(String path) {
        String p = path.replace('\\', '/');
        boolean absolute = p.startsWith("/");
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : p.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty() && !segments.peekLast().equals("..")) {
                    segments.removeLast();
                } else if (!absolute) {
                    segments.addLast(segment);
                }
                continue;
            }
            segments.addLast(segment);
        }
        String joined = String.join("/", segments);
        if (absolute) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** Dot-joins the parts that are neither null nor empty; "" when none is left. */
    public static String qualnameJoin(List<String> parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (part == null || part.isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(part);
        }
        return out.toString();
    }

    /**
     * {@code from ..x import y} in module {@code a.b.c}: one dot is the importing module's package ({@code a.b}, or the
     * module itself when it is a package's {@code __init__}), each further dot one package up; then {@code x}.
     * Null when the dots climb above the top-level package.
     */
    public static String resolveRelativeModule(String importing, boolean isPackage, long level, String module) {
        if (level <= 0) {
            return module;
        }
        List<String> parts = new java.util.ArrayList<>(List.of(importing.split("\\.")));
        if (!isPackage) {
            parts.removeLast();
        }
        for (long up = 1; up < level; up++) {
            if (parts.isEmpty()) {
                return null;
            }
            parts.removeLast();
        }
        if (parts.isEmpty() && module.isEmpty()) {
            return null;
        }
        String base = String.join(".", parts);
        return module.isEmpty() ? base : base.isEmpty() ? module : base + "." + module;
    }
}
