package io.codeanatomy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codeanatomy.engine.core.CodeAnatomyException;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.Session;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code codeanatomy query <out> "SQL"}: SQL over a build's tables. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run SQL over the tables of a build (cpg_nodes, cpg_edges, cpg_props, extract_errors).")
final class QueryCommand implements Callable<Integer> {
    enum Format { table, csv, json }

    @Parameters(index = "0", paramLabel = "<out>", description = "The build directory (codeanatomy build --out)")
    Path dir;

    @Parameters(index = "1", paramLabel = "<query>", description = "The SQL query")
    String query;

    @Option(names = "--format", description = "table, csv or json (default: ${DEFAULT-VALUE})")
    Format format = Format.table;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!CpgTables.requireBuild(dir, err)) {
            return ExitCodes.INPUT_NOT_FOUND;
        }
        try (Session session = CpgTables.open(dir); QueryResult result = session.sql(query).collect()) {
            List<String> header = result.schema().getFields().stream().map(f -> f.getName()).toList();
            switch (format) {
                case table -> out.print(result.format());
                case csv -> {
                    out.println(String.join(",", header.stream().map(QueryCommand::csv).toList()));
                    for (List<Object> row : result.rows()) {
                        out.println(String.join(",", row.stream().map(v -> v == null ? "" : csv(String.valueOf(v))).toList()));
                    }
                }
                case json -> {
                    ObjectMapper json = new ObjectMapper();
                    ArrayNode rows = json.createArrayNode();
                    for (List<Object> row : result.rows()) {
                        ObjectNode object = rows.addObject();
                        for (int i = 0; i < header.size(); i++) {
                            object.putPOJO(header.get(i), row.get(i) instanceof java.time.temporal.Temporal t ? t.toString() : row.get(i));
                        }
                    }
                    out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
                }
            }
            out.flush();
            return ExitCodes.OK;
        } catch (CodeAnatomyException | IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILED;
        }
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
