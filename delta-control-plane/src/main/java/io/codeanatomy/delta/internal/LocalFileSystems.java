package io.codeanatomy.delta.internal;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system without its shell commands. Without Hadoop's native library (which the client jars do
 * not ship), {@link RawLocalFileSystem} runs {@code chmod} for every file and directory it creates and
 * {@code readlink} for every link-status call (the log store's rename makes several per commit): about twenty
 * processes per Delta commit, each a fork of this JVM (a CPG build made 93, 5-15 ms each). These classes do the same
 * through {@code java.nio}; a link and a sticky bit (neither of which a Delta table has) still take Hadoop's path.
 * {@link #configure} installs them for the {@code file} scheme.
 */
public final class LocalFileSystems {
    private LocalFileSystems() {}

    /** Installs these file systems for {@code file:} paths in {@code conf} (both Hadoop APIs: FileSystem and FileContext). */
    public static void configure(Configuration conf) {
        conf.set("fs.file.impl", Checksummed.class.getName());
        conf.set("fs.AbstractFileSystem.file.impl", ChecksummedFs.class.getName());
    }

    /** {@code fs.file.impl}: Hadoop's {@link LocalFileSystem} (with .crc files) over {@link Raw}. */
    public static final class Checksummed extends LocalFileSystem {
        public Checksummed() {
            super(new Raw());
        }
    }

    /** The raw local file system, with permissions set and link status read in-process. */
    public static final class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            if (permission.getStickyBit()) {
                super.setPermission(p, permission);
                return;
            }
            java.nio.file.Path file = pathToFile(p).toPath();
            try {
                Files.setPosixFilePermissions(file, posix(permission));
            } catch (UnsupportedOperationException e) {     // not a POSIX file system
                super.setPermission(p, permission);
            }
        }

        /**
         * As Hadoop's (which reads the link of {@code new File(f.toString())} with the {@code readlink} command): the
         * file's status when that is not a symbolic link, Hadoop's own answer when it is.
         */
        @Override
        public FileStatus getFileLinkStatus(Path f) throws IOException {
            if (Files.isSymbolicLink(new File(f.toString()).toPath())) {
                return super.getFileLinkStatus(f);
            }
            return getFileStatus(f);
        }

        private static Set<PosixFilePermission> posix(FsPermission permission) {
            Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
            add(out, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE);
            add(out, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE);
            add(out, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE);
            return out;
        }

        private static void add(Set<PosixFilePermission> out, FsAction action, PosixFilePermission read,
                                PosixFilePermission write, PosixFilePermission execute) {
            if (action.implies(FsAction.READ)) {
                out.add(read);
            }
            if (action.implies(FsAction.WRITE)) {
                out.add(write);
            }
            if (action.implies(FsAction.EXECUTE)) {
                out.add(execute);
            }
        }
    }

    /** {@code fs.AbstractFileSystem.file.impl} (FileContext, which the Delta log store renames with): Hadoop's LocalFs over {@link Raw}. */
    public static final class ChecksummedFs extends ChecksumFs {
        public ChecksummedFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(new RawFs(uri, conf));
        }
    }

    /** As Hadoop's RawLocalFs, over {@link Raw}. */
    static final class RawFs extends DelegateToFileSystem {
        RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new Raw(), conf, "file", false);
        }

        @Override
        public int getUriDefaultPort() {
            return -1;
        }

        @Override
        @SuppressWarnings("deprecation")
        public FsServerDefaults getServerDefaults() throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public FsServerDefaults getServerDefaults(Path f) throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public boolean isValidName(String src) {
            return true;      // any path is valid on the local file system
        }
    }
}
