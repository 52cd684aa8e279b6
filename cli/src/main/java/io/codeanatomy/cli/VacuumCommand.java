package io.codeanatomy.cli;

import io.codeanatomy.delta.DeltaMaintenance;
import io.codeanatomy.delta.DeltaTable;
import io.codeanatomy.delta.VacuumReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code codeanatomy vacuum <out>}: deletes the data files of a build directory's older versions. Every full build
 * overwrites the tables and keeps the files of the versions before it (Delta's time travel), so a directory rebuilt
 * daily grows by a copy of the graph a day until it is vacuumed.
 */
@Command(name = "vacuum", mixinStandardHelpOptions = true,
        description = "Delete the files of a build's older table versions (VACUUM), after checkpointing each table.")
final class VacuumCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<out>", description = "The build directory (codeanatomy build --out)")
    Path dir;

    @Option(names = "--retain-hours", paramLabel = "<hours>",
            description = "Keep what versions of the last <hours> need (default: ${DEFAULT-VALUE}, Delta's 7 days)")
    long retainHours = DeltaMaintenance.DEFAULT_RETENTION.toHours();

    @Option(names = "--allow-short-retention",
            description = "Allow fewer than 168 hours: time travel to older versions and readers still reading them break")
    boolean allowShortRetention;

    @Option(names = "--dry-run", description = "List what would be deleted, delete nothing")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!CpgTables.requireBuild(dir, err)) {
            return ExitCodes.INPUT_NOT_FOUND;
        }
        Duration retention = Duration.ofHours(retainHours);
        if (retainHours < 0 || (retention.compareTo(DeltaMaintenance.DEFAULT_RETENTION) < 0 && !allowShortRetention)) {
            err.println("error: --retain-hours " + retainHours + " is " + (retainHours < 0 ? "negative"
                    : "under " + DeltaMaintenance.DEFAULT_RETENTION.toHours() + " hours; older versions would lose "
                    + "their files. Pass --allow-short-retention if no one reads them"));
            err.flush();
            return ExitCodes.USAGE;
        }
        long files = 0;
        long bytes = 0;
        int failed = 0;
        for (String name : CpgTables.TABLES) {
            DeltaTable table = DeltaTable.forPath(dir.resolve(name));
            if (!table.exists()) {
                continue;
            }
            if (!dryRun) {
                DeltaMaintenance.checkpoint(table);      // later reads replay no commit from before it
            }
            VacuumReport report = DeltaMaintenance.vacuum(table, retention, dryRun, true);
            long count = dryRun ? report.candidates().size() : report.deleted().size();
            out.printf("%-15s %s %,d files, %,d bytes%n", name, dryRun ? "would delete" : "deleted", count, report.bytes());
            for (VacuumReport.FileError error : report.errors()) {
                err.println("error: " + name + "/" + error.path() + ": " + error.message());
                failed++;
            }
            files += count;
            bytes += report.bytes();
        }
        out.printf("%s %,d files (%,d bytes) of versions older than %d hours%n", dryRun ? "Would delete" : "Deleted",
                files, bytes, retainHours);
        out.flush();
        err.flush();
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
