package io.codeanatomy.bench;

import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.SqlPolicy;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.arrow.memory.BufferAllocator;

/**
 * TPC-H side by side: generates the data once, loads the same rows into our engine (in-memory Arrow), DuckDB and H2
 * (both in memory, in this process), and for each query runs warm-up and timed runs round by round, one engine after
 * the other within a round, so that all engines see the same machine moments (this VM's CPU capacity varies). Checks
 * that the results agree and writes a markdown table and a CSV. Run by {@code benchmarks/run-tpch.sh}; see
 * docs/benchmarks.md.
 */
public final class TpchBench {
    private final TpchOptions options;
    private final List<Thread> abandoned = new CopyOnWriteArrayList<>();

    private TpchBench(TpchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        TpchOptions options;
        try {
            options = TpchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
            System.exit(2);
            return;
        }
        run(options);
        System.exit(0); // abandoned (timed-out) runs of our engine are daemon threads; do not wait for them
    }

    /** Runs the benchmark; the report is also written under {@code options.out()}. */
    static TpchReport run(TpchOptions options) throws Exception {
        return new TpchBench(options).runAll();
    }

    private TpchReport runAll() throws Exception {
        TpchReport report = new TpchReport(options, Machine.describe());
        System.out.println(report.machine());
        Path dir = Files.createTempDirectory("tpch-sf" + options.scaleFactor());
        RuntimeProfile profile = RuntimeProfile.defaults().withName("tpch-bench").withSql(SqlPolicy.readWrite())
                .withTargetPartitions(options.partitions());
        profile = profile.withFeatures(profile.features().withJoinDynamicFilters(options.dynamicFilters()));
        if (!options.planCache()) {
            profile = profile.withCache(profile.cache().withPlanCacheEntries(0));
        }
        report.profile(profile);
        List<TpchData> tables = new ArrayList<>();
        List<BenchEngine> engines = new ArrayList<>();
        try (EngineRuntime runtime = EngineRuntime.create()) {
            BufferAllocator data = runtime.rootAllocator().newChildAllocator("tpch-data", 0, Long.MAX_VALUE);
            try {
                long start = System.nanoTime();
                for (TpchTable<?> table : TpchTable.getTables()) {
                    tables.add(TpchData.generate(table, options.scaleFactor(), data, profile.execution().batchSize(), dir));
                }
                report.loaded("generate (Arrow + CSV)", millisSince(start));
                report.dataBytes(data.getAllocatedMemory());
                for (String name : options.engines()) {
                    start = System.nanoTime();
                    engines.add(switch (name) {
                        case "ours" -> new OurEngine(runtime, profile, tables);
                        case "duckdb" -> JdbcEngine.duckDb(tables, options.timeoutSeconds());
                        case "h2" -> JdbcEngine.h2(tables, options.timeoutSeconds());
                        default -> throw new IllegalArgumentException("unknown engine " + name);
                    });
                    report.loaded(engines.getLast().name(), millisSince(start));
                }
                tables.forEach(TpchData::deleteCsv);
                System.out.println(report.loadLine());
                for (int q : options.queries()) {
                    TpchQuery query = TpchQuery.load(q);
                    Map<String, Outcome> outcomes = measure(query, engines);
                    String line = report.add(query, outcomes);
                    System.out.println(line);
                    report.write();
                }
                System.out.println(report.summary());
                report.write();
                return report;
            } finally {
                for (BenchEngine engine : engines) {
                    engine.close();
                }
                if (abandoned.stream().noneMatch(Thread::isAlive)) {
                    tables.forEach(t -> t.table().close());
                    data.close();
                }
                tables.forEach(TpchData::deleteCsv);
                Files.deleteIfExists(dir);
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    /** One query on every engine: warm-up rounds, then timed rounds, each round engine after engine. */
    private Map<String, Outcome> measure(TpchQuery query, List<BenchEngine> engines) {
        Map<String, Progress> progress = new LinkedHashMap<>();
        for (BenchEngine engine : engines) {
            engine.begin(query);
            progress.put(engine.name(), new Progress());
        }
        boolean disturbed = abandoned.stream().anyMatch(Thread::isAlive);
        for (int round = 0; round < options.warmup() + options.runs(); round++) {
            boolean timed = round >= options.warmup();
            for (BenchEngine engine : engines) {
                Progress p = progress.get(engine.name());
                if (p.finished != null) {
                    continue;
                }
                FutureTask<BenchEngine.Run> task = new FutureTask<>(() -> engine.run(query));
                long cpuStart = processCpuNanos();
                Thread thread = Thread.ofPlatform().daemon().name(engine.name() + "-" + query.label()).start(task);
                try {
                    BenchEngine.Run run = task.get(options.timeoutSeconds(), TimeUnit.SECONDS);
                    p.record(run, timed, (processCpuNanos() - cpuStart) / 1e6);
                    if (!timed && run.nanos() > options.slowSeconds() * 1_000_000_000L) {
                        p.singleRun = true;
                    } else if (timed && p.singleRun) {
                        p.finished = p.outcome(-1, false); // provisional; replaced with the peak below
                    }
                } catch (TimeoutException late) {
                    boolean cancellable = engine.cancel();
                    joinQuietly(thread, cancellable ? 30_000 : 1_000);
                    if (thread.isAlive()) {
                        abandoned.add(thread);
                        p.abandoned = true;
                    }
                    p.finished = new Outcome.TimedOut(options.timeoutSeconds());
                } catch (ExecutionException failed) {
                    Throwable cause = failed.getCause();
                    p.finished = cause instanceof java.sql.SQLTimeoutException
                            ? new Outcome.TimedOut(options.timeoutSeconds()) // H2's own statement timeout fired first
                            : new Outcome.Failed(cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            disturbed |= abandoned.stream().anyMatch(Thread::isAlive);
        }
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (BenchEngine engine : engines) {
            Progress p = progress.get(engine.name());
            long peak = engine.end(query, p.abandoned);
            outcomes.put(engine.name(), p.finished == null || p.finished instanceof Outcome.Measured
                    ? p.outcome(peak, disturbed) : p.finished);
        }
        return outcomes;
    }

    private static void joinQuietly(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message).strip();
        int cut = text.indexOf('\n');
        return cut < 0 ? text : text.substring(0, cut);
    }

    /** What one engine has done so far on the current query. */
    private static final class Progress {
        final List<Double> runMillis = new ArrayList<>();
        final List<Double> planMillis = new ArrayList<>();
        final List<Double> cpuMillis = new ArrayList<>();
        double coldPlanMillis = Double.NaN;
        List<List<String>> rows = List.of();
        Outcome finished;
        boolean abandoned;
        boolean singleRun;

        void record(BenchEngine.Run run, boolean timed, double cpu) {
            if (run.planningNanos() >= 0 && Double.isNaN(coldPlanMillis)) {
                coldPlanMillis = run.planningNanos() / 1e6;
            }
            if (timed) {
                runMillis.add(run.nanos() / 1e6);
                cpuMillis.add(cpu);
                if (run.planningNanos() >= 0) {
                    planMillis.add(run.planningNanos() / 1e6);
                }
            }
            rows = run.rows();
        }

        Outcome outcome(long peakBytes, boolean disturbed) {
            return new Outcome.Measured(runMillis, coldPlanMillis, Stats.median(planMillis), peakBytes, rows, disturbed,
                    cpuMillis);
        }
    }

    /** Where the run is, for the report header. */
    static final class Machine {
        private Machine() {}

        static String describe() {
            String cpu = "unknown CPU";
            String memory = "unknown memory";
            try {
                cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
                memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                        .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / (1024 * 1024) + " GiB RAM")
                        .orElse(memory);
            } catch (IOException | RuntimeException notLinux) {
                // keep the defaults
            }
            Runtime rt = Runtime.getRuntime();
            return rt.availableProcessors() + " cores (" + cpu + "), " + memory + ", JDK " + Runtime.version()
                    + ", max heap " + rt.maxMemory() / (1024 * 1024) + " MiB";
        }
    }
}
