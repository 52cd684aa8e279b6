package io.codeanatomy.bench;

import io.codeanatomy.engine.core.RuntimeProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Collects the per-query outcomes and renders them as a markdown report and a CSV file. */
final class TpchReport {
    private final TpchOptions options;
    private final String machine;
    private final Map<String, Double> loadMillis = new LinkedHashMap<>();
    private final List<Line> lines = new ArrayList<>();
    private String profile = "";
    private long dataBytes = -1;

    /**
     * One query's outcomes.
     *
     * @param check "agree", or what differs from the reference engine (DuckDB when it finished, else ours)
     * @param rows  the reference result's row count, or -1 when no engine finished
     */
    record Line(TpchQuery query, Map<String, Outcome> outcomes, String check, int rows) {
        Line {
            outcomes = Map.copyOf(outcomes);
        }

        Outcome.Measured measured(String engine) {
            return outcomes.get(engine) instanceof Outcome.Measured m ? m : null;
        }

        /** ours' median over the other engine's, or NaN when either did not finish. */
        double ratio(String engine) {
            Outcome.Measured ours = measured("ours");
            Outcome.Measured other = measured(engine);
            return ours == null || other == null ? Double.NaN : ours.medianMillis() / other.medianMillis();
        }
    }

    TpchReport(TpchOptions options, String machine) {
        this.options = options;
        this.machine = machine;
    }

    String machine() {
        return machine;
    }

    void profile(RuntimeProfile p) {
        profile = p.name() + ": targetPartitions " + p.execution().targetPartitions() + ", batchSize "
                + p.execution().batchSize() + ", memory limit per query " + p.execution().memoryLimitBytes() / (1 << 20) + " MiB"
                + ", join dynamic filters " + (p.features().joinDynamicFilters() ? "on" : "off")
                + ", plan cache " + (p.cache().planCacheEntries() > 0 ? p.cache().planCacheEntries() + " entries" : "off");
    }

    void loaded(String what, double millis) {
        loadMillis.put(what, millis);
    }

    void dataBytes(long bytes) {
        dataBytes = bytes;
    }

    String loadLine() {
        return "load: " + loadMillis.entrySet().stream()
                .map(e -> e.getKey() + " " + fmt(e.getValue() / 1000, 1) + " s").collect(Collectors.joining(", "))
                + "; our tables hold " + mib(dataBytes) + " MiB of Arrow memory";
    }

