package io.asyn2f.aggregator;

import static io.asyn2f.aggregator.support.FlTestClient.Registration.tester;
import static io.asyn2f.aggregator.support.FlTestClient.Registration.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.net.http.HttpResponse;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.EmptyResultDataAccessException;

import io.asyn2f.aggregator.support.AggregatorITSupport;
import io.asyn2f.aggregator.support.DeadLetterInbox;
import io.asyn2f.aggregator.support.FlTestClient.Upload;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.api.event.EvaluationReported;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.event.SessionStopped;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.event.WorkerRevoked;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.ModelBlobReader;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Versions built from real uploads and events, checked against the formulas written out here (never by calling a
 * strategy), plus what is published with each version and the stop conditions.
 */
class AggregationIT extends AggregatorITSupport {

    private static final double TOLERANCE = 1e-5;

    @Autowired
    MeterRegistry meters;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void shouldBuildAsyn2fVersionsFromQualitySamplesLossAndStaleness() throws Exception {
        // The paper's formula as it is: without the influence bounds (a2's 300 samples are 3x a1's).
        String id = runningSession("{\"name\":\"asyn2f\",\"m\":2}",
                "\"minWorkers\":2,\"maxWait\":\"PT10M\",\"defences\":{\"enabled\":false},"
                        + "\"learningRate\":{\"schedule\":\"cosine\",\"initial\":0.1,\"minimum\":0.005,\"periodVersions\":4}",
                trainer("a1", 100, 0.8), trainer("a2", 300, 0.6));

        float[] p1 = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] p2 = {-1, 0.5f, 0, 2, -3, 1, 0.25f, 4};
        submit(id, "a1", "u-a1-1", p1, 0, 100, 0.8, 0.5);
        submit(id, "a2", "u-a2-1", p2, 0, 300, 0.6, 0.25);
        awaitVersion(id, 1);

        // a_k = q_k * n_k / (L_k + 1e-7) / ((v+1) - v_k); both trained from version 0, so staleness = 1 - 0 = 1
        double r1 = 0.8 * 100 / (0.5 + 1e-7) / 1;
        double r2 = 0.6 * 300 / (0.25 + 1e-7) / 1;
        double w1 = r1 / (r1 + r2);
        double w2 = r2 / (r1 + r2);
        assertParameters(global(id, 1), weighted(new float[][] {p1, p2}, new double[] {w1, w2}));
        JsonNode v1 = versions(id).get(1);
        assertThat(v1.path("avgLoss").asDouble()).isCloseTo((0.5 + 0.25) / 2, within(1e-12));
        assertThat(weightOf(v1, "u-a1-1")).isCloseTo(w1, within(1e-9));
        assertThat(weightOf(v1, "u-a2-1")).isCloseTo(w2, within(1e-9));

        await().atMost(TIMEOUT).until(() -> !captured.of(GlobalModelPublished.class, id).isEmpty());
        GlobalModelPublished published = captured.of(GlobalModelPublished.class, id).get(0);
        assertThat(published.version()).isEqualTo(1);
        assertThat(published.participants()).containsExactlyInAnyOrder("a1", "a2");
        assertThat(published.avgQuality()).isCloseTo((0.8 + 0.6) / 2, within(1e-12));
        assertThat(published.avgLoss()).isCloseTo(0.375, within(1e-12));
        assertThat(published.totalSamples()).isEqualTo(400);
        assertThat(published.learningRate()).isCloseTo(0.1, within(1e-12)); // cosine at v=1: step 0 -> lr0
        assertThat(published.objectKey()).isEqualTo("sessions/" + id + "/global/1.a2fm");
        byte[] blob = download(id, 1);
        assertThat(published.sha256()).isEqualTo(FlTestClient.sha256(blob));
        assertThat(published.sizeBytes()).isEqualTo(blob.length);

