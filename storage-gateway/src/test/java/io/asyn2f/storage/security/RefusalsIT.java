package io.asyn2f.storage.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.nimbusds.jwt.JWTClaimsSet;

import io.asyn2f.api.event.WorkerRevoked;
import io.asyn2f.api.security.TokenClaims;
import io.asyn2f.storage.config.GatewayProperties;
import io.asyn2f.storage.support.BucketContents;
import io.asyn2f.storage.support.GatewayITSupport;
import tools.jackson.databind.JsonNode;

/**
 * Everything the gateway must refuse. Each refusal is a problem detail with the right status and reason, hands out no
 * URL, and leaves the bucket exactly as it was.
 */
class RefusalsIT extends GatewayITSupport {

    private static final String SHA = "a".repeat(64);

    @Autowired
    private GatewayProperties gateway;

    private Map<String, Long> bucketBefore;

    @BeforeEach
    void rememberTheBucket() {
        bucketBefore = BucketContents.list(s3.bucket());
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(BucketContents.list(s3.bucket())).isEqualTo(bucketBefore);
    }

    @Test
    void shouldRefuseARequestWithoutToken() {
        HttpResponse<String> response = http.post(uploads(session), null, uploadBody(1000));

        assertRefused(response, 401, "unauthenticated");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
    }

    @Test
    void shouldRefuseATokenSignedWithAnotherKey() {
        assertRefused(http.post(uploads(session), tokens.forged(trainerClaims("w-1").build()), uploadBody(1000)),
                401, "unauthenticated");
    }

    @Test
    void shouldRefuseAnUnsignedToken() {
        assertRefused(http.post(uploads(session), tokens.unsigned(trainerClaims("w-1").build()), uploadBody(1000)),
                401, "unauthenticated");
    }

    @Test
    void shouldRefuseAnHmacToken() {
        assertRefused(http.post(uploads(session), tokens.hmac(trainerClaims("w-1").build()), uploadBody(1000)),
                401, "unauthenticated");
    }

