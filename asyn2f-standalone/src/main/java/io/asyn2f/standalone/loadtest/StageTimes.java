package io.asyn2f.standalone.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the aggregator's time went: its per-stage timers ({@code asyn2f.aggregator.stage.duration}, tag
 * {@code stage}) read from its Prometheus endpoint, as the count, total and mean of each stage.
 */
final class StageTimes {

    private static final Pattern LINE = Pattern.compile(
            "^asyn2f_aggregator_stage_duration_seconds_(count|sum)\\{[^}]*stage=\"([a-z.]+)\"[^}]*} ([0-9.eE+-]+)$");

    private StageTimes() {
    }

    /** {@code stage -> {count, totalSeconds, meanMs}} from a Prometheus text page. */
    static Map<String, Map<String, Object>> parse(String page) {
        Map<String, double[]> stages = new TreeMap<>();
        for (String line : page.split("\n")) {
            Matcher m = LINE.matcher(line.trim());
            if (m.matches()) {
                double[] values = stages.computeIfAbsent(m.group(2), s -> new double[2]);
                values[m.group(1).equals("count") ? 0 : 1] = Double.parseDouble(m.group(3));
            }
        }
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        stages.forEach((stage, values) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("count", (long) values[0]);
            row.put("totalSeconds", Math.round(values[1] * 100) / 100.0);
            row.put("meanMs", values[0] == 0 ? null : Math.round(values[1] / values[0] * 1e4) / 10.0);
            result.put(stage, row);
        });
        return result;
    }

    /** Reads the aggregator's stage timers; empty if its endpoint does not answer. */
    static Map<String, Map<String, Object>> read(HttpClient http, URI aggregator) {
        try {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(aggregator.resolve("/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return page.statusCode() == 200 ? parse(page.body()) : Map.of();
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** One line: each stage's mean, e.g. {@code intake.blob 3.1 ms}. */
    static String summary(Map<String, Map<String, Object>> stages) {
        StringBuilder line = new StringBuilder("aggregator stages (mean per pass):");
        stages.forEach((stage, row) -> {
            if (row.get("meanMs") != null) {
                line.append(String.format(Locale.ROOT, " %s %.1f ms,", stage, (Double) row.get("meanMs")));
            }
        });
        return line.charAt(line.length() - 1) == ',' ? line.substring(0, line.length() - 1) : line.toString();
    }
}
