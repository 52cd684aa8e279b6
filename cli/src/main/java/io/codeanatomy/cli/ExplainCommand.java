package io.codeanatomy.cli;

import io.codeanatomy.engine.core.CodeAnatomyException;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import io.codeanatomy.engine.core.plan.PlanBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code codeanatomy explain "<query>"}: prints a query's plan bundle, as text or JSON, or its diff to a saved one. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Show a query's plans, identity, optimizer trace, lineage and pushdown contract, over a build's "
                + "tables or (without <out>) the sample tables.")
final class ExplainCommand implements Callable<Integer> {
    @Parameters(arity = "1..2", paramLabel = "[<out>] <query>",
            description = "Optionally a build directory (then the query runs over its tables), and the SQL query")
    java.util.List<String> arguments;

    @Option(names = "--json", description = "Print the whole bundle as JSON (see docs/plan-bundle.md)")
    boolean json;

    @Option(names = "--diff", paramLabel = "<bundle.json>", description = "Compare with a bundle saved with --json")
    Path diffWith;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path build = arguments.size() == 2 ? Path.of(arguments.get(0)) : null;
        String query = arguments.getLast();
        if (build != null && !CpgTables.requireBuild(build, err)) {
            return ExitCodes.INPUT_NOT_FOUND;
        }
        try (Session session = build != null ? CpgTables.open(build)
                : Sessions.builder(RuntimeProfile.interactive()).install(new SampleData()).build()) {
            PlanBundle bundle = session.sql(query).planBundle();
            if (diffWith != null) {
                PlanBundle before = PlanBundle.fromJson(Files.readString(diffWith));
                var changes = bundle.diff(before);
                out.println(changes.isEmpty() ? "No differences." : String.join(System.lineSeparator(), changes));
            } else if (json) {
                out.println(bundle.toJson());
            } else {
                out.print(text(bundle));
            }
            out.flush();
            return 0;
        } catch (CodeAnatomyException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private static String text(PlanBundle bundle) {
        StringBuilder out = new StringBuilder();
        out.append("Logical plan:\n").append(bundle.parsed().text());
        out.append("\nOptimized plan:\n").append(bundle.optimized().text());
        out.append("\nPhysical plan:\n").append(bundle.physical().text());
        out.append("\nPushdown:\n");
        bundle.pushdown().forEach(scan -> {
            out.append("  ").append(scan.table()).append(' ').append(scan.columns()).append('\n');
            scan.filters().forEach(f -> out.append("    ").append(f.filter()).append(": ").append(f.support())
                    .append(" (").append(f.evaluatedAt()).append(")\n"));
        });
        out.append("\nColumn lineage:\n");
        bundle.lineage().columnSources().forEach((column, sources) -> out.append("  ").append(column).append(" <- ")
                .append(sources).append('\n'));
        out.append("\nOptimizer trace (").append(bundle.trace().size()).append(" rule applications):\n");
        bundle.trace().forEach(r -> out.append("  ").append(r.ordinal()).append(' ').append(r.phase()).append(' ')
                .append(r.rule()).append('\n'));
        out.append("\nPlan identity: ").append(bundle.planIdentity()).append('\n');
        return out.toString();
    }
}
