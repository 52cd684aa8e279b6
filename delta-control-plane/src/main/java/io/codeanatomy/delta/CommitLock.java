package io.codeanatomy.delta;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Makes "write version N+1 only if it does not exist" atomic on the local file system. Kernel's local log store
 * checks and renames without mutual exclusion, so two writers committing the same version can overwrite each other
 * (measured here: a corrupted commit file and a lost update). Holding a per-table lock across the commit — a
 * {@link ReentrantLock} between threads of this JVM and an OS file lock on {@code _delta_log/.codeanatomy-commit.lock}
 * between processes — restores put-if-absent. On object stores only the first half applies: writers in one JVM are
 * serialized, writers in different processes are not (see docs/delta.md).
 */
final class CommitLock {
    private static final ConcurrentHashMap<String, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

    private CommitLock() {}

    static <T> T around(DeltaTable table, Supplier<T> commit) {
        URI uri = URI.create(table.location().replace(" ", "%20"));
        ReentrantLock lock = LOCAL.computeIfAbsent(table.location(), k -> new ReentrantLock());
        lock.lock();
        try {
            if (!"file".equals(uri.getScheme())) {
                return commit.get();
            }
            Path log = Path.of(uri).resolve("_delta_log");
            Files.createDirectories(log);
            try (FileChannel channel = FileChannel.open(log.resolve(".codeanatomy-commit.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return commit.get();
            }
        } catch (IOException e) {
            throw new DeltaException("Cannot lock the log of " + table.location() + " for a commit: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
