package io.codeanatomy.extract.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Lists the files of a repository: honours nested {@code .gitignore}s, {@code .git/info/exclude} and the option
 * globs, never leaves the root through a symlink, and ends symlink loops. Every file it cannot take is an error row.
 * Reads no file content except ignore files.
 */
public final class RepoWalker {
    public static final String STAGE = "scan";

    /** A file to extract: its repo-relative path and the path to open (a symlink inside the root, possibly). */
    public record Candidate(String path, Path file) {}

    public record Listing(List<Candidate> files, List<ErrorRow> errors) {
        public Listing {
            files = List.copyOf(files);
            errors = List.copyOf(errors);
        }
    }

    private record Frame(Path dir, String rel, IgnoreRules rules, Path real, Frame parent) {
        boolean hasAncestor(Path realDir) {
            for (Frame f = this; f != null; f = f.parent) {
                if (f.real.equals(realDir)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Path root;
    private final Path realRoot;
    private final IgnoreRules excludes;
    private final IgnoreRules includes;
    private final boolean hasIncludes;

    public RepoWalker(Path root, List<String> includeGlobs, List<String> excludeGlobs) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
        this.excludes = IgnoreRules.empty().with("", String.join("\n", excludeGlobs));
        this.includes = IgnoreRules.empty().with("", String.join("\n", includeGlobs));
        this.hasIncludes = !includeGlobs.isEmpty();
    }

    public Listing walk(BooleanSupplier cancelled) {
        List<Candidate> files = new ArrayList<>();
        List<ErrorRow> errors = new ArrayList<>();
        Set<Path> seenDirs = new HashSet<>();
        IgnoreRules rootRules = IgnoreRules.empty()
                .with("", readIgnoreFile(root.resolve(".git").resolve("info").resolve("exclude"), ".git/info/exclude", errors))
                .with("", readIgnoreFile(root.resolve(".gitignore"), ".gitignore", errors));
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(root, "", rootRules, realRoot, null));
        seenDirs.add(realRoot);
        while (!stack.isEmpty() && !cancelled.getAsBoolean()) {
            Frame frame = stack.pop();
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(frame.dir())) {
                stream.forEach(entries::add);
            } catch (AccessDeniedException e) {
                errors.add(new ErrorRow(displayPath(frame.rel()), STAGE, "UnreadableDirectory", "permission denied"));
                continue;
            } catch (IOException | RuntimeException e) {
                errors.add(new ErrorRow(displayPath(frame.rel()), STAGE, "UnreadableDirectory", describe(e)));
                continue;
            }
            entries.sort(null);
            List<Frame> children = new ArrayList<>();
            for (Path entry : entries) {
                visit(frame, entry, files, errors, children, seenDirs);
            }
            // Push in reverse so directories are walked in name order (deterministic output).
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(children.get(i));
            }
        }
        return new Listing(files, errors);
    }

    private void visit(Frame frame, Path entry, List<Candidate> files, List<ErrorRow> errors, List<Frame> children,
            Set<Path> seenDirs) {
        String name = entry.getFileName().toString();
        if (name.equals(".git")) {
            return;   // the repository's own store, or a submodule's ".git" file: never source
        }
        String rel = frame.rel().isEmpty() ? name : frame.rel() + "/" + name;
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            errors.add(new ErrorRow(rel, STAGE, "Unreadable", describe(e)));
            return;
        }
        boolean isDirectory = attrs.isDirectory();
        Path real = null;
        if (attrs.isSymbolicLink()) {
            try {
                real = entry.toRealPath();
            } catch (FileSystemException e) {
                String reason = e.getReason() == null ? "" : e.getReason();
                boolean loop = reason.contains("levels of symbolic links");
                errors.add(new ErrorRow(rel, STAGE, loop ? "SymlinkLoop" : "BrokenSymlink", describe(e)));
                return;
            } catch (IOException | RuntimeException e) {
                errors.add(new ErrorRow(rel, STAGE, "BrokenSymlink", describe(e)));
                return;
            }
            if (!real.startsWith(realRoot)) {
                // Never read outside the root: the target is not even opened.
                errors.add(new ErrorRow(rel, STAGE, "SymlinkOutsideRoot", "symlink points outside the repository root"));
                return;
            }
            isDirectory = Files.isDirectory(real);
            if (!isDirectory && !Files.isRegularFile(real)) {
                errors.add(new ErrorRow(rel, STAGE, "NotRegularFile", "symlink to a special file"));
                return;
            }
        }
        if (isDirectory) {
            if (frame.rules().isIgnored(rel, true) || excludes.isIgnored(rel, true)) {
                return;
            }
            if (real == null) {
                real = frame.real().resolve(name);
            }
            if (frame.hasAncestor(real)) {
                errors.add(new ErrorRow(rel, STAGE, "SymlinkLoop", "symlink to an enclosing directory"));
                return;
            }
            if (!seenDirs.add(real)) {
                errors.add(new ErrorRow(rel, STAGE, "SymlinkDuplicate", "directory already scanned through another path"));
                return;
            }
            IgnoreRules rules = frame.rules().with(rel, readIgnoreFile(entry.resolve(".gitignore"), rel + "/.gitignore", errors));
            children.add(new Frame(entry, rel, rules, real, frame));
            return;
        }
        if (real == null && !attrs.isRegularFile()) {
            errors.add(new ErrorRow(rel, STAGE, "NotRegularFile", "not a regular file (device, socket or pipe)"));
            return;
        }
        if (frame.rules().isIgnored(rel, false) || excludes.isIgnored(rel, false)
                || (hasIncludes && !includes.isIgnored(rel, false))) {
            return;
        }
        files.add(new Candidate(rel, entry));
    }

    private static String readIgnoreFile(Path file, String rel, List<ErrorRow> errors) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "";
        }
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            errors.add(new ErrorRow(rel, STAGE, "UnreadableIgnoreFile", describe(e)));
            return "";
        }
    }

    private static String displayPath(String rel) {
        return rel.isEmpty() ? "." : rel;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
