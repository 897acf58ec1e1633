package io.asyn2f.registry.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.nimbusds.jwt.JWTClaimsSet;

import io.asyn2f.api.event.WorkerLost;
import io.asyn2f.api.event.WorkerRegistered;
import io.asyn2f.api.security.TokenClaims;
import io.asyn2f.registry.support.RegistryIntegrationTest;
import io.asyn2f.registry.token.SigningKey;
import io.asyn2f.registry.token.TestTokens;

import tools.jackson.databind.JsonNode;

class HeartbeatIT extends RegistryIntegrationTest {

    @Autowired
    private SigningKey signingKey;

    @Test
    void shouldMarkASilentWorkerLostAndActiveAgainOnItsNextHeartbeat() throws Exception {
        JsonNode registration = register(openSession(), "trainer");
        String workerId = registration.path("workerId").asString();
        String token = registration.path("accessToken").asString();

        // the test timeout is 2 s, swept every 250 ms
        WorkerLost lost = awaitEvent(WorkerLost.class, e -> e.workerId().equals(workerId));
        assertThat(lost.sessionId()).isEqualTo(registration.path("sessionId").asString());
        // The sweeper publishes inside its transaction, so the event can arrive before the commit is visible.
        await().atMost(EVENT_WAIT).until(() -> "LOST".equals(workerState(workerId)));

        HttpResponse<String> response = post("/api/v1/workers/" + workerId + "/heartbeat", null, bearer(token));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("state").asString()).isEqualTo("ACTIVE");
        assertThat(workerState(workerId)).isIn("ACTIVE", "LOST");
        WorkerRegistered back = awaitEvent(WorkerRegistered.class, e -> e.workerId().equals(workerId) && e.reconnect());
        assertThat(back.role()).isNotNull();
    }

    @Test
    void shouldKeepAHeartbeatingWorkerActive() throws Exception {
        JsonNode registration = register(openSession(), "tester");
        String workerId = registration.path("workerId").asString();
        String token = registration.path("accessToken").asString();
        Instant until = Instant.now().plusSeconds(3);

        // A heartbeat every 200 ms leaves a busy machine ten times that before the 2 s timeout; the bound leaves room
        // for slow requests without letting a stalled loop pass.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(post("/api/v1/workers/" + workerId + "/heartbeat", null, bearer(token)).statusCode())
                    .isEqualTo(200);
            assertThat(workerState(workerId)).isEqualTo("ACTIVE");
            return Instant.now().isAfter(until);
        });
    }

    @Test
    void shouldWriteBufferedHeartbeatsAndNoticeARevocationByAnotherReplica() throws Exception {
        JsonNode registration = register(openSession(), "trainer");
        String workerId = registration.path("workerId").asString();
        String path = "/api/v1/workers/" + workerId + "/heartbeat";
        String token = bearer(registration.path("accessToken").asString());
        // The first heartbeat is written at once and makes the worker known ACTIVE; later ones are buffered and
        // reach the database with the next batch. Heartbeating on while waiting keeps it ACTIVE on a slow machine
        // (the test timeout is 2 s).
        assertThat(post(path, null, token).statusCode()).isEqualTo(200);
        Instant first = lastHeartbeat(workerId);
        await().atMost(EVENT_WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(post(path, null, token).statusCode()).isEqualTo(200);
            return lastHeartbeat(workerId).isAfter(first);
        });

        // Revoked by another registry instance: this one learns it when its next batch finds the row not ACTIVE,
        // and refuses the heartbeats after that.
        jdbc.update("update registry.worker set state = 'REVOKED', revoked_at = now(), revoke_reason = 'test'"
                + " where worker_id = ?", workerId);
        await().atMost(EVENT_WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> post(path, null, token).statusCode() == 403);
        assertThat(workerState(workerId)).isEqualTo("REVOKED");
    }

    private Instant lastHeartbeat(String workerId) {
        return jdbc.queryForObject("select last_heartbeat from registry.worker where worker_id = ?",
                java.sql.Timestamp.class, workerId).toInstant();
    }

    @Test
    void shouldRefuseForgedTokens() throws Exception {
        JsonNode registration = register(openSession(), "trainer");
        String workerId = registration.path("workerId").asString();
        String sessionId = registration.path("sessionId").asString();
        String path = "/api/v1/workers/" + workerId + "/heartbeat";
        List<Map<String, Object>> before = workerRows();

        // signed by another EC key, even with our kid
        assertProblem(post(path, null, bearer(TestTokens.signWithStrangerKey(signingKey.keyId(),
                claims(workerId, sessionId, Instant.now().plusSeconds(300))))), 401);
        // alg: none
        assertProblem(post(path, null, bearer(TestTokens.unsigned(
                claims(workerId, sessionId, Instant.now().plusSeconds(300))))), 401);
        // expired, though signed by the registry's own key
        assertProblem(post(path, null, bearer(TestTokens.signWith(signingKey,
                claims(workerId, sessionId, Instant.now().minusSeconds(600))))), 401);
        // wrong audience, signed by the registry's own key
        assertProblem(post(path, null, bearer(TestTokens.signWith(signingKey, new JWTClaimsSet.Builder(
                claims(workerId, sessionId, Instant.now().plusSeconds(300))).audience("someone-else").build()))), 401);
        // garbage and no token
        assertProblem(post(path, null, bearer("not.a.jwt")), 401);
        HttpResponse<String> anonymous = post(path, null, null);
        assertProblem(anonymous, 401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");

        assertThat(workerRows()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAHeartbeatWithAnotherWorkersToken() throws Exception {
        String sessionId = openSession();
        String victim = register(sessionId, "trainer").path("workerId").asString();
        String intruderToken = register(sessionId, "trainer").path("accessToken").asString();
        List<Map<String, Object>> before = workerRows();

        assertProblem(post("/api/v1/workers/" + victim + "/heartbeat", null, bearer(intruderToken)), 403);

        assertThat(workerRows()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAServiceTokenOnHeartbeat() throws Exception {
        String serviceToken = json.readTree(post("/api/v1/tokens/service", null,
                basic("aggregator", AGGREGATOR_SECRET)).body()).path("accessToken").asString();
        String workerId = register(openSession(), "trainer").path("workerId").asString();
        List<Map<String, Object>> before = workerRows();

        assertProblem(post("/api/v1/workers/" + workerId + "/heartbeat", null, bearer(serviceToken)), 403);

        assertThat(workerRows()).isEqualTo(before);
    }

    private static JWTClaimsSet claims(String workerId, String sessionId, Instant expiresAt) {
        return new JWTClaimsSet.Builder()
                .issuer(TokenClaims.ISSUER)
                .audience(TokenClaims.AUDIENCE)
                .subject(workerId)
                .claim(TokenClaims.SESSION, sessionId)
                .claim(TokenClaims.ROLE, TokenClaims.ROLE_TRAINER)
                .claim(TokenClaims.UPLOAD_LIMIT, 5_000_000L)
                .issueTime(Date.from(expiresAt.minusSeconds(300)))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
    }
}
