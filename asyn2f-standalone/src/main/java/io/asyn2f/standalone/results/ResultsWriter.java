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
        summary.put("finalModel", run.finalModel() == null ? null : run.finalModel().getFileName().toString());
        summary.put("settings", settings);
        JSON.writeValue(file.toFile(), summary);
    }

    /** A plain-text table of runs: final and best accuracy, versions, time to the target. */
    public static String comparisonTable(List<RunResult> runs, double targetAccuracy) {
        StringBuilder table = new StringBuilder();
        String target = String.format(Locale.ROOT, "time to %.2f", targetAccuracy);
        table.append(String.format(Locale.ROOT, "%-10s %9s %9s %9s %13s %9s  %s%n",
                "strategy", "final acc", "best acc", "versions", target, "elapsed", "stopped by"));
        for (RunResult run : runs) {
            table.append(String.format(Locale.ROOT, "%-10s %9s %9s %9d %13s %8.0fs  %s%n",
                    run.label(), percent(run.finalAccuracy()), percent(run.bestAccuracy()), run.finalVersion(),
                    run.timeToAccuracy(targetAccuracy).isPresent()
                            ? String.format(Locale.ROOT, "%.0fs", run.timeToAccuracy(targetAccuracy).getAsDouble())
                            : "not reached",
                    run.elapsedSeconds(), run.stopReason()));
        }
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