        // a1 sends twice from version 0 (the newer replaces the older), a2 once from version 1.
        float[] p3 = {9, 9, 9, 9, 9, 9, 9, 9};
        float[] p3b = {0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f, 6.5f, 7.5f};
        float[] p4 = {2, -2, 2, -2, 2, -2, 2, -2};
        // Samples and quality are the registered ones (each worker's own, fixed); only the loss changes.
        submit(id, "a1", "u-a1-2", p3, 0, 100, 0.8, 0.4);
        submit(id, "a1", "u-a1-3", p3b, 0, 100, 0.8, 0.4);
        submit(id, "a2", "u-a2-2", p4, 1, 300, 0.6, 0.2);
        awaitVersion(id, 2);

        double r3 = 0.8 * 100 / (0.4 + 1e-7) / 2; // staleness (1+1) - 0 = 2
        double r4 = 0.6 * 300 / (0.2 + 1e-7) / 1; // staleness (1+1) - 1 = 1
        assertParameters(global(id, 2), weighted(new float[][] {p3b, p4}, new double[] {r3 / (r3 + r4), r4 / (r3 + r4)}));
        JsonNode v2 = versions(id).get(2);
        assertThat(v2.path("participants")).hasSize(2);
        assertThat(v2.path("participants").toString()).contains("u-a1-3").doesNotContain("u-a1-2");
        assertThat(stalenessOf(v2, "u-a1-3")).isEqualTo(2);
        assertThat(stalenessOf(v2, "u-a2-2")).isEqualTo(1);

