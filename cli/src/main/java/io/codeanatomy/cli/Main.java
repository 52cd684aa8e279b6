package io.codeanatomy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code codeanatomy} command line. */
@Command(name = "codeanatomy", mixinStandardHelpOptions = true, version = "codeanatomy 0.1.0",
        description = "Query engine and code property graph builder.",
        subcommands = {BuildCommand.class, QueryCommand.class, ExplainCommand.class, SqlCommand.class, VacuumCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }
}
