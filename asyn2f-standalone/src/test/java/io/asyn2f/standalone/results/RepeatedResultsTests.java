package io.asyn2f.standalone.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RepeatedResultsTests {

    @TempDir
    Path folder;

    /** A run that reaches {@code accuracy} at version 2 after {@code seconds}, ending at version {@code versions}. */
    private static RunResult run(String label, double seconds, double accuracy, long versions) {
        return new RunResult(label, List.of(
                new VersionRecord(seconds / 2, 1, 0.5, 1.0, 3, 1.0),
                new VersionRecord(seconds, 2, accuracy, 0.5, 3, 1.0),
                new VersionRecord(seconds + 1, versions, accuracy - 0.01, 0.5, 3, 1.0)), seconds + 2, "MAX_TIME");
    }

    /** The same run with {@code megabytes} moved per trainer on average: two trainers, one moving 3 times the other. */
    private static RunResult withTraffic(RunResult run, long megabytes) {
        return run.withTraffic(List.of(new WorkerTraffic("trainer-0", megabytes * 250_000, megabytes * 250_000),
                new WorkerTraffic("trainer-1", megabytes * 500_000, megabytes * 1_000_000)));
    }

    @Test
    void bytesPerWorkerIsTheMeanOverTheTrainersOfUploadsPlusDownloads() {
        RunResult run = run("asyn2f", 10, 0.9, 20).withTraffic(List.of(new WorkerTraffic("trainer-0", 100, 300),
                new WorkerTraffic("trainer-1", 1_000, 600)));

        assertThat(run.bytesPerWorker()).isEqualTo(1_000.0);
        assertThat(run("asyn2f", 10, 0.9, 20).bytesPerWorker()).as("not measured").isNaN();
        assertThat(run.labelled("asyn2f #1").bytesPerWorker()).isEqualTo(1_000.0);
    }

    @Test
    void bytesPerWorkerGetsItsIntervalInTheAggregatesTableAndSummary() throws IOException {
        Map<String, List<RunResult>> byStrategy = new LinkedHashMap<>();
        // 10, 12 and 14 MB per trainer: mean 12, half-width 4.303 * 2 / sqrt(3) = 4.97
        byStrategy.put("asyn2f", List.of(withTraffic(run("asyn2f", 10, 0.9, 20), 10),
                withTraffic(run("asyn2f", 12, 0.9, 22), 12), withTraffic(run("asyn2f", 14, 0.9, 24), 14)));
        // fedavg's second repeat was not measured: left out of its interval
        byStrategy.put("fedavg", List.of(withTraffic(run("fedavg", 20, 0.9, 10), 4), run("fedavg", 30, 0.9, 10),
                withTraffic(run("fedavg", 22, 0.9, 10), 6)));

        Interval asyn2f = ResultsWriter.aggregates(byStrategy, 0.85).get("asyn2f").get("bytesPerWorker");
        assertThat(asyn2f.n()).isEqualTo(3);
        assertThat(asyn2f.mean()).isCloseTo(12e6, within(1.0));
        assertThat(asyn2f.halfWidth()).isCloseTo(4.303 * 2e6 / Math.sqrt(3), within(1.0));
        Interval fedavg = ResultsWriter.aggregates(byStrategy, 0.85).get("fedavg").get("bytesPerWorker");
        assertThat(fedavg.n()).isEqualTo(2);
        assertThat(fedavg.mean()).isCloseTo(5e6, within(1.0));

        String table = ResultsWriter.repeatedTable(byStrategy, 0.85);
        assertThat(table.lines().findFirst().orElseThrow()).contains("MB/worker");
        assertThat(table.lines().filter(l -> l.startsWith("asyn2f")).findFirst().orElseThrow())
                .endsWith("12.0 ± 5.0");
        assertThat(table.lines().filter(l -> l.startsWith("fedavg")).findFirst().orElseThrow())
                .endsWith("5.0 ± 12.7");

        Path file = folder.resolve("summary.json");
        ResultsWriter.writeRepeatedSummary(file, byStrategy, List.of(42L, 43L, 44L),
                List.of(List.of("asyn2f", "fedavg"), List.of("fedavg", "asyn2f"), List.of("asyn2f", "fedavg")),
                Map.of(), 0.85);
        JsonNode summary = JsonMapper.builder().build().readTree(file.toFile());
        assertThat(summary.get("repeats").get(2).get("runs").get("asyn2f").get("bytesPerWorker").asDouble())
                .isCloseTo(14e6, within(1.0));
        assertThat(summary.get("repeats").get(1).get("runs").get("fedavg").get("bytesPerWorker").isNull()).isTrue();
        JsonNode bytes = summary.get("aggregates").get("asyn2f").get("bytesPerWorker");
        assertThat(bytes.get("n").asInt()).isEqualTo(3);
        assertThat(bytes.get("ci95Low").asDouble()).isCloseTo(12e6 - 4.303 * 2e6 / Math.sqrt(3), within(1.0));
        assertThat(bytes.get("ci95High").asDouble()).isCloseTo(12e6 + 4.303 * 2e6 / Math.sqrt(3), within(1.0));
    }

    @Test
    void aSingleRunsSummaryAndTableShowEachTrainersTraffic() throws IOException {
        RunResult run = run("asyn2f", 10, 0.9, 20).withTraffic(List.of(new WorkerTraffic("trainer-0", 2_000_000,
                6_000_000), new WorkerTraffic("trainer-1-hostile", 1_000_000, 3_000_000)));
        Path file = folder.resolve("one.json");

        ResultsWriter.writeSummary(file, run, Map.of(), 0.85);

        JsonNode summary = JsonMapper.builder().build().readTree(file.toFile());
        assertThat(summary.get("bytesPerWorker").asDouble()).isEqualTo(6_000_000.0);
        assertThat(summary.get("traffic")).hasSize(2);
        assertThat(summary.get("traffic").get(1).get("worker").asString()).isEqualTo("trainer-1-hostile");
        assertThat(summary.get("traffic").get(1).get("bytesDownloaded").asLong()).isEqualTo(3_000_000);
        String table = ResultsWriter.comparisonTable(List.of(run, run("fedavg", 10, 0.9, 20)), 0.85);
        assertThat(table.lines().findFirst().orElseThrow()).contains("MB/worker");
        assertThat(table.lines().filter(l -> l.startsWith("asyn2f")).findFirst().orElseThrow()).contains(" 6.0 ");
        assertThat(table.lines().filter(l -> l.startsWith("fedavg")).findFirst().orElseThrow()).contains(" - ");
    }

    @Test
    void intervalOfKnownValuesUsesStudentTWithNMinusOneDegrees() {
        // mean 12, sample sd 2, n 3: half-width 4.303 * 2 / sqrt(3) = 4.9687
        Interval interval = Interval.of(List.of(10.0, 12.0, 14.0));

        assertThat(interval.n()).isEqualTo(3);
        assertThat(interval.mean()).isEqualTo(12.0);
        assertThat(interval.halfWidth()).isCloseTo(4.303 * 2 / Math.sqrt(3), within(1e-9));
        assertThat(interval.halfWidth()).isCloseTo(4.9687, within(1e-4));
        assertThat(interval.format(1)).isEqualTo("12.0 ± 5.0");
    }

    @Test
    void twoValuesUseTwelvePointSevenAndNaNsAreLeftOut() {
        // mean 2, sd sqrt(2), n 2: 12.706 * sqrt(2) / sqrt(2) = 12.706
        Interval interval = Interval.of(List.of(1.0, Double.NaN, 3.0));

        assertThat(interval.n()).isEqualTo(2);
        assertThat(interval.mean()).isEqualTo(2.0);
        assertThat(interval.halfWidth()).isCloseTo(12.706, within(1e-9));
        assertThat(interval.low()).isCloseTo(-10.706, within(1e-9));
    }

    @Test
    void oneValueHasNoIntervalAndNoneHasNoMean() {
        assertThat(Interval.of(List.of(5.0)).format(2)).isEqualTo("5.00");
        assertThat(Interval.of(List.of(5.0)).halfWidth()).isNaN();
        assertThat(Interval.of(List.of(Double.NaN)).format(2)).isEqualTo("-");
    }

    @Test
    void tableQuantilesFollowTheStandardTable() {
        assertThat(Interval.t975(1)).isEqualTo(12.706);
        assertThat(Interval.t975(4)).isEqualTo(2.776);
        assertThat(Interval.t975(30)).isEqualTo(2.042);
        assertThat(Interval.t975(1000)).isEqualTo(1.960);
    }

    private static Map<String, List<RunResult>> threeRepeats() {
        Map<String, List<RunResult>> byStrategy = new LinkedHashMap<>();
        byStrategy.put("asyn2f", List.of(run("asyn2f", 10, 0.90, 20), run("asyn2f", 12, 0.90, 22),
                run("asyn2f", 14, 0.90, 24)));
        // The second repeat of fedavg never reaches 0.85.
        byStrategy.put("fedavg", List.of(run("fedavg", 20, 0.88, 10), run("fedavg", 30, 0.80, 10),
                run("fedavg", 22, 0.86, 10)));
        return byStrategy;
    }

    @Test
    void aggregatesPerStrategyCountOnlyRepeatsThatReachedTheTargetForTimeToTarget() {
        Map<String, Map<String, Interval>> aggregates = ResultsWriter.aggregates(threeRepeats(), 0.85);

        Interval asyn2fTime = aggregates.get("asyn2f").get("secondsToTarget");
        assertThat(asyn2fTime.n()).isEqualTo(3);
        assertThat(asyn2fTime.mean()).isEqualTo(12.0);
        assertThat(asyn2fTime.halfWidth()).isCloseTo(4.9687, within(1e-4));
        assertThat(aggregates.get("asyn2f").get("versions").mean()).isEqualTo(22.0);
        Interval fedavgTime = aggregates.get("fedavg").get("secondsToTarget");
        assertThat(fedavgTime.n()).isEqualTo(2);
        assertThat(fedavgTime.mean()).isEqualTo(21.0);
        assertThat(aggregates.get("fedavg").get("bestAccuracy").mean()).isCloseTo((0.88 + 0.80 + 0.86) / 3,
                within(1e-12));
        assertThat(aggregates.get("fedavg").get("versions").halfWidth()).isEqualTo(0.0);
    }

    @Test
    void tablePrintsMeansWithHalfWidthsAndHowManyReachedTheTarget() {
        String table = ResultsWriter.repeatedTable(threeRepeats(), 0.85);

        assertThat(table).contains("reached").contains("time to 0.85");
        assertThat(table.lines().filter(l -> l.startsWith("asyn2f")).findFirst().orElseThrow())
                .contains("3/3").contains("12.0 ± 5.0").contains("22.0 ± 5.0");
        assertThat(table.lines().filter(l -> l.startsWith("fedavg")).findFirst().orElseThrow())
                .contains("2/3").contains("21.0 ± 12.7").contains("10.0 ± 0.0");
        assertThat(table).contains("3 repeats");
    }

    @Test
    void summaryJsonHoldsEveryRepeatAndTheAggregates() throws IOException {
        Path file = folder.resolve("summary.json");

        ResultsWriter.writeRepeatedSummary(file, threeRepeats(), List.of(42L, 43L, 44L),
                List.of(List.of("asyn2f", "fedavg"), List.of("fedavg", "asyn2f"), List.of("asyn2f", "fedavg")),
                Map.of("scenario", "iid-mild"), 0.85);

        JsonNode summary = JsonMapper.builder().build().readTree(file.toFile());
        assertThat(summary.get("repeats")).hasSize(3);
        JsonNode second = summary.get("repeats").get(1);
        assertThat(second.get("seed").asLong()).isEqualTo(43);
        assertThat(second.get("order").get(0).asString()).isEqualTo("fedavg");
        assertThat(second.get("runs").get("fedavg").get("secondsToTarget").isNull()).isTrue();
        assertThat(second.get("runs").get("asyn2f").get("secondsToTarget").asDouble()).isEqualTo(12.0);
        JsonNode time = summary.get("aggregates").get("asyn2f").get("secondsToTarget");
        assertThat(time.get("n").asInt()).isEqualTo(3);
        assertThat(time.get("mean").asDouble()).isEqualTo(12.0);
        assertThat(time.get("ci95Low").asDouble()).isCloseTo(12 - 4.9687, within(1e-4));
        assertThat(time.get("ci95High").asDouble()).isCloseTo(12 + 4.9687, within(1e-4));
        assertThat(summary.get("settings").get("scenario").asString()).isEqualTo("iid-mild");
    }
}
