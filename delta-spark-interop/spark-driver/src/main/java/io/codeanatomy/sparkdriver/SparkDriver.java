package io.codeanatomy.sparkdriver;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Runs Spark with delta-spark in local mode and executes commands read from stdin, one per line, so one JVM serves a
 * whole test class. Every command answers with zero or more {@code ROW <json>} lines and then {@code END} or
 * {@code FAIL <message>}; anything else on stdout is noise to be ignored by the reader.
 *
 * <ul>
 *   <li>{@code sql <statement>} runs Spark SQL and prints its result rows (if any)</li>
 *   <li>{@code read <path>} prints the rows of the Delta table at {@code path}</li>
 *   <li>{@code changes <path> <from> <to>} prints the change feed of versions from..to (readChangeFeed)</li>
 *   <li>{@code quit} stops Spark and exits</li>
 * </ul>
 *
 * Arguments: the Spark warehouse directory.
 */
public final class SparkDriver {
    private SparkDriver() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        SparkSession spark = SparkSession.builder()
                .appName("codeanatomy-delta-interop")
                .master("local[1]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "1")
                .config("spark.default.parallelism", "1")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.jsonGenerator.ignoreNullFields", "false")
                // tiny tables: compiling generated code, 50-way log replay and adaptive re-planning cost more than
                // they save (measured: a DML script ran in 24 s instead of 58 s)
                .config("spark.sql.codegen.wholeStage", "false")
                .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
                .config("spark.databricks.delta.snapshotPartitions", "1")
                .config("spark.sql.adaptive.enabled", "false")
                .config("spark.sql.warehouse.dir", args.length > 0 ? args[0] : "spark-warehouse")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .getOrCreate();
        out.println("READY " + spark.version());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            if (line.equals("quit")) {
                break;
            }
            try {
                Dataset<Row> result = run(spark, line);
                if (result != null) {
                    for (Row row : json(result).collectAsList()) {
                        out.println("ROW " + row.getString(0));
                    }
                }
                out.println("END");
            } catch (Exception | LinkageError e) {
                out.println("FAIL " + (e.getClass().getName() + ": " + e.getMessage()).replace('\n', ' '));
            }
        }
        spark.stop();
        out.println("BYE");
    }

    /** One JSON object per row, nulls kept, timestamps to the microsecond, binary as base64. */
    private static Dataset<Row> json(Dataset<Row> result) {
        Column[] columns = new Column[result.columns().length];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = result.col("`" + result.columns()[i] + "`");
        }
        Map<String, String> options = new HashMap<>();
        options.put("ignoreNullFields", "false");
        options.put("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");
        options.put("timestampNTZFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
        return result.select(functions.to_json(functions.struct(columns), options));
    }

    private static Dataset<Row> run(SparkSession spark, String line) {
        int space = line.indexOf(' ');
        String command = space < 0 ? line : line.substring(0, space);
        String rest = space < 0 ? "" : line.substring(space + 1).trim();
        switch (command) {
            case "sql":
                return spark.sql(rest);
            case "read":
                return spark.read().format("delta").load(rest);
            case "changes": {
                String[] parts = rest.split(" ");
                return spark.read().format("delta")
                        .option("readChangeFeed", "true")
                        .option("startingVersion", parts[1])
                        .option("endingVersion", parts[2])
                        .load(parts[0]);
            }
            default:
                throw new IllegalArgumentException("unknown command '" + command + "'; expected sql, read, changes or quit");
        }
    }
}
