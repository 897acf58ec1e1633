package io.asyn2f.registry.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.asyn2f.api.event.WorkerRegistered;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.security.TokenClaims;
import io.asyn2f.registry.support.RegistryIntegrationTest;

import tools.jackson.databind.JsonNode;

class RegistrationIT extends RegistryIntegrationTest {

    @org.springframework.beans.factory.annotation.Value("${spring.rabbitmq.username}")
    String serviceBrokerUser;

    @Test
    void shouldRegisterTrainerWithTokenConfigurationAndEndpoints() throws Exception {
        String sessionId = openSession();

        JsonNode registration = register(sessionId, "trainer");

        String workerId = registration.path("workerId").asString();
        assertThat(workerId).matches("[A-Za-z0-9_-]{1,64}");
        assertThat(registration.path("sessionId").asString()).isEqualTo(sessionId);
        assertThat(registration.path("role").asString()).isEqualTo("trainer");
        assertThat(registration.path("reconnect").asBoolean()).isFalse();
        assertThat(registration.path("tokenType").asString()).isEqualTo("Bearer");
        assertThat(registration.path("expiresIn").asLong()).isEqualTo(300);
        assertThat(registration.path("refreshToken").asString()).hasSizeGreaterThan(30);
        assertThat(registration.path("trainingConfig").path("batchSize").asInt()).isEqualTo(64);
        assertThat(registration.path("trainingConfig").path("beta").asDouble()).isEqualTo(0.6);
        assertThat(registration.path("broker").path("username").asString()).isEqualTo("worker");
        assertThat(registration.path("broker").path("password").asString()).isEqualTo("worker-password");
        assertThat(registration.path("broker").path("port").asInt()).isPositive();
        assertThat(registration.path("broker").path("trustedPublishers").get(0).asString())
                .as("the services' own broker user, by default the registry's").isEqualTo(serviceBrokerUser);
        assertThat(registration.path("storageGateway").path("url").asString()).isEqualTo("http://gateway.test:8082");
        assertThat(registration.path("heartbeat").path("timeoutSeconds").asLong()).isEqualTo(2);

        JWTClaimsSet claims = SignedJWT.parse(registration.path("accessToken").asString()).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(TokenClaims.ISSUER);
        assertThat(claims.getAudience()).containsExactly(TokenClaims.AUDIENCE);
        assertThat(claims.getSubject()).isEqualTo(workerId);
        assertThat(claims.getStringClaim(TokenClaims.SESSION)).isEqualTo(sessionId);
        assertThat(claims.getStringClaim(TokenClaims.ROLE)).isEqualTo(TokenClaims.ROLE_TRAINER);
        assertThat(claims.getLongClaim(TokenClaims.UPLOAD_LIMIT)).isEqualTo(5_000_000L);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime()).isNotNull();
        assertThat(claims.getExpirationTime().toInstant().getEpochSecond() - claims.getIssueTime().toInstant().getEpochSecond())
                .isEqualTo(300);

        Map<String, Object> row = jdbc.queryForMap(
                "select role, samples, quality, cpu_cores, backend, refresh_token_hash from registry.worker"
                        + " where worker_id = ?", workerId);
        assertThat(row).containsEntry("role", "TRAINER").containsEntry("samples", 1200L)
                .containsEntry("cpu_cores", 4).containsEntry("backend", "nd4j-native");
        assertThat((String) row.get("refresh_token_hash"))
                .as("only a hash of the refresh credential is stored")
                .isNotEqualTo(registration.path("refreshToken").asString()).hasSize(64);

