package io.asyn2f.registry.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.asyn2f.api.event.WorkerRegistered;
import io.asyn2f.registry.support.RegistryIntegrationTest;

import tools.jackson.databind.JsonNode;

/** Registration with per-session enrollment tokens: each refusal on its own, and what a token binds. */
class EnrollmentIT extends RegistryIntegrationTest {

    @Test
    void shouldAdmitAWorkerAndCountItsSeat() throws Exception {
        String sessionId = openSession();
        JsonNode issued = issueEnrollmentToken(sessionId, "{\"maxWorkers\":2}");
        String tokenId = issued.path("enrollmentToken").path("tokenId").asString();

        HttpResponse<String> response = register(sessionId, issued.path("token").asString(),
                registrationBody("trainer", 1200, 0.9));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String workerId = json.readTree(response.body()).path("workerId").asString();
        assertThat(enrollmentTokenRow(tokenId)).containsEntry("used_seats", 1);
        assertThat(jdbc.queryForObject("select enrollment_token_id from registry.worker where worker_id = ?",
                String.class, workerId)).isEqualTo(tokenId);
        JsonNode view = json.readTree(get("/api/v1/admin/enrollment-tokens/" + tokenId,
                basic(ADMIN_USER, ADMIN_PASSWORD)).body());
        assertThat(view.path("usedSeats").asInt()).isEqualTo(1);
        assertThat(view.path("remainingSeats").asInt()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnExpiredToken() throws Exception {
        String sessionId = openSession();
        JsonNode issued = issueEnrollmentToken(sessionId, "{\"maxWorkers\":1,\"ttl\":\"PT1S\"}");
        Instant expiresAt = Instant.parse(issued.path("enrollmentToken").path("expiresAt").asString());
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(expiresAt.plusMillis(50)));
        List<Map<String, Object>> before = workerRows();

        HttpResponse<String> response = register(sessionId, issued.path("token").asString(),
                registrationBody("trainer", 10, 0.5));

        assertProblem(response, 410);
        assertThat(json.readTree(response.body()).path("detail").asString()).contains("expired");
        assertNothingChanged(before, issued);
    }

    @Test
    void shouldRefuseARevokedToken() throws Exception {
        String sessionId = openSession();
        JsonNode issued = issueEnrollmentToken(sessionId, "{\"maxWorkers\":5}");
        revokeToken(issued);
        List<Map<String, Object>> before = workerRows();

        HttpResponse<String> response = register(sessionId, issued.path("token").asString(),
                registrationBody("trainer", 10, 0.5));

        assertProblem(response, 403);
        assertThat(json.readTree(response.body()).path("detail").asString()).contains("revoked");
        assertNothingChanged(before, issued);
    }

    @Test
    void shouldRefuseATokenOfAnotherSession() throws Exception {
        String sessionId = openSession();
        String other = openSession();
        JsonNode issued = issueEnrollmentToken(other, "{\"maxWorkers\":5}");
        List<Map<String, Object>> before = workerRows();

        HttpResponse<String> response = register(sessionId, issued.path("token").asString(),
                registrationBody("trainer", 10, 0.5));

        assertProblem(response, 403);
        assertThat(json.readTree(response.body()).path("detail").asString()).contains("another session");
        assertNothingChanged(before, issued);
    }

    @Test
    void shouldNotTellAnUnknownSessionFromAnotherToATokenHolder() throws Exception {
        JsonNode issued = issueEnrollmentToken(openSession(), "{\"maxWorkers\":5}");

        assertProblem(register("s-never-opened", issued.path("token").asString(),
                registrationBody("trainer", 10, 0.5)), 403);
        assertProblem(register("s-never-opened", null, registrationBody("trainer", 10, 0.5)), 401);
    }

    @Test
    void shouldRefuseWhenNoSeatIsLeft() throws Exception {
        String sessionId = openSession();
        JsonNode issued = issueEnrollmentToken(sessionId, "{\"maxWorkers\":1}");
        String token = issued.path("token").asString();
        assertThat(register(sessionId, token, registrationBody("trainer", 10, 0.5)).statusCode()).isEqualTo(201);
        List<Map<String, Object>> before = workerRows();

        HttpResponse<String> response = register(sessionId, token, registrationBody("trainer", 10, 0.5));

        assertProblem(response, 409);
        assertThat(json.readTree(response.body()).path("detail").asString()).contains("no seat left");
        assertThat(workerRows()).isEqualTo(before);
        assertThat(enrollmentTokenRow(issued.path("enrollmentToken").path("tokenId").asString()))
                .containsEntry("used_seats", 1);
    }

    @Test
    void shouldAdmitExactlyAsManyConcurrentRegistrationsAsTheTokenHasSeats() throws Exception {
        int seats = 5;
        int attempts = 16;
        String sessionId = openSession();
        JsonNode issued = issueEnrollmentToken(sessionId, "{\"maxWorkers\":" + seats + "}");
        String token = issued.path("token").asString();
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                Callable<Integer> attempt = () -> {
                    start.await();
                    return register(sessionId, token, registrationBody("trainer", 10, 0.5)).statusCode();
                };
                outcomes.add(pool.submit(attempt));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> outcome : outcomes) {
                statuses.add(outcome.get(60, TimeUnit.SECONDS));
            }

            assertThat(statuses).filteredOn(status -> status == 201).hasSize(seats);
            assertThat(statuses).filteredOn(status -> status == 409).hasSize(attempts - seats);
        } finally {
            pool.shutdownNow();
        }
        assertThat(enrollmentTokenRow(issued.path("enrollmentToken").path("tokenId").asString()))
                .containsEntry("used_seats", seats);
        assertThat(jdbc.queryForObject("select count(*) from registry.worker where session_id = ?", Long.class,
                sessionId)).isEqualTo(seats);
    }

    @Test
    void shouldRefuseTheRoleATokenDoesNotAdmit() throws Exception {
        String sessionId = openSession();
        JsonNode issued = issueEnrollmentToken(sessionId, "{\"maxWorkers\":2,\"role\":\"tester\"}");
        String token = issued.path("token").asString();
        List<Map<String, Object>> before = workerRows();

        HttpResponse<String> trainer = register(sessionId, token, registrationBody("trainer", 10, 0.5));

        assertProblem(trainer, 403);
        assertThat(json.readTree(trainer.body()).path("detail").asString()).contains("only testers");
        assertNothingChanged(before, issued);
        assertThat(register(sessionId, token, registrationBody("tester", 10, 0.5)).statusCode()).isEqualTo(201);
    }

    @Test
    void shouldKeepTheTokensRoleWhenTheWorkerReconnects() throws Exception {
        String sessionId = openSession();
        String token = enrollmentToken(sessionId, "{\"maxWorkers\":1,\"role\":\"tester\"}");
        JsonNode tester = json.readTree(register(sessionId, token, registrationBody("tester", 10, 0.5)).body());

        HttpResponse<String> asTrainer = register(sessionId, null, reconnectBody("trainer", 10,
                tester.path("workerId").asString(), tester.path("refreshToken").asString()));

        assertProblem(asTrainer, 403);
        assertThat(jdbc.queryForObject("select role from registry.worker where worker_id = ?", String.class,
                tester.path("workerId").asString())).isEqualTo("TESTER");
    }

    @Test
    void shouldNeverGiveARevokedWorkersSeatBackNorLetItReconnect() throws Exception {
        String sessionId = openSession();
        JsonNode issued = issueEnrollmentToken(sessionId, "{\"maxWorkers\":1}");
        String token = issued.path("token").asString();
        JsonNode worker = json.readTree(register(sessionId, token, registrationBody("trainer", 10, 0.5)).body());
        String workerId = worker.path("workerId").asString();
        HttpResponse<String> revoked = post("/api/v1/admin/workers/" + workerId + "/revoke",
                "{\"reason\":\"hostile\"}", basic(ADMIN_USER, ADMIN_PASSWORD));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        List<Map<String, Object>> before = workerRows();

        HttpResponse<String> again = register(sessionId, token, registrationBody("trainer", 10, 0.5));
        HttpResponse<String> reconnect = register(sessionId, token, reconnectBody("trainer", 10, workerId,
                worker.path("refreshToken").asString()));

        assertProblem(again, 409);
        assertProblem(reconnect, 403);
        assertThat(workerRows()).isEqualTo(before);
        assertThat(workerState(workerId)).isEqualTo("REVOKED");
        assertThat(enrollmentTokenRow(issued.path("enrollmentToken").path("tokenId").asString()))
                .containsEntry("used_seats", 1);
    }

    @Test
    void shouldRecordTheSampleCountFixedByTheTokenWhateverTheWorkerReports() throws Exception {
        String sessionId = openSession();
        String token = enrollmentToken(sessionId, "{\"maxWorkers\":1,\"samples\":500}");

        HttpResponse<String> response = register(sessionId, token, registrationBody("trainer", 60_000, 0.9));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode registration = json.readTree(response.body());
        String workerId = registration.path("workerId").asString();
        assertThat(registration.path("samples").asLong()).isEqualTo(500);
        assertThat(jdbc.queryForObject("select samples from registry.worker where worker_id = ?", Long.class,
                workerId)).isEqualTo(500);
        assertThat(awaitEvent(WorkerRegistered.class, e -> e.workerId().equals(workerId)).samples())
                .as("what the aggregator weights with").isEqualTo(500);

        HttpResponse<String> back = register(sessionId, null, reconnectBody("trainer", 99_999, workerId,
                registration.path("refreshToken").asString()));

        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(json.readTree(back.body()).path("samples").asLong()).isEqualTo(500);
        assertThat(jdbc.queryForObject("select samples from registry.worker where worker_id = ?", Long.class,
                workerId)).isEqualTo(500);
        assertThat(awaitEvent(WorkerRegistered.class, e -> e.workerId().equals(workerId) && e.reconnect())
                .samples()).isEqualTo(500);
    }

    @Test
    void shouldRecordTheReportedSampleCountWhenTheTokenFixesNone() throws Exception {
        String sessionId = openSession();
        String token = enrollmentToken(sessionId, "{\"maxWorkers\":1}");

        JsonNode registration = json.readTree(register(sessionId, token, registrationBody("trainer", 1234, 0.9))
                .body());

        assertThat(registration.path("samples").asLong()).isEqualTo(1234);
    }

    private void revokeToken(JsonNode issued) throws Exception {
        HttpResponse<String> response = post("/api/v1/admin/enrollment-tokens/"
                + issued.path("enrollmentToken").path("tokenId").asString() + "/revoke", "{\"reason\":\"test\"}",
                basic(ADMIN_USER, ADMIN_PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void assertNothingChanged(List<Map<String, Object>> workersBefore, JsonNode issued) {
        assertThat(workerRows()).isEqualTo(workersBefore);
        assertThat(enrollmentTokenRow(issued.path("enrollmentToken").path("tokenId").asString()))
                .containsEntry("used_seats", 0);
    }

    private static String reconnectBody(String role, long samples, String workerId, String refreshToken) {
        return """
                {"role":"%s","samples":%d,"quality":0.5,"workerId":"%s","refreshToken":"%s"}"""
                .formatted(role, samples, workerId, refreshToken);
    }
}
