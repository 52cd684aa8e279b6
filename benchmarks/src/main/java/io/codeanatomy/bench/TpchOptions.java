package io.codeanatomy.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@link TpchBench}.
 *
 * @param scaleFactor    TPC-H scale factor (1 = 6M lineitem rows)
 * @param runs           timed runs per query and engine; the median is reported
 * @param warmup         untimed runs before them
 * @param timeoutSeconds per run; an engine that exceeds it skips the rest of that query
 * @param slowSeconds    an engine whose warm-up run takes longer than this does one timed run, not {@code runs}
 *                       (a long run is little affected by noise, and H2 would otherwise take most of the budget)
 * @param engines        among {@code ours}, {@code duckdb}, {@code h2}, in the order they run within a round
 * @param queries        query numbers 1..22
 * @param out            directory for {@code tpch-sf<sf>.md} and {@code .csv}
 * @param partitions     our profile's target partitions (workers per parallel pipeline); the cores by default
 * @param dynamicFilters whether our join dynamic filters are on (the profile's gate; on by default)
 * @param planCache      whether our sessions keep plans ({@code CacheSettings.planCacheEntries}; on by default, as
 *                       in the default profile): off plans every run from the SQL text again
 */
record TpchOptions(double scaleFactor, int runs, int warmup, int timeoutSeconds, int slowSeconds, List<String> engines,
                   List<Integer> queries, Path out, int partitions, boolean dynamicFilters,
                   boolean planCache) {
    static final String USAGE = """
            usage: TpchBench [--sf 0.1] [--runs 3] [--warmup 1] [--timeout-s 120] [--slow-s 10]
                             [--engines ours,duckdb,h2]
                             [--queries 1-22] [--out benchmarks/results] [--partitions <cores>]
                             [--dynamic-filters on|off] [--plan-cache on|off]""";

    TpchOptions {
        if (!(scaleFactor > 0)) {
            throw new IllegalArgumentException("--sf must be > 0, was " + scaleFactor);
        }
        if (runs < 1 || warmup < 0 || timeoutSeconds < 1 || slowSeconds < 1) {
            throw new IllegalArgumentException("--runs must be >= 1, --warmup >= 0, --timeout-s and --slow-s >= 1");
        }
        engines = List.copyOf(engines);
        queries = List.copyOf(queries);
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, was " + partitions);
        }
        for (String engine : engines) {
            if (!List.of("ours", "duckdb", "h2").contains(engine)) {
                throw new IllegalArgumentException("unknown engine '" + engine + "'; use ours, duckdb, h2");
            }
        }
        for (int q : queries) {
            if (q < 1 || q > 22) {
                throw new IllegalArgumentException("TPC-H queries are 1..22, got " + q);
            }
        }
    }

    static TpchOptions parse(String[] args) {
        double sf = 0.1;
        int runs = 3;
        int warmup = 1;
        int timeout = 120;
        int slow = 10;
        List<String> engines = List.of("ours", "duckdb", "h2");
        List<Integer> queries = range("1-22");
        Path out = Path.of("benchmarks", "results");
        int partitions = Runtime.getRuntime().availableProcessors();
        boolean dynamicFilters = true;
        boolean planCache = true;
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (key.equals("--help") || key.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(key + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (key) {
                case "--sf" -> sf = Double.parseDouble(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--timeout-s" -> timeout = Integer.parseInt(value);
                case "--slow-s" -> slow = Integer.parseInt(value);
                case "--engines" -> engines = List.of(value.toLowerCase(Locale.ROOT).split(","));
                case "--queries" -> queries = range(value);
                case "--out" -> out = Path.of(value);
                case "--partitions" -> partitions = Integer.parseInt(value);
                case "--dynamic-filters" -> dynamicFilters = onOff(key, value);
                case "--plan-cache" -> planCache = onOff(key, value);
                default -> throw new IllegalArgumentException("unknown option " + key + "\n" + USAGE);
            }
        }
        return new TpchOptions(sf, runs, warmup, timeout, slow, engines, queries, out, partitions, dynamicFilters,
                planCache);
    }

    private static boolean onOff(String key, String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(key + " is on or off, was " + value);
        };
    }

    /** {@code 1-22}, {@code 3,5,9} or a mix. */
    private static List<Integer> range(String text) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] bounds = part.strip().split("-");
            int from = Integer.parseInt(bounds[0]);
            int to = bounds.length > 1 ? Integer.parseInt(bounds[1]) : from;
            for (int q = from; q <= to; q++) {
                numbers.add(q);
            }
        }
        return numbers;
    }

    /** The scale factor as written in file names: 0.1 -> "0.1", 1 -> "1". */
    String scaleLabel() {
        return scaleFactor == Math.rint(scaleFactor) ? Long.toString((long) scaleFactor) : Double.toString(scaleFactor);
    }
}