        WorkerRegistered event = awaitEvent(WorkerRegistered.class, e -> e.workerId().equals(workerId));
        assertThat(event.sessionId()).isEqualTo(sessionId);
        assertThat(event.role()).isEqualTo(WorkerRole.TRAINER);
        assertThat(event.samples()).isEqualTo(1200);
        assertThat(event.quality()).isEqualTo(0.9);
        assertThat(event.backend()).isEqualTo("nd4j-native");
        assertThat(event.reconnect()).isFalse();
    }

    @Test
    void shouldRegisterTester() throws Exception {
        String sessionId = openSession();

        JsonNode registration = register(sessionId, "TESTER");

        String workerId = registration.path("workerId").asString();
        assertThat(registration.path("role").asString()).isEqualTo("tester");
        JWTClaimsSet claims = SignedJWT.parse(registration.path("accessToken").asString()).getJWTClaimsSet();
        assertThat(claims.getStringClaim(TokenClaims.ROLE)).isEqualTo(TokenClaims.ROLE_TESTER);
        assertThat(workerState(workerId)).isIn("ACTIVE", "LOST");
        assertThat(awaitEvent(WorkerRegistered.class, e -> e.workerId().equals(workerId)).role())
                .isEqualTo(WorkerRole.TESTER);
    }

    @Test
    void shouldGiveAReturningWorkerItsIdentityBack() throws Exception {
        String sessionId = openSession();
        JsonNode first = register(sessionId, "trainer");
        String workerId = first.path("workerId").asString();

        HttpResponse<String> response = post("/api/v1/sessions/" + sessionId + "/workers", """
                {"role":"trainer","samples":1500,"quality":0.8,"workerId":"%s","refreshToken":"%s"}"""
                .formatted(workerId, first.path("refreshToken").asString()), null);

        assertThat(response.statusCode()).as("the refresh credential alone authenticates a returning worker")
                .isEqualTo(200);
        JsonNode second = json.readTree(response.body());
        assertThat(second.path("workerId").asString()).isEqualTo(workerId);
        assertThat(second.path("reconnect").asBoolean()).isTrue();
        assertThat(second.path("refreshToken").asString()).isNotEqualTo(first.path("refreshToken").asString());
        assertThat(jdbc.queryForObject("select count(*) from registry.worker where session_id = ?", Long.class,
                sessionId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select samples from registry.worker where worker_id = ?", Long.class,
                workerId)).isEqualTo(1500);
        WorkerRegistered event = awaitEvent(WorkerRegistered.class,
                e -> e.workerId().equals(workerId) && e.reconnect());
        assertThat(event.samples()).isEqualTo(1500);
    }

    @Test
    void shouldRefuseReconnectWithAWrongRefreshCredential() throws Exception {
        String sessionId = openSession();
        String workerId = register(sessionId, "trainer").path("workerId").asString();
        List<Map<String, Object>> before = workerRows();

        HttpResponse<String> response = post("/api/v1/sessions/" + sessionId + "/workers", """
                {"role":"trainer","samples":1,"quality":0.5,"workerId":"%s","refreshToken":"guessed"}"""
                .formatted(workerId), null);

        assertProblem(response, 401);
        assertThat(workerRows()).isEqualTo(before);
    }

    @Test
    void shouldAnswer409ForAClosedSessionAndGiveTheSeatBack() throws Exception {
        String sessionId = openSession();
        JsonNode issued = issueEnrollmentToken(sessionId, "{\"maxWorkers\":1}");
        stopSession(sessionId);
        List<Map<String, Object>> before = workerRows();

        HttpResponse<String> response = register(sessionId, issued.path("token").asString(),
                registrationBody("trainer", 10, 0.5));

        assertProblem(response, 409);
        assertThat(workerRows()).isEqualTo(before);
        assertThat(enrollmentTokenRow(issued.path("enrollmentToken").path("tokenId").asString()))
                .containsEntry("used_seats", 0);
    }

    @Test
    void shouldRefuseRegistrationWithoutOrWithAWrongEnrollmentToken() throws Exception {
        String sessionId = openSession();
        String token = enrollmentToken(sessionId, "{\"maxWorkers\":5}");
        List<Map<String, Object>> before = workerRows();
        String path = "/api/v1/sessions/" + sessionId + "/workers";

        HttpResponse<String> none = post(path, registrationBody("trainer", 10, 0.5), null);
        assertProblem(none, 401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertProblem(post(path, registrationBody("trainer", 10, 0.5), bearer("wrong-secret")), 401);
        String forged = token.substring(0, token.indexOf('.') + 1) + "A".repeat(43);
        assertProblem(post(path, registrationBody("trainer", 10, 0.5), bearer(forged)), 401);
        assertProblem(post(path, registrationBody("trainer", 10, 0.5), basic(ADMIN_USER, ADMIN_PASSWORD)), 401);
        assertThat(workerRows()).isEqualTo(before);
    }

    @Test
    void shouldRefuseTheSharedSecretWhenItsDevelopmentModeIsOff() throws Exception {
        String sessionId = openSession();
        List<Map<String, Object>> before = workerRows();

        HttpResponse<String> response = register(sessionId, ENROLLMENT_SECRET, registrationBody("trainer", 10, 0.5));

        assertProblem(response, 401);
        assertThat(workerRows()).isEqualTo(before);
    }

    @Test
    void shouldRefuseMalformedOrInvalidRegistrations() throws Exception {
        String sessionId = openSession();
        String token = enrollmentToken(sessionId, "{\"maxWorkers\":1}");
        List<Map<String, Object>> before = workerRows();
        String path = "/api/v1/sessions/" + sessionId + "/workers";

        assertProblem(post(path, "{\"role\":\"trainer\",", bearer(token)), 400);
        assertProblem(post(path, registrationBody("boss", 10, 0.5), bearer(token)), 400);
        HttpResponse<String> negativeSamples = post(path, registrationBody("trainer", -1, 0.5), bearer(token));
        assertProblem(negativeSamples, 400);
        assertThat(negativeSamples.body()).contains("samples");
        HttpResponse<String> badQuality = post(path, registrationBody("trainer", 10, 1.5), bearer(token));
        assertProblem(badQuality, 400);
        assertThat(badQuality.body()).contains("quality");
        assertProblem(post(path, "{\"samples\":10,\"quality\":0.5}", bearer(token)), 400);
        assertProblem(post(path, """
                {"role":"trainer","samples":10,"quality":0.5,"workerId":"w-1"}""", bearer(token)), 400);
        assertThat(workerRows()).isEqualTo(before);
        assertThat(jdbc.queryForObject("select sum(used_seats) from registry.enrollment_token"
                + " where session_id = ?", Integer.class, sessionId)).as("no seat taken").isZero();
    }
}
