package io.asyn2f.registry.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.asyn2f.registry.support.RegistryIntegrationTest;

import tools.jackson.databind.JsonNode;

/** Issuing, listing and revoking enrollment tokens through the admin API. */
class EnrollmentTokenAdminIT extends RegistryIntegrationTest {

    private static final String ADMIN = basic(ADMIN_USER, ADMIN_PASSWORD);

    @Test
    void shouldIssueATokenWhoseSecretIsShownOnceAndStoredOnlyAsAHash() throws Exception {
        String sessionId = openSession();
        Instant before = Instant.now();

        JsonNode issued = issueEnrollmentToken(sessionId, """
                {"maxWorkers":3,"ttl":"PT2H","role":"tester","samples":500,"label":"lab A"}""");

        String token = issued.path("token").asString();
        JsonNode view = issued.path("enrollmentToken");
        String tokenId = view.path("tokenId").asString();
        assertThat(token).matches("et-[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}").startsWith(tokenId + ".");
        assertThat(view.path("sessionId").asString()).isEqualTo(sessionId);
        assertThat(view.path("maxWorkers").asInt()).isEqualTo(3);
        assertThat(view.path("usedSeats").asInt()).isZero();
        assertThat(view.path("remainingSeats").asInt()).isEqualTo(3);
        assertThat(view.path("role").asString()).isEqualTo("TESTER");
        assertThat(view.path("fixedSamples").asLong()).isEqualTo(500);
        assertThat(view.path("label").asString()).isEqualTo("lab A");
        assertThat(view.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(Duration.between(before, Instant.parse(view.path("expiresAt").asString())))
                .isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));
        Map<String, Object> row = enrollmentTokenRow(tokenId);
        String secret = token.substring(token.indexOf('.') + 1);
        assertThat((String) row.get("secret_hash")).hasSize(64).doesNotContain(secret).isNotEqualTo(token);

        HttpResponse<String> listed = get("/api/v1/admin/sessions/" + sessionId + "/enrollment-tokens", ADMIN);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(tokenId).doesNotContain(secret).doesNotContain("secretHash");
        assertThat(json.readTree(listed.body())).hasSize(1);
        assertThat(get("/api/v1/admin/enrollment-tokens?sessionId=" + sessionId, ADMIN).body()).contains(tokenId)
                .doesNotContain(secret);
        HttpResponse<String> one = get("/api/v1/admin/enrollment-tokens/" + tokenId, ADMIN);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).doesNotContain(secret);
    }

    @Test
    void shouldDefaultTheLifetimeToAFewHours() throws Exception {
        JsonNode view = issueEnrollmentToken(openSession(), "{\"maxWorkers\":1}").path("enrollmentToken");

        Duration ttl = Duration.between(Instant.now(), Instant.parse(view.path("expiresAt").asString()));
        assertThat(ttl).isBetween(Duration.ofHours(4).minusMinutes(1), Duration.ofHours(4));
        assertThat(view.path("role").isNull()).isTrue();
        assertThat(view.path("fixedSamples").isNull()).isTrue();
    }

    @Test
    void shouldRevokeATokenIdempotently() throws Exception {
        String sessionId = openSession();
        String tokenId = issueEnrollmentToken(sessionId, "{\"maxWorkers\":2}").path("enrollmentToken")
                .path("tokenId").asString();

        HttpResponse<String> revoked = post("/api/v1/admin/enrollment-tokens/" + tokenId + "/revoke",
                "{\"reason\":\"leaked\"}", ADMIN);
        HttpResponse<String> again = post("/api/v1/admin/enrollment-tokens/" + tokenId + "/revoke",
                "{\"reason\":\"twice\"}", ADMIN);

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(json.readTree(revoked.body()).path("status").asString()).isEqualTo("REVOKED");
        assertThat(json.readTree(again.body()).path("revokeReason").asString()).isEqualTo("leaked");
        assertThat(enrollmentTokenRow(tokenId)).containsEntry("revoke_reason", "leaked");
        assertProblem(post("/api/v1/admin/enrollment-tokens/et-0000000000000000/revoke", "{\"reason\":\"x\"}",
                ADMIN), 404);
        assertProblem(post("/api/v1/admin/enrollment-tokens/" + tokenId + "/revoke", "{}", ADMIN), 400);
    }

    @Test
    void shouldRefuseOutOfBoundsRequestsWithProblemDetails() throws Exception {
        String sessionId = openSession();
        String path = "/api/v1/admin/sessions/" + sessionId + "/enrollment-tokens";
        long before = tokenCount();

        assertProblem(post(path, "{\"maxWorkers\":0}", ADMIN), 400);
        assertProblem(post(path, "{}", ADMIN), 400);
        assertProblem(post(path, "{\"maxWorkers\":10001}", ADMIN), 400);
        assertProblem(post(path, "{\"maxWorkers\":1,\"ttl\":\"PT0S\"}", ADMIN), 400);
        assertProblem(post(path, "{\"maxWorkers\":1,\"ttl\":\"-PT1H\"}", ADMIN), 400);
        HttpResponse<String> tooLong = post(path, "{\"maxWorkers\":1,\"ttl\":\"P31D\"}", ADMIN);
        assertProblem(tooLong, 400);
        assertThat(json.readTree(tooLong.body()).path("detail").asString()).contains("PT720H");
        assertProblem(post(path, "{\"maxWorkers\":1,\"ttl\":\"soon\"}", ADMIN), 400);
        assertProblem(post(path, "{\"maxWorkers\":1,\"role\":\"boss\"}", ADMIN), 400);
        assertProblem(post(path, "{\"maxWorkers\":1,\"samples\":0}", ADMIN), 400);
        assertProblem(post(path, "{\"maxWorkers\":1,\"label\":\"" + "x".repeat(201) + "\"}", ADMIN), 400);
        assertProblem(post("/api/v1/admin/sessions/s-never-opened/enrollment-tokens", "{\"maxWorkers\":1}", ADMIN),
                404);
        assertThat(tokenCount()).isEqualTo(before);
    }

    @Test
    void shouldRefuseATokenForAClosedSession() throws Exception {
        String sessionId = openSession();
        stopSession(sessionId);

        assertProblem(post("/api/v1/admin/sessions/" + sessionId + "/enrollment-tokens", "{\"maxWorkers\":1}", ADMIN),
                409);
    }

    @Test
    void shouldRequireTheAdminCredentials() throws Exception {
        String sessionId = openSession();
        String path = "/api/v1/admin/sessions/" + sessionId + "/enrollment-tokens";

        assertProblem(post(path, "{\"maxWorkers\":1}", null), 401);
        assertProblem(post(path, "{\"maxWorkers\":1}", basic(ADMIN_USER, "wrong-password")), 401);
        assertProblem(post(path, "{\"maxWorkers\":1}", bearer(ENROLLMENT_SECRET)), 401);
        assertProblem(get("/api/v1/admin/enrollment-tokens", null), 401);
        assertThat(jdbc.queryForObject("select count(*) from registry.enrollment_token where session_id = ?",
                Long.class, sessionId)).isZero();
    }

    private long tokenCount() {
        return jdbc.queryForObject("select count(*) from registry.enrollment_token", Long.class);
    }
}
