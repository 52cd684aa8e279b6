package io.codeanatomy.cli;

import io.codeanatomy.engine.core.CodeAnatomyException;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code codeanatomy sql "<query>"}: runs one statement over the built-in sample data set and prints the result. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run one SQL statement over the built-in sample tables (languages, repos, commits).")
final class SqlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<query>", description = "The SQL statement, e.g. \"SELECT * FROM languages\"")
    String query;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Session session = Sessions.builder(RuntimeProfile.interactive()).install(new SampleData()).build()) {
            try (QueryResult result = session.sql(query).collect()) {
                out.print(result.format());
            }
            out.flush();
            return 0;
        } catch (CodeAnatomyException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
