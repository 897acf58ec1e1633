package io.asyn2f.standalone.loadtest;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.asyn2f.standalone.loadtest.UpdateLedger.Accounting;
import io.asyn2f.standalone.loadtest.UpdateLedger.Fate;
import io.asyn2f.standalone.loadtest.UpdateLedger.Outcome;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of one load test, the final line that states them, and the files that keep them: {@code loadtest.csv}
 * (one row per acknowledged update), {@code loadtest.json} (settings, figures, a per-second series) and
 * {@code latency.png}.
 *
 * @param submitted  updates whose announcement the broker confirmed (acknowledged at submission)
 * @param failed     update attempts that failed before the broker confirmed them (an upload refused, a timeout)
 * @param rate       included updates per second of the submission window
 * @param heapMaxMb  the most heap the platform's JVM used, sampled (all services and the generator share it)
 */
public record LoadTestReport(int workers, long submitted, long included, long refused, long lost, double rate,
        double latencyP50Ms, double latencyP99Ms, double latencyMaxMs, long heapMaxMb, long failed, long versions,
        Map<String, Long> refusedByReason, Map<String, Object> settings, Map<String, Object> extra) {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The figures from an accounting of the window that began at {@code windowStart} and lasted {@code seconds}. */
    static LoadTestReport of(int workers, Accounting accounting, double seconds, long failed, long heapMaxMb,
            Map<String, Object> settings, Map<String, Object> extra) {
        double[] latencies = latenciesMs(accounting.outcomes());
        long included = accounting.count(Fate.INCLUDED);
        double[] intake = accounting.outcomes().stream().filter(o -> o.intake() != null)
                .mapToDouble(o -> o.intake().toNanos() / 1e6).sorted().toArray();
        extra = new LinkedHashMap<>(extra);
        extra.put("intakeP50Ms", round(percentile(intake, 0.50)));
        extra.put("intakeP99Ms", round(percentile(intake, 0.99)));
        return new LoadTestReport(workers, accounting.outcomes().size(), included, accounting.count(Fate.REFUSED),
                accounting.count(Fate.UNACCOUNTED), seconds > 0 ? included / seconds : 0,
                percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1], heapMaxMb, failed,
                accounting.versions(), accounting.refusedByReason(), settings, extra);
    }

    /** The final line, exactly in the documented form. */
    String line() {
        return String.format(Locale.ROOT, "loadtest: workers %d, updates submitted %d, included %d, refused %d, "
                + "lost %d, rate %.1f/s, latency p50 %.0f ms p99 %.0f ms, aggregator heap max %d MB", workers,
                submitted, included, refused, lost, rate, latencyP50Ms, latencyP99Ms, heapMaxMb);
    }

    /** Writes the CSV, the JSON and the chart into {@code folder}. */
    void write(Path folder, Accounting accounting, Instant windowStart) throws IOException {
        Files.createDirectories(folder);
        try (Writer csv = Files.newBufferedWriter(folder.resolve("loadtest.csv"), StandardCharsets.UTF_8)) {
            csv.write("announced_ms,update_id,worker_id,base_version,outcome,reason,version,latency_ms,intake_ms\n");
            for (Outcome o : accounting.outcomes()) {
                csv.write(String.format(Locale.ROOT, "%d,%s,%s,%d,%s,%s,%s,%s,%s%n",
                        o.submission().announcedAt().toEpochMilli() - windowStart.toEpochMilli(),
                        o.submission().updateId(), o.submission().workerId(), o.submission().baseVersion(),
                        o.fate().name().toLowerCase(Locale.ROOT), o.reason() == null ? "" : o.reason(),
                        o.version() == null ? "" : o.version(), o.latency() == null ? "" : o.latency().toMillis(),
                        o.intake() == null ? "" : o.intake().toMillis()));
            }
        }
        List<Map<String, Object>> series = perSecond(accounting.outcomes(), windowStart);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("line", line());
        json.put("settings", settings);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("workers", workers);
        figures.put("submitted", submitted);
        figures.put("included", included);
        figures.put("refused", refused);
        figures.put("refusedByReason", refusedByReason);
        figures.put("lost", lost);
        figures.put("failedBeforeAcknowledgement", failed);
        figures.put("versions", versions);
        figures.put("ratePerSecond", round(rate));
        figures.put("latencyP50Ms", round(latencyP50Ms));
        figures.put("latencyP99Ms", round(latencyP99Ms));
        figures.put("latencyMaxMs", round(latencyMaxMs));
        figures.put("heapMaxMb", heapMaxMb);
        figures.putAll(extra);
        json.put("figures", figures);
        json.put("perSecond", series);
        JSON.writeValue(folder.resolve("loadtest.json").toFile(), json);
        LatencyChart.write(folder.resolve("latency.png"), String.format(Locale.ROOT,
                "%d workers, %s, update every %s", workers, settings.get("model"), settings.get("updateEvery")),
                series);
    }

    /** For each second of announcements: how many, and the p50, p99 and max latency of those included. */
    static List<Map<String, Object>> perSecond(List<Outcome> outcomes, Instant windowStart) {
        Map<Long, List<Outcome>> bySecond = new java.util.TreeMap<>();
        for (Outcome o : outcomes) {
            long second = Math.max(0, (o.submission().announcedAt().toEpochMilli() - windowStart.toEpochMilli())
                    / 1000);
            bySecond.computeIfAbsent(second, s -> new ArrayList<>()).add(o);
        }
        List<Map<String, Object>> series = new ArrayList<>();
        bySecond.forEach((second, list) -> {
            double[] latencies = latenciesMs(list);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("second", second);
            row.put("submitted", list.size());
            row.put("included", latencies.length);
            row.put("p50Ms", round(percentile(latencies, 0.50)));
            row.put("p99Ms", round(percentile(latencies, 0.99)));
            row.put("maxMs", latencies.length == 0 ? null : round(latencies[latencies.length - 1]));
            series.add(row);
        });
        return series;
    }

    /** The latencies of the included updates in milliseconds, sorted. */
    private static double[] latenciesMs(List<Outcome> outcomes) {
        double[] latencies = outcomes.stream().filter(o -> o.fate() == Fate.INCLUDED && o.latency() != null)
                .mapToDouble(o -> o.latency().toNanos() / 1e6).toArray();
        Arrays.sort(latencies);
        return latencies;
    }

    /** The nearest-rank percentile of sorted values; NaN for none. */
    static double percentile(double[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    private static Double round(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 10) / 10.0;
    }
}
