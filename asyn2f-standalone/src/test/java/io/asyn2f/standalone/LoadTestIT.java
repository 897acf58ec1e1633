package io.asyn2f.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./asyn2f loadtest} with a few simulated workers on the real services: every acknowledged update ends in a
 * version or is refused with a reason, none is lost, and the final line, the CSV, the JSON and the chart say so.
 * Figures at scale are benchmarks (docs/performance.md), never asserted here.
 */
class LoadTestIT {

    private static final Pattern FINAL_LINE = Pattern.compile("loadtest: workers (\\d+), updates submitted (\\d+), "
            + "included (\\d+), refused (\\d+), lost (\\d+), rate ([0-9.]+)/s, latency p50 (\\d+) ms p99 (\\d+) ms, "
            + "aggregator heap max (\\d+) MB");

    @TempDir
    Path results;

    @Test
    void shouldAccountForEveryAcknowledgedUpdate() throws Exception {
        List<String> args = new ArrayList<>(List.of("loadtest", "--workers", "12", "--warmup", "4s", "--duration", "12s",
                "--update-every", "2s", "--heartbeat-every", "3s", "--drain-timeout", "60s",
                "--results", results.toString()));
        args.addAll(StandaloneLauncherIT.services());
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exitCode = StandaloneLauncher.run(args, new PrintStream(console, true, StandardCharsets.UTF_8));

        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).as(printed).isZero();
        Matcher line = FINAL_LINE.matcher(printed);
        assertThat(line.find()).as(printed).isTrue();
        long submitted = Long.parseLong(line.group(2));
        long included = Long.parseLong(line.group(3));
        long refused = Long.parseLong(line.group(4));
        assertThat(Long.parseLong(line.group(1))).isEqualTo(12);
        assertThat(Long.parseLong(line.group(5))).as("lost").isZero();
        // Twelve workers, one update each every 2 s for 12 s: about 72, at least a few per worker.
        assertThat(submitted).isGreaterThanOrEqualTo(24);
        assertThat(included + refused).isEqualTo(submitted);
        assertThat(included).isPositive();
        assertThat(Long.parseLong(line.group(9))).as("heap MB").isPositive();

        List<String> csv = Files.readAllLines(results.resolve("loadtest.csv"));
        assertThat(csv.get(0)).startsWith("announced_ms,update_id,worker_id");
        assertThat(csv).hasSize((int) submitted + 1);
        assertThat(csv.subList(1, csv.size())).allSatisfy(row -> assertThat(row).containsAnyOf(",included,",
                ",refused,"));
        JsonNode json = JsonMapper.builder().build().readTree(results.resolve("loadtest.json").toFile());
        assertThat(json.path("line").asString()).isEqualTo(line.group(0));
        assertThat(json.path("figures").path("included").asLong()).isEqualTo(included);
        assertThat(json.path("figures").path("versions").asLong()).isPositive();
        assertThat(json.path("figures").path("heartbeats").asLong()).isPositive();
        assertThat(json.path("figures").path("heartbeatFailures").asLong()).isZero();
        assertThat(json.path("perSecond")).isNotEmpty();
        assertThat(json.path("figures").path("warmupSubmissions").asLong()).as("counted apart").isPositive();
        assertThat(json.path("figures").path("aggregatorStages").path("intake.blob").path("count").asLong())
                .isGreaterThanOrEqualTo(submitted);
        BufferedImage chart = ImageIO.read(results.resolve("latency.png").toFile());
        assertThat(chart).isNotNull();
        assertThat(chart.getWidth()).isGreaterThan(100);
    }
}