    @Test
    void shouldRefuseAnExpiredToken() {
        Instant issued = Instant.now().minus(Duration.ofHours(1));
        String expired = tokens.sign(trainerClaims("w-1")
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofMinutes(10))))
                .build());

        HttpResponse<String> response = http.post(uploads(session), expired, uploadBody(1000));

        assertRefused(response, 401, "unauthenticated");
        assertThat(problem(response).path("detail").asString()).containsIgnoringCase("expired");
    }

    @Test
    void shouldRefuseATokenForAnotherIssuerOrAudience() {
        assertRefused(http.post(uploads(session), tokens.sign(trainerClaims("w-1").issuer("someone-else").build()),
                uploadBody(1000)), 401, "unauthenticated");
        assertRefused(http.post(uploads(session), tokens.sign(trainerClaims("w-1").audience("other").build()),
                uploadBody(1000)), 401, "unauthenticated");
    }

    @Test
    void shouldRefuseARevokedWorkerOnceTheRevocationArrives() {
        String revoked = tokens.trainer(session, "w-bad", 1_000_000);
        String other = tokens.trainer(session, "w-good", 1_000_000);
        assertThat(http.post(uploads(session), revoked, uploadBody(1000)).statusCode()).isEqualTo(200);

        events.publish(new WorkerRevoked(session, "w-bad", "admin revoked"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(http.post(uploads(session), revoked, uploadBody(1000)).statusCode()).isEqualTo(403));
        assertRefused(http.post(uploads(session), revoked, uploadBody(1000)), 403, "revoked");
        assertRefused(http.get("/api/v1/sessions/" + session + "/global-models/latest", revoked), 403, "revoked");
        assertThat(http.post(uploads(session), other, uploadBody(1000)).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAWorkerReadingAnotherWorkersKeys() {
        String key = "sessions/" + session + "/workers/w-2/updates/" + UUID.randomUUID() + ".a2fm";

        HttpResponse<String> response = http.post(downloads(session), tokens.trainer(session, "w-1", 1000),
                "{\"objectKey\":\"" + key + "\"}");

        assertRefused(response, 403, "forbidden");
    }

    @Test
    void shouldRefuseAWorkerReachingIntoAnotherSession() {
        String token = tokens.trainer(session, "w-1", 1_000_000);
        String otherSession = session + "-x";

        assertRefused(http.post(uploads(otherSession), token, uploadBody(1000)), 403, "forbidden");
        assertRefused(http.get("/api/v1/sessions/" + otherSession + "/global-models/latest", token), 403,
                "forbidden");
        assertRefused(http.post(downloads(otherSession), token,
                "{\"objectKey\":\"sessions/" + otherSession + "/workers/w-1/updates/x.a2fm\"}"), 403, "forbidden");
        // Its own session's endpoint, naming another session's key.
        assertRefused(http.post(downloads(session), token,
                "{\"objectKey\":\"sessions/" + otherSession + "/global/1.a2fm\"}"), 403, "forbidden");
    }

    @Test
    void shouldRefuseAWorkerWritingAGlobalModel() {
        String path = "/api/v1/sessions/" + session + "/global-models/3/upload";

        assertRefused(http.post(path, tokens.trainer(session, "w-1", 1_000_000), ""), 403, "forbidden");
        assertRefused(http.post(path, tokens.tester(session, "t-1"), ""), 403, "forbidden");
    }

    @Test
    void shouldRefuseUploadsFromTestersAndServices() {
        assertRefused(http.post(uploads(session), tokens.tester(session, "t-1"), uploadBody(1000)), 403,
                "forbidden");
        assertRefused(http.post(uploads(session), tokens.service(), uploadBody(1000)), 403, "forbidden");
    }

    @Test
    void shouldRefuseAnUploadOverTheSessionLimit() {
        HttpResponse<String> response = http.post(uploads(session), tokens.trainer(session, "w-1", 5000),
                uploadBody(5001));

        assertRefused(response, 413, "too-large");
        assertThat(problem(response).path("detail").asString()).contains("5001").contains("5000");
    }

    @Test
    void shouldRefuseAnUploadOverTheGatewayLimitWhateverTheToken() {
        long ceiling = gateway.maxUploadBytes();

        assertRefused(http.post(uploads(session), tokens.trainer(session, "w-1", Long.MAX_VALUE),
                uploadBody(ceiling + 1)), 413, "too-large");
    }

    @Test
    void shouldRefuseAMalformedBody() {
        String token = tokens.trainer(session, "w-1", 1_000_000);

        assertRefused(http.post(uploads(session), token, "{\"sizeBytes\": 10,"), 400, "invalid-request");
        assertRefused(http.post(uploads(session), token, "{}"), 400, "invalid-request");
        assertRefused(http.post(uploads(session), token, "{\"sizeBytes\":-1,\"sha256\":\"" + SHA + "\"}"), 400,
                "invalid-request");
        assertRefused(http.post(downloads(session), token, "{\"objectKey\":\"sessions/" + session
                + "/workers/w-1/../w-2/x.a2fm\"}"), 400, "invalid-request");
    }

    @Test
    void shouldRefuseABadSha256() {
        String token = tokens.trainer(session, "w-1", 1_000_000);

        for (String sha : new String[] { "abc", "A".repeat(64), "g".repeat(64), "a".repeat(65) }) {
            HttpResponse<String> response = http.post(uploads(session), token,
                    "{\"sizeBytes\":100,\"sha256\":\"" + sha + "\"}");
            assertRefused(response, 400, "invalid-request");
            assertThat(problem(response).path("detail").asString()).contains("sha256");
        }
    }

    private JWTClaimsSet.Builder trainerClaims(String workerId) {
        return tokens.workerClaims(session, workerId, TokenClaims.ROLE_TRAINER, 1_000_000);
    }

    private void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = problem(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("reason").asString()).isEqualTo(reason);
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertThat(problem.has("url")).isFalse();
    }

    private JsonNode problem(HttpResponse<String> response) {
        return jsonMapper.readTree(response.body());
    }

    private static String uploads(String session) {
        return "/api/v1/sessions/" + session + "/uploads";
    }

    private static String downloads(String session) {
        return "/api/v1/sessions/" + session + "/downloads";
    }

    private static String uploadBody(long size) {
        return "{\"sizeBytes\":" + size + ",\"sha256\":\"" + SHA + "\"}";
    }
}