    /** Adds a query's outcomes, checks them against each other, and returns a one-line summary for the console. */
    String add(TpchQuery query, Map<String, Outcome> outcomes) {
        String reference = outcomes.get("DuckDB") instanceof Outcome.Measured ? "DuckDB" : "ours";
        List<String> differences = new ArrayList<>();
        int rows = -1;
        if (outcomes.get(reference) instanceof Outcome.Measured expected) {
            rows = expected.rows().size();
            for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
                if (!e.getKey().equals(reference) && e.getValue() instanceof Outcome.Measured actual) {
                    String difference = Rows.difference(expected.rows(), actual.rows(), query.ordered());
                    if (difference != null) {
                        differences.add(e.getKey() + " vs " + reference + ": " + difference);
                    }
                }
            }
        }
        long compared = outcomes.values().stream().filter(o -> o instanceof Outcome.Measured).count();
        String check = rows < 0 ? "nothing to compare"
                : !differences.isEmpty() ? String.join("; ", differences)
                : compared < outcomes.size() ? "agree (" + compared + " of " + outcomes.size() + " engines finished)"
                : "agree";
        Line line = new Line(query, outcomes, check, rows);
        lines.add(line);
        StringBuilder console = new StringBuilder(String.format(Locale.ROOT, "%-4s", query.label()));
        for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
            console.append("  ").append(e.getKey()).append(' ').append(cell(e.getValue()));
            if (e.getValue() instanceof Outcome.Measured m) {
                console.append(" (cpu ").append(fmt(m.medianCpuMillis(), 0)).append(')');
            }
        }
        return console.append("  rows ").append(rows).append("  ").append(check).toString();
    }

    private static String cell(Outcome outcome) {
        return switch (outcome) {
            case null -> "-";
            case Outcome.Measured m -> fmt(m.medianMillis(), 1) + (m.disturbed() ? "*" : "");
            case Outcome.TimedOut t -> "timeout (>" + t.seconds() + " s)";
            case Outcome.Failed f -> "error";
        };
    }

    String summary() {
        List<Double> duck = ratios("DuckDB");
        List<Double> h2 = ratios("H2");
        StringBuilder s = new StringBuilder();
        s.append("geometric mean ours/DuckDB: ").append(fmt(Stats.geometricMean(duck), 2))
                .append(" over ").append(duck.size()).append(" queries both finished\n");
        Line worst = null;
        for (Line line : lines) {
            if (!Double.isNaN(line.ratio("DuckDB")) && (worst == null || line.ratio("DuckDB") > worst.ratio("DuckDB"))) {
                worst = line;
            }
        }
        if (worst != null) {
            s.append("worst ours/DuckDB: ").append(worst.query().label()).append(' ').append(fmt(worst.ratio("DuckDB"), 2)).append('\n');
        }
        if (!h2.isEmpty()) {
            long slower = h2.stream().filter(r -> r > 1).count();
            s.append("geometric mean ours/H2: ").append(fmt(Stats.geometricMean(h2), 2)).append(" over ").append(h2.size())
                    .append(" queries; ours slower than H2 on ").append(slower).append('\n');
        }
        List<Double> warm = new ArrayList<>();
        List<Double> cold = new ArrayList<>();
        long peak = -1;
        for (Line line : lines) {
            Outcome.Measured ours = line.measured("ours");
            if (ours != null) {
                warm.add(ours.warmPlanMillis());
                cold.add(ours.coldPlanMillis());
                peak = Math.max(peak, ours.peakBytes());
            }
        }
        s.append("ours planning: warm median ").append(fmt(Stats.median(warm), 1)).append(" ms (max ")
                .append(fmt(warm.stream().mapToDouble(d -> d).max().orElse(Double.NaN), 1)).append("), cold median ")
                .append(fmt(Stats.median(cold), 1)).append(" ms (max ")
                .append(fmt(cold.stream().mapToDouble(d -> d).max().orElse(Double.NaN), 1)).append(")\n");
        s.append("ours peak query memory: ").append(mib(peak)).append(" MiB on top of ").append(mib(dataBytes))
                .append(" MiB of table data\n");
        long agree = lines.stream().filter(l -> l.check().startsWith("agree")).count();
        long complete = lines.stream().filter(l -> l.check().equals("agree")).count();
        s.append("result checks: ").append(agree).append(" of ").append(lines.size())
                .append(" agree among the engines that finished; all engines finished and agree on ").append(complete);
        return s.toString();
    }

    private List<Double> ratios(String engine) {
        return lines.stream().map(l -> l.ratio(engine)).filter(r -> !Double.isNaN(r)).toList();
    }

    /** Rewrites {@code tpch-sf<sf>.md} and {@code .csv} under the output directory with what is known so far. */
    void write() throws IOException {
        Files.createDirectories(options.out());
        String base = "tpch-sf" + options.scaleLabel();
        Files.writeString(options.out().resolve(base + ".md"), markdown());
        Files.writeString(options.out().resolve(base + ".csv"), csv());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## TPC-H SF ").append(options.scaleLabel()).append("\n\n");
        md.append("- machine: ").append(machine).append('\n');
        md.append("- profile: ").append(profile).append('\n');
        md.append("- runs: ").append(options.warmup()).append(" warm-up + ").append(options.runs())
                .append(" timed per query and engine, interleaved round by round; medians; timeout ")
                .append(options.timeoutSeconds()).append(" s per run; an engine whose warm-up run took over ")
                .append(options.slowSeconds()).append(" s does one timed run\n");
        md.append("- ").append(loadLine()).append("\n\n");
        md.append("| query | ours ms | DuckDB ms | H2 ms | ours/DuckDB | ours/H2 | rows | ours plan cold ms | ours plan warm ms | ours peak MiB | results |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Line line : lines) {
            Outcome.Measured ours = line.measured("ours");
            md.append("| ").append(line.query().label())
                    .append(" | ").append(cell(line.outcomes().get("ours")))
                    .append(" | ").append(cell(line.outcomes().get("DuckDB")))
                    .append(" | ").append(cell(line.outcomes().get("H2")))
                    .append(" | ").append(fmt(line.ratio("DuckDB"), 2))
                    .append(" | ").append(fmt(line.ratio("H2"), 2))
                    .append(" | ").append(line.rows() < 0 ? "-" : Integer.toString(line.rows()))
                    .append(" | ").append(ours == null ? "-" : fmt(ours.coldPlanMillis(), 1))
                    .append(" | ").append(ours == null ? "-" : fmt(ours.warmPlanMillis(), 1))
                    .append(" | ").append(ours == null ? "-" : mib(ours.peakBytes()))
                    .append(" | ").append(line.check().replace("|", "\\|"))
                    .append(" |\n");
        }
        md.append('\n');
        List<String> errors = new ArrayList<>();
        for (Line line : lines) {
            for (Map.Entry<String, Outcome> e : line.outcomes().entrySet()) {
                if (e.getValue() instanceof Outcome.Failed f) {
                    errors.add(line.query().label() + " " + e.getKey() + ": " + f.message());
                }
            }
        }
        if (!errors.isEmpty()) {
            md.append("Errors:\n\n");
            errors.forEach(e -> md.append("- ").append(e.replace("|", "\\|")).append('\n'));
            md.append('\n');
        }
        if (lines.stream().anyMatch(l -> l.outcomes().values().stream()
                .anyMatch(o -> o instanceof Outcome.Measured m && m.disturbed()))) {
            md.append("`*` measured while an abandoned (timed-out) run of ours was still using a core.\n\n");
        }
        md.append("```\n").append(summary()).append("\n```\n");
        return md.toString();
    }

    String csv() {
        StringBuilder csv = new StringBuilder(
                "query,ours_ms,duckdb_ms,h2_ms,ours_over_duckdb,ours_over_h2,rows,ours_plan_cold_ms,ours_plan_warm_ms,"
                        + "ours_peak_bytes,ours_runs_ms,duckdb_runs_ms,h2_runs_ms,check\n");
        for (Line line : lines) {
            Outcome.Measured ours = line.measured("ours");
            csv.append(line.query().label())
                    .append(',').append(csvCell(line.outcomes().get("ours")))
                    .append(',').append(csvCell(line.outcomes().get("DuckDB")))
                    .append(',').append(csvCell(line.outcomes().get("H2")))
                    .append(',').append(fmt(line.ratio("DuckDB"), 3))
                    .append(',').append(fmt(line.ratio("H2"), 3))
                    .append(',').append(line.rows())
                    .append(',').append(ours == null ? "" : fmt(ours.coldPlanMillis(), 2))
                    .append(',').append(ours == null ? "" : fmt(ours.warmPlanMillis(), 2))
                    .append(',').append(ours == null ? "" : Long.toString(ours.peakBytes()))
                    .append(',').append(runs(line.measured("ours")))
                    .append(',').append(runs(line.measured("DuckDB")))
                    .append(',').append(runs(line.measured("H2")))
                    .append(",\"").append(line.check().replace("\"", "'")).append("\"\n");
        }
        return csv.toString();
    }

    private static String csvCell(Outcome outcome) {
        return switch (outcome) {
            case null -> "";
            case Outcome.Measured m -> fmt(m.medianMillis(), 2);
            case Outcome.TimedOut t -> "timeout";
            case Outcome.Failed f -> "error";
        };
    }

    private static String runs(Outcome.Measured m) {
        return m == null ? "" : m.runMillis().stream().map(v -> fmt(v, 2)).collect(Collectors.joining(";"));
    }

    private static String fmt(double value, int digits) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "-" : fmt(bytes / (1024.0 * 1024.0), 1);
    }
}
