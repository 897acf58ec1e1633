package io.asyn2f.registry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.asyn2f.api.event.WorkerRevoked;
import io.asyn2f.registry.support.RegistryIntegrationTest;

import tools.jackson.databind.JsonNode;

class AdminIT extends RegistryIntegrationTest {

    private final String admin = basic(ADMIN_USER, ADMIN_PASSWORD);

    @Test
    void shouldRefuseTheAdminApiWithoutOrWithWrongCredentials() throws Exception {
        String workerId = register(openSession(), "trainer").path("workerId").asString();
        List<Map<String, Object>> before = workerRows();

        HttpResponse<String> anonymous = get("/api/v1/admin/workers", null);
        assertProblem(anonymous, 401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic");
        assertProblem(get("/api/v1/admin/workers", basic(ADMIN_USER, "wrong")), 401);
        assertProblem(get("/api/v1/admin/workers", basic("root", ADMIN_PASSWORD)), 401);
        assertProblem(get("/api/v1/admin/workers", bearer(ENROLLMENT_SECRET)), 401);
        assertProblem(post("/api/v1/admin/workers/" + workerId + "/revoke", "{\"reason\":\"x\"}",
                basic(ADMIN_USER, "wrong")), 401);

        assertThat(workerRows()).isEqualTo(before);
        assertThat(workerState(workerId)).isNotEqualTo("REVOKED");
    }

    @Test
    void shouldListAndShowWorkers() throws Exception {
        String sessionId = openSession();
        String trainer = register(sessionId, "trainer").path("workerId").asString();
        String tester = register(sessionId, "tester").path("workerId").asString();

        HttpResponse<String> list = get("/api/v1/admin/workers?sessionId=" + sessionId, admin);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonNode workers = json.readTree(list.body());
        assertThat(workers.size()).isEqualTo(2);
        assertThat(workers.findValuesAsString("workerId")).containsExactlyInAnyOrder(trainer, tester);
        assertThat(list.body()).doesNotContain("refresh");

        HttpResponse<String> revoked = get("/api/v1/admin/workers?sessionId=" + sessionId + "&state=REVOKED", admin);
        assertThat(json.readTree(revoked.body()).size()).isZero();

        HttpResponse<String> one = get("/api/v1/admin/workers/" + tester, admin);
        assertThat(one.statusCode()).isEqualTo(200);
        JsonNode view = json.readTree(one.body());
        assertThat(view.path("role").asString()).isEqualTo("TESTER");
        assertThat(view.path("system").path("cpuCores").asInt()).isEqualTo(4);

        assertProblem(get("/api/v1/admin/workers/w-unknown", admin), 404);
        assertProblem(get("/api/v1/admin/workers?state=SLEEPING", admin), 400);
    }

    @Test
    void shouldRevokeAWorkerForGood() throws Exception {
        JsonNode registration = register(openSession(), "trainer");
        String workerId = registration.path("workerId").asString();
        String accessToken = registration.path("accessToken").asString();
        String refreshToken = registration.path("refreshToken").asString();

        HttpResponse<String> response = post("/api/v1/admin/workers/" + workerId + "/revoke",
                "{\"reason\":\"poisoned updates\"}", admin);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("state").asString()).isEqualTo("REVOKED");
        assertThat(workerState(workerId)).isEqualTo("REVOKED");
        WorkerRevoked event = awaitEvent(WorkerRevoked.class, e -> e.workerId().equals(workerId));
        assertThat(event.reason()).isEqualTo("poisoned updates");
        assertThat(event.sessionId()).isEqualTo(registration.path("sessionId").asString());

        List<Map<String, Object>> before = workerRows();
        // refresh refused
        assertProblem(post("/api/v1/tokens/refresh",
                "{\"workerId\":\"%s\",\"refreshToken\":\"%s\"}".formatted(workerId, refreshToken), null), 403);
        // heartbeat refused, though the access token itself is still valid
        assertProblem(post("/api/v1/workers/" + workerId + "/heartbeat", null, bearer(accessToken)), 403);
        // reconnect refused
        assertProblem(post("/api/v1/sessions/" + registration.path("sessionId").asString() + "/workers", """
                {"role":"trainer","samples":1,"quality":0.5,"workerId":"%s","refreshToken":"%s"}"""
                .formatted(workerId, refreshToken), bearer(ENROLLMENT_SECRET)), 403);
        assertThat(workerRows()).isEqualTo(before);
        assertThat(workerState(workerId)).isEqualTo("REVOKED");

        // services learn it from /api/v1/revocations
        String serviceToken = json.readTree(post("/api/v1/tokens/service", null,
                basic("aggregator", AGGREGATOR_SECRET)).body()).path("accessToken").asString();
        JsonNode revocations = json.readTree(get("/api/v1/revocations", bearer(serviceToken)).body());
        assertThat(revocations.path("revocations").findValuesAsString("workerId")).contains(workerId);
    }

    @Test
    void shouldRefuseARevocationWithoutReason() throws Exception {
        String workerId = register(openSession(), "trainer").path("workerId").asString();
        List<Map<String, Object>> before = workerRows();

        assertProblem(post("/api/v1/admin/workers/" + workerId + "/revoke", "{\"reason\":\" \"}", admin), 400);
        assertProblem(post("/api/v1/admin/workers/" + workerId + "/revoke", "{", admin), 400);
        assertProblem(post("/api/v1/admin/workers/w-unknown/revoke", "{\"reason\":\"x\"}", admin), 404);

        assertThat(workerRows()).isEqualTo(before);
        assertThat(workerState(workerId)).isNotEqualTo("REVOKED");
    }
}
