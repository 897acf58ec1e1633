package io.asyn2f.standalone.results;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes a run's versions as CSV and its summary as JSON. */
public final class ResultsWriter {

    public static final String CSV_HEADER = "elapsed_seconds,version,accuracy,loss,participants,mean_staleness";

    private static final double MEGABYTE = 1_000_000.0;

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ResultsWriter() {
    }

    /** One row per version; accuracy and loss are empty for versions the tester did not evaluate. */
    public static void writeCsv(Path file, RunResult run) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(CSV_HEADER);
            out.write('\n');
            for (VersionRecord v : run.versions()) {
                out.write(String.format(Locale.ROOT, "%.3f,%d,%s,%s,%d,%.3f%n", v.elapsedSeconds(), v.version(),
                        number(v.accuracy()), number(v.loss()), v.participants(), v.meanStaleness()));
            }
        }
    }

    /** The summary of a run plus the settings it ran with. */
    public static void writeSummary(Path file, RunResult run, Map<String, Object> settings, double targetAccuracy)
            throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("label", run.label());
        summary.put("sessionId", run.sessionId());
        summary.put("stopReason", run.stopReason());
        summary.put("elapsedSeconds", round(run.elapsedSeconds()));
        summary.put("finalVersion", run.finalVersion());
        summary.put("finalAccuracy", nullable(run.finalAccuracy()));
        summary.put("bestAccuracy", nullable(run.bestAccuracy()));
        summary.put("targetAccuracy", targetAccuracy);
        summary.put("secondsToTarget", run.timeToAccuracy(targetAccuracy).isPresent()
                ? round(run.timeToAccuracy(targetAccuracy).getAsDouble()) : null);
        summary.put("bytesPerWorker", nullable(run.bytesPerWorker()));
        summary.put("traffic", run.traffic().stream().map(t -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("worker", t.worker());
            one.put("bytesUploaded", t.bytesUploaded());
            one.put("bytesDownloaded", t.bytesDownloaded());
            return one;
        }).toList());
        summary.put("finalModel", run.finalModel() == null ? null : run.finalModel().getFileName().toString());
        summary.put("settings", settings);
        JSON.writeValue(file.toFile(), summary);
    }

    /**
     * A plain-text table of runs: final and best accuracy, versions, time to the target, model megabytes (10^6
     * bytes) moved per trainer.
     */
    public static String comparisonTable(List<RunResult> runs, double targetAccuracy) {
        StringBuilder table = new StringBuilder();
        String target = String.format(Locale.ROOT, "time to %.2f", targetAccuracy);
        table.append(String.format(Locale.ROOT, "%-10s %9s %9s %9s %13s %9s %10s  %s%n",
                "strategy", "final acc", "best acc", "versions", target, "elapsed", "MB/worker", "stopped by"));
        for (RunResult run : runs) {
            table.append(String.format(Locale.ROOT, "%-10s %9s %9s %9d %13s %8.0fs %10s  %s%n",
                    run.label(), percent(run.finalAccuracy()), percent(run.bestAccuracy()), run.finalVersion(),
                    run.timeToAccuracy(targetAccuracy).isPresent()
                            ? String.format(Locale.ROOT, "%.0fs", run.timeToAccuracy(targetAccuracy).getAsDouble())
                            : "not reached",
                    run.elapsedSeconds(), Double.isNaN(run.bytesPerWorker()) ? "-"
                            : String.format(Locale.ROOT, "%.1f", run.bytesPerWorker() / MEGABYTE),
                    run.stopReason()));
        }
        return table.toString();
    }

    /**
     * Per strategy, the mean and 95% interval (Student t) of each measure over its repeats: time to the target (over
     * the repeats that reached it; {@code reached} says how many), final and best accuracy, versions, elapsed
     * seconds and model bytes moved per trainer (over the repeats that measured it). The map keeps the order of
     * {@code byStrategy}.
     */
    public static Map<String, Map<String, Interval>> aggregates(Map<String, List<RunResult>> byStrategy,
            double targetAccuracy) {
        Map<String, Map<String, Interval>> all = new LinkedHashMap<>();
        byStrategy.forEach((strategy, runs) -> {
            Map<String, Interval> measures = new LinkedHashMap<>();
            measures.put("secondsToTarget", Interval.of(runs.stream()
                    .map(r -> r.timeToAccuracy(targetAccuracy).orElse(Double.NaN)).toList()));
            measures.put("finalAccuracy", Interval.of(runs.stream().map(RunResult::finalAccuracy).toList()));
            measures.put("bestAccuracy", Interval.of(runs.stream().map(RunResult::bestAccuracy).toList()));
            measures.put("versions", Interval.of(runs.stream().map(r -> (double) r.finalVersion()).toList()));
            measures.put("elapsedSeconds", Interval.of(runs.stream().map(RunResult::elapsedSeconds).toList()));
            measures.put("bytesPerWorker", Interval.of(runs.stream().map(RunResult::bytesPerWorker).toList()));
            all.put(strategy, measures);
        });
        return all;
    }

    /**
     * The summary of a repeated comparison: every repeat's seed, order of strategies and per-strategy results, then
     * per strategy the mean, 95% interval bounds and n of each measure.
     *
     * @param orders     per repeat, the order in which the strategies ran
     * @param seeds      per repeat, its seed
     * @param byStrategy per strategy, its runs in repeat order
     */
    public static void writeRepeatedSummary(Path file, Map<String, List<RunResult>> byStrategy, List<Long> seeds,
            List<List<String>> orders, Map<String, Object> settings, double targetAccuracy) throws IOException {
        List<Map<String, Object>> repeats = new java.util.ArrayList<>();
        for (int r = 0; r < seeds.size(); r++) {
            Map<String, Object> repeat = new LinkedHashMap<>();
            repeat.put("repeat", r + 1);
            repeat.put("seed", seeds.get(r));
            repeat.put("order", orders.get(r));
            Map<String, Object> runs = new LinkedHashMap<>();
            for (Map.Entry<String, List<RunResult>> entry : byStrategy.entrySet()) {
                if (r < entry.getValue().size()) {
                    RunResult run = entry.getValue().get(r);
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("sessionId", run.sessionId());
                    one.put("stopReason", run.stopReason());
                    one.put("elapsedSeconds", round(run.elapsedSeconds()));
                    one.put("finalVersion", run.finalVersion());
                    one.put("finalAccuracy", nullable(run.finalAccuracy()));
                    one.put("bestAccuracy", nullable(run.bestAccuracy()));
                    one.put("secondsToTarget", nullable(run.timeToAccuracy(targetAccuracy).orElse(Double.NaN)));
                    one.put("bytesPerWorker", nullable(run.bytesPerWorker()));
                    runs.put(entry.getKey(), one);
                }
            }
            repeat.put("runs", runs);
            repeats.add(repeat);
        }
        Map<String, Object> aggregates = new LinkedHashMap<>();
        aggregates(byStrategy, targetAccuracy).forEach((strategy, measures) -> {
            Map<String, Object> perMeasure = new LinkedHashMap<>();
            measures.forEach((measure, interval) -> {
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("n", interval.n());
                values.put("mean", nullable(interval.mean()));
                values.put("ci95Low", nullable(interval.low()));
                values.put("ci95High", nullable(interval.high()));
                perMeasure.put(measure, values);
            });
            aggregates.put(strategy, perMeasure);
        });
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("targetAccuracy", targetAccuracy);
        summary.put("repeats", repeats);
        summary.put("aggregates", aggregates);
        summary.put("confidence", "95%, Student t with n-1 degrees of freedom; secondsToTarget over the repeats "
                + "that reached the target; bytesPerWorker: model bytes each trainer uploaded and downloaded, "
                + "averaged over the trainers of a run");
        summary.put("settings", settings);
        JSON.writeValue(file.toFile(), summary);
    }

    /** A plain-text table of means ± 95% half-widths per strategy over its repeats. */
    public static String repeatedTable(Map<String, List<RunResult>> byStrategy, double targetAccuracy) {
        StringBuilder table = new StringBuilder();
        String target = String.format(Locale.ROOT, "time to %.2f (s)", targetAccuracy);
        table.append(String.format(Locale.ROOT, "%-10s %7s %19s %19s %19s %17s %17s %17s%n", "strategy", "reached",
                target, "final acc", "best acc", "versions", "elapsed (s)", "MB/worker"));
        aggregates(byStrategy, targetAccuracy).forEach((strategy, m) -> table.append(String.format(Locale.ROOT,
                "%-10s %7s %19s %19s %19s %17s %17s %17s%n", strategy,
                m.get("secondsToTarget").n() + "/" + byStrategy.get(strategy).size(),
                m.get("secondsToTarget").format(1), m.get("finalAccuracy").format(4),
                m.get("bestAccuracy").format(4), m.get("versions").format(1), m.get("elapsedSeconds").format(1),
                m.get("bytesPerWorker").scaled(1 / MEGABYTE).format(1))));
        int n = byStrategy.values().stream().mapToInt(List::size).max().orElse(0);
        table.append(String.format(Locale.ROOT, "mean ± half-width of the 95%% interval (Student t, %d repeats%s); "
                + "time to target over the repeats that reached it; MB/worker: model megabytes (10^6 bytes) each "
                + "trainer uploaded and downloaded%n", n, n < 2 ? ": no interval from one run" : ""));
        return table.toString();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.5f", value);
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static Double nullable(double value) {
        return Double.isNaN(value) ? null : round(value);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
