package io.codeanatomy.delta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileSystemsTest {
    @TempDir
    java.nio.file.Path dir;

    private static Configuration conf() {
        Configuration conf = new Configuration();
        LocalFileSystems.configure(conf);
        return conf;
    }

    @Test
    void createsFilesAndDirectoriesWithHadoopsPermissions() throws Exception {
        Configuration conf = conf();
        FileSystem fs = FileSystem.newInstance(dir.toUri(), conf);
        try {
            assertThat(fs).isInstanceOf(LocalFileSystems.Checksummed.class);
            Path file = new Path(dir.toUri().toString(), "a/b/data.bin");
            try (OutputStream out = fs.create(file)) {
                out.write(new byte[] {1, 2, 3});
            }
            FsPermission umasked = FsPermission.getFileDefault().applyUMask(FsPermission.getUMask(conf));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/data.bin"))))
                    .isEqualTo(umasked.toString());
            assertThat(Files.exists(dir.resolve("a/b/.data.bin.crc"))).as("the checksum file").isTrue();
            fs.setPermission(file, new FsPermission((short) 0640));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/data.bin"))))
                    .isEqualTo("rw-r-----");
            FileStatus status = fs.getFileLinkStatus(file);
            assertThat(status.isSymlink()).isFalse();
            assertThat(status.getLen()).isEqualTo(3);
        } finally {
            fs.close();
        }
    }

    @Test
    void fileContextRenamesAsDeltasLogStoreDoes() throws Exception {
        FileContext context = FileContext.getFileContext(dir.toUri(), conf());
        Path from = new Path(dir.toUri().toString(), "_delta_log/.0.json.tmp");
        Path to = new Path(dir.toUri().toString(), "_delta_log/0.json");
        try (OutputStream out = context.create(from, java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE),
                Options.CreateOpts.createParent())) {
            out.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        context.rename(from, to, Options.Rename.NONE);
        assertThat(Files.readString(dir.resolve("_delta_log/0.json"))).isEqualTo("{}");
        assertThat(Files.exists(dir.resolve("_delta_log/.0.json.tmp"))).isFalse();
        assertThat(context.getFileLinkStatus(to).isSymlink()).isFalse();
    }

    @Test
    void aSymbolicLinkIsStillReportedAsOne() throws Exception {
        Files.writeString(dir.resolve("target"), "x");
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target"));
        FileSystem fs = FileSystem.newInstance(dir.toUri(), conf());
        try {
            FileStatus status = fs.getFileLinkStatus(new Path(dir.resolve("link").toString()));
            assertThat(status.isSymlink()).isTrue();
        } finally {
            fs.close();
        }
    }
}
