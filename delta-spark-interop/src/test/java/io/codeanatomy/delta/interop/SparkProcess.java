package io.codeanatomy.delta.interop;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Spark driver (spark-driver module) running in a JDK 17 child process: one per test class, fed commands on stdin.
 * Its log goes to {@code target/spark-logs/<name>.log}.
 */
final class SparkProcess implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final long TIMEOUT_MINUTES = 5;
    // Spark 4 on JDK 17 reflects into these packages (the list Spark's own launcher passes)
    private static final List<String> JVM_FLAGS = List.of(
            "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path log;

    private SparkProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone; the waiting command times out or sees EOF below
            }
            lines.add("EOF");
        }, "spark-driver-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    private static SparkProcess shared;

    /**
     * The one driver of this test JVM, started on first use and stopped when the JVM exits: starting Spark costs
     * 10-20 s, so all test classes share it (each uses its own table directories).
     */
    static synchronized SparkProcess shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start("spark-driver", Path.of(property("spark.driver.logs")).resolveSibling("spark-warehouse"));
            SparkProcess started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "spark-driver-stop"));
        }
        return shared;
    }

    /** Starts the driver and waits until Spark is up. */
    static SparkProcess start(String name, Path warehouse) {
        Path javaBin = Path.of(property("spark.java.home"), "bin", "java");
        if (!Files.isExecutable(javaBin)) {
            throw new IllegalStateException("Spark needs a JDK 17 or 21 at " + javaBin
                    + "; pass -Dspark.java.home=<jdk> to the build");
        }
        try {
            String classpath = property("spark.driver.classes") + java.io.File.pathSeparator
                    + Files.readString(Path.of(property("spark.driver.classpath.file"))).trim();
            Path logs = Path.of(property("spark.driver.logs"));
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(javaBin.toString());
            command.addAll(JVM_FLAGS);
            command.add("-cp");
            command.add(classpath);
            command.add("io.codeanatomy.sparkdriver.SparkDriver");
            command.add(warehouse.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            builder.environment().put("JAVA_HOME", property("spark.java.home"));
            SparkProcess spark = new SparkProcess(builder.start(), log);
            String first = spark.nextLine();
            while (!first.startsWith("READY")) {
                if (first.equals("EOF")) {
                    throw new IllegalStateException("The Spark driver exited before it was ready; see " + log);
                }
                first = spark.nextLine();
            }
            return spark;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set: run these tests through Maven "
                    + "with -Pspark-interop");
        }
        return value;
    }

    /** Runs one command and returns its result rows as JSON objects; a failure in Spark throws {@link Failure}. */
    List<JsonNode> run(String command) {
        try {
            stdin.write(command.replace('\n', ' '));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("The Spark driver is gone; see " + log, e);
        }
        List<JsonNode> rows = new ArrayList<>();
        while (true) {
            String line = nextLine();
            if (line.equals("END")) {
                return rows;
            }
            if (line.startsWith("FAIL ")) {
                throw new Failure(command, line.substring(5));
            }
            if (line.equals("EOF")) {
                throw new IllegalStateException("The Spark driver exited during '" + command + "'; see " + log);
            }
            if (line.startsWith("ROW ")) {
                try {
                    rows.add(JSON.readTree(line.substring(4)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** {@code sql <statement>}. */
    List<JsonNode> sql(String statement) {
        return run("sql " + statement);
    }

    private String nextLine() {
        try {
            String line = lines.poll(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (line == null) {
                throw new IllegalStateException("The Spark driver did not answer within " + TIMEOUT_MINUTES + " minutes; see " + log);
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            stdin.write("quit\n");
            stdin.flush();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Spark rejected a command. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String command, String message) {
            super("Spark failed on '" + command + "': " + message);
        }
    }
}
