package io.asyn2f.standalone.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.asyn2f.standalone.loadtest.SimulatedWorker.Submission;
import io.asyn2f.standalone.loadtest.UpdateLedger.Accounting;
import io.asyn2f.standalone.loadtest.UpdateLedger.Fate;
import io.asyn2f.standalone.loadtest.UpdateLedger.Outcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How the load test decides each update's fate from the aggregator's records, and how it states the figures. */
class LoadTestAccountingTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void anUpdateIsIncludedRefusedOrLostByWhatTheAggregatorRecorded() {
        List<Submission> submitted = List.of(submission("u-used", 0), submission("u-discarded", 100),
                submission("u-refused-at-intake", 200), submission("u-pending", 300), submission("u-never-seen", 400));
        Map<String, JsonNode> recorded = Map.of(
                "u-used", update("USED", 3L, T0.plusMillis(40)),
                "u-discarded", update("DISCARDED", 2L, T0.plusMillis(150)),
                "u-pending", update("PENDING", null, T0.plusMillis(350)));
        Map<String, String> rejected = Map.of("u-refused-at-intake", "TOKEN_EXPIRED");
        Map<Long, Instant> committedAt = Map.of(3L, T0.plusMillis(250));

        List<Outcome> outcomes = UpdateLedger.outcomes(submitted, recorded, rejected, committedAt);

        assertThat(outcomes).extracting(Outcome::fate).containsExactly(Fate.INCLUDED, Fate.REFUSED, Fate.REFUSED,
                Fate.UNACCOUNTED, Fate.UNACCOUNTED);
        assertThat(outcomes.get(0).version()).isEqualTo(3);
        assertThat(outcomes.get(0).latency()).isEqualTo(Duration.ofMillis(250));
        assertThat(outcomes.get(0).intake()).isEqualTo(Duration.ofMillis(40));
        assertThat(outcomes.get(1).reason()).isEqualTo("DISCARDED");
        assertThat(outcomes.get(2).reason()).isEqualTo("TOKEN_EXPIRED");
        assertThat(outcomes.get(3).reason()).isEqualTo("PENDING");
        assertThat(outcomes.get(4).reason()).isEqualTo("NOT_RECORDED");
    }

    @Test
    void theFinalLineCountsPendingAndUnseenUpdatesAsLost() {
        List<Outcome> outcomes = UpdateLedger.outcomes(List.of(submission("a", 0), submission("b", 10),
                submission("c", 20)), Map.of("a", update("USED", 1L, T0.plusMillis(5)),
                        "b", update("USED", 1L, T0.plusMillis(15)), "c", update("PENDING", null, T0.plusMillis(25))),
                Map.of(), Map.of(1L, T0.plusMillis(1010)));

        LoadTestReport report = LoadTestReport.of(3, new Accounting(outcomes, 1), 2.0, 0, 123, Map.of(), Map.of());

        assertThat(report.line()).isEqualTo("loadtest: workers 3, updates submitted 3, included 2, refused 0, lost 1, "
                + "rate 1.0/s, latency p50 1000 ms p99 1010 ms, aggregator heap max 123 MB");
        assertThat(report.extra()).containsEntry("intakeP50Ms", 5.0);
    }

    @Test
    void readsTheAggregatorsStageTimersFromItsPrometheusPage() {
        String page = String.join("\n",
                "# TYPE asyn2f_aggregator_stage_duration_seconds summary",
                "asyn2f_aggregator_stage_duration_seconds_count{application=\"aggregator-service\",stage=\"intake.blob\"} 4",
                "asyn2f_aggregator_stage_duration_seconds_sum{application=\"aggregator-service\",stage=\"intake.blob\"} 0.02",
                "asyn2f_aggregator_stage_duration_seconds_count{application=\"aggregator-service\",stage=\"aggregation.sum\"} 0",
                "asyn2f_aggregator_stage_duration_seconds_sum{application=\"aggregator-service\",stage=\"aggregation.sum\"} 0.0",
                "asyn2f_aggregator_update_latency_seconds_count{application=\"aggregator-service\"} 9");

        Map<String, Map<String, Object>> stages = StageTimes.parse(page);

        assertThat(stages).containsOnlyKeys("aggregation.sum", "intake.blob");
        assertThat(stages.get("intake.blob")).containsEntry("count", 4L).containsEntry("meanMs", 5.0);
        assertThat(stages.get("aggregation.sum").get("meanMs")).isNull();
        assertThat(StageTimes.summary(stages)).isEqualTo("aggregator stages (mean per pass): intake.blob 5.0 ms");
    }

    @Test
    void percentilesAreNearestRank() {
        double[] sorted = new double[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(LoadTestReport.percentile(sorted, 0.50)).isEqualTo(50);
        assertThat(LoadTestReport.percentile(sorted, 0.99)).isEqualTo(99);
        assertThat(LoadTestReport.percentile(new double[] {7}, 0.99)).isEqualTo(7);
        assertThat(LoadTestReport.percentile(new double[0], 0.5)).isNaN();
    }

    private static Submission submission(String updateId, long afterMillis) {
        return new Submission(updateId, "w-" + updateId, T0.plusMillis(afterMillis), 0);
    }

    private static JsonNode update(String status, Long version, Instant receivedAt) {
        return JSON.valueToTree(version == null
                ? Map.of("status", status, "receivedAt", receivedAt.toString())
                : Map.of("status", status, "version", version, "receivedAt", receivedAt.toString()));
    }
}
