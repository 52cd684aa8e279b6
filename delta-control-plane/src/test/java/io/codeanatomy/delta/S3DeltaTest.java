package io.codeanatomy.delta;

import static io.codeanatomy.delta.DeltaTableTest.rows;
import static io.codeanatomy.delta.DeltaTableTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.testing.ArrowLeakCheck;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same read, write, DML, time-travel and maintenance cases as on the local file system, against an S3 endpoint
 * (s3proxy in process, over HTTP) through Hadoop's S3A file system.
 */
@ExtendWith(ArrowLeakCheck.class)
class S3DeltaTest {
    private static S3Proxy proxy;
    private static BlobStoreContext blobs;
    private static DeltaOptions options;

    @BeforeAll
    static void startS3() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", java.nio.file.Files.createTempDirectory("s3proxy").toString());
        blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential").overrides(properties)
                .build(BlobStoreContext.class);
        blobs.getBlobStore().createContainerInLocation(null, "lake");
        proxy = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(org.gaul.s3proxy.AuthenticationType.AWS_V2_OR_V4, "access", "secret").build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        options = DeltaOptions.DEFAULT.withStorage(Map.of(
                "fs.s3a.endpoint", "http://127.0.0.1:" + proxy.getPort(),
                "fs.s3a.endpoint.region", "us-east-1",
                "fs.s3a.path.style.access", "true",
                "fs.s3a.connection.ssl.enabled", "false",
                "fs.s3a.access.key", "access",
                "fs.s3a.secret.key", "secret",
                "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                "fs.s3a.change.detection.mode", "none"));
    }

    @AfterAll
    static void stopS3() throws Exception {
        proxy.stop();
        blobs.close();
    }

    @Test
    void racingWritersInOneProcessKeepEveryChange(EngineRuntime runtime) throws Exception {
        DeltaTable table = DeltaTable.forPath("s3a://lake/race", options.withRetryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(50)));
        try (Session session = DeltaTableTest.session(runtime)) {
            write(session, table, "SELECT CAST(id AS BIGINT) AS id FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7)) AS v(id)",
                    WriteMode.CREATE, WriteOptions.DEFAULT);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                var futures = pool.invokeAll(List.<java.util.concurrent.Callable<Object>>of(
                        () -> DeltaDml.delete(table, DeltaConcurrencyTest.idModEquals(2, 0)),
                        () -> DeltaDml.delete(table, DeltaConcurrencyTest.idModEquals(4, 1)),
                        // 103 matches neither delete, so every serial order of the three keeps it
                        () -> write(session, table, "SELECT CAST(103 AS BIGINT) AS id", WriteMode.APPEND, WriteOptions.DEFAULT)));
                for (var f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            session.register("t", DeltaTableProvider.latest(table));
            assertThat(rows(session, "SELECT id FROM t ORDER BY id")).as(DeltaMaintenance.history(table).toString())
                    .containsExactly(List.of(3L), List.of(7L), List.of(103L));
        }
    }

    @Test
    void readWriteDmlTimeTravelAndVacuumOnS3(EngineRuntime runtime) {
        DeltaTable table = DeltaTable.forPath("s3a://lake/events", options);
        try (Session session = DeltaTableTest.session(runtime)) {
            write(session, table, "SELECT * FROM (VALUES (1, 'py'), (2, 'java'), (3, 'py')) AS v(id, lang)", WriteMode.CREATE,
                    WriteOptions.partitionedBy("lang"));
            write(session, table, "SELECT 4 AS id, 'java' AS lang", WriteMode.APPEND, WriteOptions.DEFAULT);
            session.register("t", DeltaTableProvider.latest(table));
            assertThat(rows(session, "SELECT lang, count(*) FROM t GROUP BY lang ORDER BY lang"))
                    .containsExactly(List.of("java", 2L), List.of("py", 2L));

            DmlMetrics deleted = DeltaDml.delete(table, new Expression.Comparison(Expression.ComparisonOperator.EQ,
                    new Expression.Column("lang"), new Expression.Literal("py", ArrowType.Utf8.INSTANCE)));
            assertThat(deleted.rowsDeleted()).isEqualTo(2);
            assertThat(session.execute("UPDATE t SET id = id * 10 WHERE id = 4")).isEqualTo(1);
            assertThat(rows(session, "SELECT id FROM t ORDER BY id")).containsExactly(List.of(2), List.of(40));
            session.register("t1", DeltaTableProvider.atVersion(table, 1));
            assertThat(rows(session, "SELECT count(*) FROM t1")).containsExactly(List.of(4L));
            assertThat(DeltaMaintenance.history(table)).hasSize(4);

            assertThatThrownBy(() -> write(session, table, "SELECT 'x' AS id", WriteMode.APPEND, WriteOptions.DEFAULT))
                    .isInstanceOf(DeltaSchemaException.class);
            assertThat(table.version()).isEqualTo(3);
            // retired by the DELETE (the py file) and the UPDATE (the first java file)
            VacuumReport dry = DeltaMaintenance.vacuum(table, Duration.ZERO, true, true);
            assertThat(dry.candidates()).hasSize(2).allMatch(p -> p.startsWith("lang="));
            VacuumReport report = DeltaMaintenance.vacuum(table, Duration.ZERO, false, true);
            assertThat(report.deleted()).hasSameElementsAs(dry.candidates());
            assertThat(report.errors()).isEmpty();
            assertThat(rows(session, "SELECT id FROM t ORDER BY id")).containsExactly(List.of(2), List.of(40));
        }
    }
}