        GlobalModelPublished second = await().atMost(TIMEOUT)
                .until(() -> publishedVersion(id, 2), Optional::isPresent).orElseThrow();
        // cosine at v=2: 0.5 * 0.1 * (1 + cos(pi * 1 / 4))
        assertThat(second.learningRate()).isCloseTo(0.5 * 0.1 * (1 + Math.cos(Math.PI / 4)), within(1e-12));
        // Recorded just after the commit that the API already shows, so they may lag behind it a moment.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(meters.find("asyn2f.aggregator.aggregation.duration").tag("strategy", "asyn2f").timer())
                    .isNotNull().satisfies(timer -> assertThat(timer.count()).isGreaterThanOrEqualTo(2));
            assertThat(meters.find("asyn2f.aggregator.session.version").tag("session", id).gauge())
                    .isNotNull().satisfies(gauge -> assertThat(gauge.value()).isEqualTo(2));
            assertThat(meters.find("asyn2f.aggregator.update.staleness").tag("strategy", "asyn2f").summary())
                    .isNotNull().satisfies(summary -> assertThat(summary.max()).isGreaterThanOrEqualTo(2));
            assertThat(meters.find("asyn2f.aggregator.update.latency").timer())
                    .isNotNull().satisfies(timer -> assertThat(timer.count()).isGreaterThanOrEqualTo(4));
            for (String stage : List.of("aggregation.select", "aggregation.load", "aggregation.sum",
                    "aggregation.write", "aggregation.commit")) {
                assertThat(meters.find("asyn2f.aggregator.stage.duration").tag("stage", stage).timer()).as(stage)
                        .isNotNull().satisfies(timer -> assertThat(timer.count()).isGreaterThanOrEqualTo(2));
            }
            for (String stage : List.of("intake.token", "intake.blob", "intake.record")) {
                assertThat(meters.find("asyn2f.aggregator.stage.duration").tag("stage", stage).timer()).as(stage)
                        .isNotNull().satisfies(timer -> assertThat(timer.count()).isGreaterThanOrEqualTo(4));
            }
        });

        // Where each accepted update went, page by page: used in a version, or set aside (the superseded u-a1-2).
        // (Updates of different workers are taken in concurrently: their order among themselves is not fixed.)
        JsonNode first = admin.getJson("/api/v1/sessions/" + id + "/updates?limit=3");
        assertThat(first.path("updates")).hasSize(3);
        JsonNode rest = admin.getJson("/api/v1/sessions/" + id + "/updates?limit=3&after="
                + first.path("next").asLong());
        assertThat(rest.path("next").isNull()).isTrue();
        assertThat(rest.path("updates")).hasSize(2);
        java.util.Map<String, JsonNode> byId = new java.util.HashMap<>();
        first.path("updates").forEach(u -> byId.put(u.path("updateId").asString(), u));
        rest.path("updates").forEach(u -> byId.put(u.path("updateId").asString(), u));
        assertThat(byId).containsOnlyKeys("u-a1-1", "u-a2-1", "u-a1-2", "u-a1-3", "u-a2-2");
        assertThat(byId.get("u-a1-1").path("status").asString()).isEqualTo("USED");
        assertThat(byId.get("u-a1-1").path("version").asLong()).isEqualTo(1);
        assertThat(byId.get("u-a1-3").path("version").asLong()).isEqualTo(2);
        JsonNode discarded = admin.getJson("/api/v1/sessions/" + id + "/updates?status=discarded");
        assertThat(discarded.path("updates")).hasSize(1);
        assertThat(discarded.path("updates").get(0).path("updateId").asString()).isEqualTo("u-a1-2");
        assertThat(discarded.path("updates").get(0).path("reason").asString()).isNotBlank();
        HttpResponse<String> tooMany = admin.get("/api/v1/sessions/" + id + "/updates?limit=10001");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("limit");
        assertThat(admin.get("/api/v1/sessions/" + id + "/updates?status=LOST").statusCode()).isEqualTo(400);
    }

    private Optional<GlobalModelPublished> publishedVersion(String sessionId, long version) {
        return captured.of(GlobalModelPublished.class, sessionId).stream().filter(e -> e.version() == version)
                .findFirst();
    }

    @Test
    void shouldAverageFedAvgRoundsBySamplesAndStopAtTheMaximumVersion() throws Exception {
        // Plain FedAvg: f2's 300 samples are more than the bounds' default 2x the median would let it count.
        String id = runningSession("{\"name\":\"fedavg\"}",
                "\"minWorkers\":2,\"maxWait\":\"PT10M\",\"stop\":{\"maxVersion\":2},\"defences\":{\"enabled\":false}",
                trainer("f1", 100, 0.5), trainer("f2", 300, 0.5));

        float[] p1 = {1, 1, 1, 1, 2, 2, 2, 2};
        float[] p2 = {5, 4, 3, 2, 1, 0, -1, -2};
        submit(id, "f1", "u-f1-1", p1, 0, 100, 0.5, 1.0);
        submit(id, "f2", "u-f2-1", p2, 0, 300, 0.5, 1.0);
        awaitVersion(id, 1);
        // W = sum n_k / N * W_k with N = 100 + 300
        assertParameters(global(id, 1), weighted(new float[][] {p1, p2}, new double[] {100.0 / 400, 300.0 / 400}));

        float[] late = {100, 100, 100, 100, 100, 100, 100, 100};
        float[] p3 = {0, 2, 4, 6, 8, 10, 12, 14};
        float[] p4 = {1, 3, 5, 7, 9, 11, 13, 15};
        submit(id, "f1", "u-f1-late", late, 0, 100, 0.5, 1.0); // from round 0: discarded, never averaged
        submit(id, "f1", "u-f1-2", p3, 1, 100, 0.5, 1.0);
        submit(id, "f2", "u-f2-2", p4, 1, 300, 0.5, 1.0);
        awaitVersion(id, 2);
        assertParameters(global(id, 2), weighted(new float[][] {p3, p4}, new double[] {100.0 / 400, 300.0 / 400}));
        assertThat(versions(id).get(2).path("participants").toString()).doesNotContain("u-f1-late");

        awaitState(id, "FINISHED");
        assertThat(admin.session(id).path("stopReason").asString()).isEqualTo("MAX_VERSION");
        await().atMost(TIMEOUT).until(() -> !captured.of(SessionStopped.class, id).isEmpty());
        SessionStopped stopped = captured.of(SessionStopped.class, id).get(0);
        assertThat(stopped.reason()).isEqualTo(SessionStopped.StopReason.MAX_VERSION);
        assertThat(stopped.finalVersion()).isEqualTo(2);
    }

    @Test
    void shouldCarryFedAvgMServerMomentumFromOneRoundToTheNext() throws Exception {
        String id = runningSession("{\"name\":\"fedavgm\",\"momentum\":0.5,"
                + "\"serverLearningRate\":0.5}",
                "\"minWorkers\":2,\"maxWait\":\"PT10M\",\"defences\":{\"enabled\":false}",
                trainer("m1", 100, 0.5), trainer("m2", 300, 0.5));
        float[] w0 = global(id, 0);

        float[] p1 = {1, 1, 1, 1, 2, 2, 2, 2};
        float[] p2 = {5, 4, 3, 2, 1, 0, -1, -2};
        submit(id, "m1", "u-m1-1", p1, 0, 100, 0.5, 1.0);
        submit(id, "m2", "u-m2-1", p2, 0, 300, 0.5, 1.0);
        awaitVersion(id, 1);
        // v1 = sum n_k / N * (W_k - W0); W1 = W0 + 0.5 * v1
        double[] v1 = new double[8];
        double[] expected1 = new double[8];
        for (int i = 0; i < 8; i++) {
            v1[i] = 0.25 * (p1[i] - w0[i]) + 0.75 * (p2[i] - w0[i]);
            expected1[i] = w0[i] + 0.5 * v1[i];
        }
        assertParameters(global(id, 1), expected1);

        float[] w1 = global(id, 1);
        float[] p3 = {0, 2, 4, 6, 8, 10, 12, 14};
        float[] p4 = {1, 3, 5, 7, 9, 11, 13, 15};
        submit(id, "m1", "u-m1-2", p3, 1, 100, 0.5, 1.0);
        submit(id, "m2", "u-m2-2", p4, 1, 300, 0.5, 1.0);
        awaitVersion(id, 2);
        // v2 = 0.5 * v1 + sum n_k / N * (W_k - W1); W2 = W1 + 0.5 * v2
        double[] expected2 = new double[8];
        for (int i = 0; i < 8; i++) {
            double v2 = 0.5 * v1[i] + 0.25 * (p3[i] - w1[i]) + 0.75 * (p4[i] - w1[i]);
            expected2[i] = w1[i] + 0.5 * v2;
        }
        assertParameters(global(id, 2), expected2);
    }

    @Test
    void shouldApplyFedBuffDeltasWeightedByStalenessAndServerLearningRate() throws Exception {
        String id = runningSession("{\"name\":\"fedbuff\",\"bufferSize\":2,\"serverLearningRate\":0.5}",
                "\"minWorkers\":1,\"maxWait\":\"PT10M\",\"seed\":11",
                trainer("b1"), trainer("b2"));
        await().atMost(TIMEOUT).until(() -> admin.session(id).path("workers").path("activeTrainers").asInt() == 2);
        float[] w0 = global(id, 0);

        float[] d1 = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f};
        float[] d2 = {-0.2f, 0.2f, -0.2f, 0.2f, -0.2f, 0.2f, -0.2f, 0.2f};
        submitDelta(id, "b1", "u-b-1", d1, 0);
        submitDelta(id, "b2", "u-b-2", d2, 0);
        awaitVersion(id, 1);
        // W(v+1) = W(v) + eta / K * sum_k delta_k / sqrt(1 + (v - v_k)); eta = 0.5, K = 2, both fresh (v - v_k = 0)
        double[] expected1 = new double[8];
        for (int i = 0; i < 8; i++) {
            expected1[i] = w0[i] + 0.5 / 2 * (d1[i] / Math.sqrt(1 + 0) + d2[i] / Math.sqrt(1 + 0));
        }
        assertParameters(global(id, 1), expected1);

        float[] d3 = {1, 1, 1, 1, 1, 1, 1, 1};
        float[] d4 = {0, 0.5f, 0, 0.5f, 0, 0.5f, 0, 0.5f};
        submitDelta(id, "b1", "u-b-3", d3, 0); // one version behind
        submitDelta(id, "b2", "u-b-4", d4, 1);
        awaitVersion(id, 2);
        double[] expected2 = new double[8];
        for (int i = 0; i < 8; i++) {
            expected2[i] = expected1[i] + 0.5 / 2 * (d3[i] / Math.sqrt(1 + 1) + d4[i] / Math.sqrt(1 + 0));
        }
        assertParameters(global(id, 2), expected2);
        assertThat(stalenessOf(versions(id).get(2), "u-b-3")).isEqualTo(1);
        assertThat(stalenessOf(versions(id).get(2), "u-b-4")).isZero();
    }

    @Test
    void shouldAggregateWhatItHasWhenTheMaxWaitPasses() throws Exception {
        String id = runningSession("{\"name\":\"asyn2f\",\"m\":5}",
                "\"minWorkers\":1,\"maxWait\":\"PT1S\"",
                trainer("mw1", 50, 0.7));

        float[] p1 = {3, 1, 4, 1, 5, 9, 2, 6};
        submit(id, "mw1", "u-mw-1", p1, 0, 50, 0.7, 0.3);

        // m = 5 is never reached; the timer fires the max-wait and the single update makes the version alone.
        awaitVersion(id, 1);
        assertParameters(global(id, 1), weighted(new float[][] {p1}, new double[] {1.0}));
        assertThat(weightOf(versions(id).get(1), "u-mw-1")).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void shouldStopAfterTheMaximumWallTime() {
        String id = waitingSession("{\"name\":\"kafl\",\"m\":2}",
                "\"minWorkers\":1,\"stop\":{\"maxWallTime\":\"PT1S\"}");
        fl.register(id, "mt1", WorkerRole.TRAINER);

        awaitState(id, "FINISHED");
        assertThat(admin.session(id).path("stopReason").asString()).isEqualTo("MAX_TIME");
        await().atMost(TIMEOUT).until(() -> !captured.of(SessionStopped.class, id).isEmpty());
        assertThat(captured.of(SessionStopped.class, id).get(0).reason()).isEqualTo(SessionStopped.StopReason.MAX_TIME);
    }

    @Test
    void shouldStopWhenATesterReportsTheTargetAccuracy() {
        String id = runningSession("{\"name\":\"asyn2f\",\"m\":3}",
                "\"minWorkers\":1,\"stop\":{\"targetAccuracy\":0.8}",
                trainer("t-trainer"), tester("t-tester"));
        DeadLetterInbox evaluationDeadLetters = new DeadLetterInbox(rabbit, EventRouting.AGGREGATOR_EVALUATIONS_QUEUE);

        report(id, "t-tester", 0.5, "tester");
        await().atMost(TIMEOUT).until(() -> admin.session(id).path("lastAccuracy").asDouble() == 0.5);
        assertThat(admin.session(id).path("state").asString()).isEqualTo("RUNNING");

        EventEnvelope fromTrainer = report(id, "t-trainer", 0.95, "trainer");
        assertThat(evaluationDeadLetters.awaitReason(fromTrainer.eventId())).startsWith("TOKEN_MISMATCH")
                .doesNotContain("0.95");

        // A revoked tester's report is refused even with a token that is still valid.
        fl.register(id, "t-tester-revoked", WorkerRole.TESTER);
        fl.publish(new WorkerRevoked(id, "t-tester-revoked", "compromised"));
        await().atMost(TIMEOUT).until(() -> admin.session(id).path("workers").path("revoked").asInt() == 1);
        EventEnvelope fromRevoked = report(id, "t-tester-revoked", 0.95, "tester");
        assertThat(evaluationDeadLetters.awaitReason(fromRevoked.eventId())).startsWith("WORKER_REVOKED");
        assertThat(admin.session(id).path("state").asString()).isEqualTo("RUNNING");

        report(id, "t-tester", 0.85, "tester");
        awaitState(id, "FINISHED");
        JsonNode session = admin.session(id);
        assertThat(session.path("stopReason").asString()).isEqualTo("TARGET_ACCURACY");
        assertThat(session.path("lastAccuracy").asDouble()).isEqualTo(0.85);
        assertThat(versions(id).get(0).path("accuracy").asDouble()).isEqualTo(0.85);
        await().atMost(TIMEOUT).until(() -> !captured.of(SessionStopped.class, id).isEmpty());
        assertThat(captured.of(SessionStopped.class, id).get(0).reason())
                .isEqualTo(SessionStopped.StopReason.TARGET_ACCURACY);
        // Set just after the commit that finished the session.
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(meters.find("asyn2f.aggregator.session.accuracy").tag("session", id).gauge())
                        .isNotNull().satisfies(gauge -> assertThat(gauge.value()).isEqualTo(0.85)));
    }

    @Test
    void shouldNeedAMajorityOfTheActiveTestersToStopAtTheTargetAccuracy() {
        String id = runningSession("{\"name\":\"asyn2f\",\"m\":3}",
                "\"minWorkers\":1,\"stop\":{\"targetAccuracy\":0.8}",
                trainer("q-trainer"), tester("q-tester-1"), tester("q-tester-2"));
        await().atMost(TIMEOUT).until(() -> admin.session(id).path("workers").path("activeTesters").asInt() == 2);

        // One of two testers reports accuracy 1.0: recorded (in the same commit as any stop), not enough to stop.
        report(id, "q-tester-1", 1.0, "tester");
        await().atMost(TIMEOUT).until(() -> versions(id).get(0).path("accuracy").asDouble() == 1.0);
        assertThat(admin.session(id).path("state").asString()).isEqualTo("RUNNING");

        report(id, "q-tester-2", 0.85, "tester");
        awaitState(id, "FINISHED");
        assertThat(admin.session(id).path("stopReason").asString()).isEqualTo("TARGET_ACCURACY");
        assertThat(admin.session(id).path("stopDetail").asString()).contains("for 2 tester(s)");
    }

    @Test
    void shouldRefuseAReportFromATesterTheOperatorDidNotName() {
        String id = runningSession("{\"name\":\"asyn2f\",\"m\":3}",
                "\"minWorkers\":1,\"stop\":{\"targetAccuracy\":0.8,\"testers\":[\"n-tester\"]}",
                trainer("n-trainer"), tester("n-tester"), tester("n-intruder"));
        DeadLetterInbox evaluationDeadLetters = new DeadLetterInbox(rabbit, EventRouting.AGGREGATOR_EVALUATIONS_QUEUE);

        EventEnvelope intruder = report(id, "n-intruder", 1.0, "tester");
        assertThat(evaluationDeadLetters.awaitReason(intruder.eventId())).startsWith("TESTER_NOT_NAMED");
        assertThat(admin.session(id).path("state").asString()).isEqualTo("RUNNING");

        report(id, "n-tester", 0.9, "tester");
        awaitState(id, "FINISHED");
        assertThat(admin.session(id).path("stopReason").asString()).isEqualTo("TARGET_ACCURACY");
    }

    private EventEnvelope report(String sessionId, String workerId, double accuracy, String role) {
        // The worker id in the event must match the token's subject; a trainer re-labelled as the tester is refused.
        String tokenSubject = workerId;
        String eventWorker = role.equals("trainer") ? "t-tester" : workerId;
        return fl.publish(EventEnvelope.wrap(new EvaluationReported(sessionId, eventWorker, 0, accuracy, 0.3, 1000)),
                fl.registry().token(tokenSubject, sessionId, role));
    }

    @Test
    void shouldSetAsideAnUpdateStalerThanTheSessionAllowsWithItsReason() {
        String id = runningSession("{\"name\":\"asyn2f\",\"m\":2,\"maxStaleness\":1}",
                "\"minWorkers\":2,\"maxWait\":\"PT10M\"",
                trainer("st1", 100, 0.8), trainer("st2", 100, 0.8));
        float[] p = {1, 1, 1, 1, 1, 1, 1, 1};
        submit(id, "st1", "u-st1-1", p, 0, 100, 0.8, 0.5);
        submit(id, "st2", "u-st2-1", p, 0, 100, 0.8, 0.5);
        awaitVersion(id, 1);

        // Version 2 would give an update from version 0 staleness 2 > 1: it is set aside, not aggregated.
        submit(id, "st1", "u-st1-stale", p, 0, 100, 0.8, 0.001);
        submit(id, "st2", "u-st2-2", p, 1, 100, 0.8, 0.5);
        // The row appears only once the update is recorded: until then there is nothing to read yet.
        await().atMost(TIMEOUT).ignoreExceptionsInstanceOf(EmptyResultDataAccessException.class)
                .until(() -> updateStatus("u-st1-stale").startsWith("DISCARDED STALE"));
        submit(id, "st1", "u-st1-2", p, 1, 100, 0.8, 0.5);
        awaitVersion(id, 2);

        assertThat(versions(id).get(2).path("participants").findValuesAsString("updateId"))
                .containsExactlyInAnyOrder("u-st1-2", "u-st2-2");
        assertThat(updateStatus("u-st1-stale")).contains("more than 1 versions before 2");
    }

    @Test
    void shouldNotAdvanceTheLearningRateScheduleWithVersionsBuiltOnAnOldVersion() {
        String id = runningSession("{\"name\":\"asyn2f\",\"m\":1}",
                "\"minWorkers\":1,\"maxWait\":\"PT10M\",\"learningRate\":{\"schedule\":\"cosine\","
                        + "\"initial\":0.1,\"minimum\":0.005,\"periodVersions\":4}",
                trainer("lr1", 100, 0.8));
        float[] p = {1, 1, 1, 1, 1, 1, 1, 1};
        // Three versions from work done on version 0 (a backlog drained one by one): one step of the schedule.
        for (int k = 1; k <= 3; k++) {
            submit(id, "lr1", "u-lr-old-" + k, p, 0, 100, 0.8, 0.5);
            awaitVersion(id, k);
        }
        // Work done on version 3 moves the schedule to step 4 at once.
        submit(id, "lr1", "u-lr-new", p, 3, 100, 0.8, 0.5);
        awaitVersion(id, 4);

        JsonNode versions = versions(id);
        assertThat(versions.findValues("scheduleStep").stream().map(JsonNode::asLong).toList())
                .containsExactly(0L, 1L, 1L, 1L, 4L);
        assertThat(versions.get(3).path("learningRate").asDouble()).isEqualTo(0.1);
        assertThat(versions.get(4).path("learningRate").asDouble())
                .isCloseTo(0.05 * (1 + Math.cos(Math.PI * 3 / 4)), within(1e-12));
    }

    @Test
    void shouldBoundTheWeightOfAnUpdateReportingLossZeroAndClipItsDistance() throws Exception {
        String id = runningSession("{\"name\":\"asyn2f\",\"m\":3}", "\"minWorkers\":3,\"maxWait\":\"PT10M\"",
                trainer("h1", 100, 0.8), trainer("h2", 100, 0.8), trainer("evil", 100, 0.8));
        float[] w0 = global(id, 0);
        float[] honest = w0.clone();
        honest[0] += 1;
        float[] hostile = w0.clone();
        hostile[0] -= 1000;
        submit(id, "h1", "u-h1", honest, 0, 100, 0.8, 0.5);
        submit(id, "h2", "u-h2", honest, 0, 100, 0.8, 0.5);
        submit(id, "evil", "u-evil", hostile, 0, 100, 0.8, 0.0);
        awaitVersion(id, 1);

        JsonNode v1 = versions(id).get(1);
        // Loss 0 is floored at half the median loss: twice an honest weight, half of the version, not 0.99999.
        assertThat(weightOf(v1, "u-evil")).isCloseTo(0.5, within(1e-6));
        // 1000 away, clipped to 3 times the median distance (1): parameter 0 moves by 0.25 * 1 * 2 - 0.5 * 3.
        assertThat(global(id, 1)[0]).isCloseTo(w0[0] + 0.5f - 1.5f, within(1e-4f));
    }

    @Test
    void shouldRefuseAnUpdateThatWouldOverflowTheVersionAndGoOnWithTheNext() throws Exception {
        String id = runningSession(
                "{\"name\":\"fedbuff\",\"bufferSize\":1,\"serverLearningRate\":10}",
                "\"minWorkers\":1,\"maxWait\":\"PT10M\",\"defences\":{\"enabled\":false}",
                trainer("of1"));
        float[] huge = {3e38f, 0, 0, 0, 0, 0, 0, 0};
        submitDelta(id, "of1", "u-of-huge", huge, 0);
        await().atMost(TIMEOUT).ignoreExceptionsInstanceOf(EmptyResultDataAccessException.class)
                .until(() -> updateStatus("u-of-huge").startsWith("REJECTED OVERFLOW"));

        submitDelta(id, "of1", "u-of-fine", new float[] {0.01f, 0, 0, 0, 0, 0, 0, 0}, 0);
        awaitVersion(id, 1);
        assertThat(versions(id).get(1).path("participants").findValuesAsString("updateId"))
                .containsExactly("u-of-fine");
        assertThat(updateStatus("u-of-huge")).contains("non-finite");
    }

    private String updateStatus(String updateId) {
        return jdbc.queryForObject("select status || ' ' || coalesce(status_reason, '') from aggregator.local_update"
                + " where update_id = ?", String.class, updateId);
    }

    private void submit(String sessionId, String workerId, String updateId, float[] parameters, long base,
            long samples, double quality, double loss) {
        Upload upload = fl.upload(sessionId, workerId, ARCH, BlobKind.WEIGHTS, parameters);
        fl.submit(FlTestClient.update(updateId, sessionId, workerId, upload, base, samples, quality, loss,
                UpdateKind.MODEL));
    }

    private void submitDelta(String sessionId, String workerId, String updateId, float[] delta, long base) {
        Upload upload = fl.upload(sessionId, workerId, ARCH, BlobKind.DELTA, delta);
        fl.submit(FlTestClient.update(updateId, sessionId, workerId, upload, base, 100, 0.9, 0.5, UpdateKind.DELTA));
    }

    private byte[] download(String sessionId, long version) {
        HttpResponse<byte[]> response = admin.getBytes("/api/v1/sessions/" + sessionId + "/versions/" + version
                + "/model");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private float[] global(String sessionId, long version) throws IOException {
        return ModelBlobReader.lenient().read(new ByteArrayInputStream(download(sessionId, version))).parameters();
    }

    private static double[] weighted(float[][] inputs, double[] weights) {
        double[] out = new double[inputs[0].length];
        for (int k = 0; k < inputs.length; k++) {
            for (int i = 0; i < out.length; i++) {
                out[i] += weights[k] * inputs[k][i];
            }
        }
        return out;
    }

    private static void assertParameters(float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("parameter %d", i).isCloseTo(expected[i], within(TOLERANCE));
        }
    }

    private static double weightOf(JsonNode version, String updateId) {
        return participant(version, updateId).path("weight").asDouble();
    }

    private static long stalenessOf(JsonNode version, String updateId) {
        return participant(version, updateId).path("staleness").asLong();
    }

    private static JsonNode participant(JsonNode version, String updateId) {
        for (JsonNode p : version.path("participants")) {
            if (p.path("updateId").asString().equals(updateId)) {
                return p;
            }
        }
        throw new AssertionError("no participant " + updateId + " in " + version);
    }

}
