package io.asyn2f.storage.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.storage.support.BucketContents;
import io.asyn2f.storage.support.GatewayITSupport;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The data path end to end: URLs from the gateway, bytes moved with a plain HTTP client straight to and from the
 * store, byte for byte.
 */
class PresignedTransferIT extends GatewayITSupport {

    private static final Random random = new Random(42);

    @Autowired
    private MeterRegistry meters;

    @Test
    void shouldLetAWorkerUploadItsUpdateAndReadItBack() {
        String token = tokens.trainer(session, "w-1", 10_000_000);
        byte[] update = randomBytes(300_000);

        JsonNode upload = json(http.post("/api/v1/sessions/" + session + "/uploads", token,
                uploadBody(update)), 200);
        assertThat(upload.path("method").asString()).isEqualTo("PUT");
        String key = upload.path("objectKey").asString();
        assertThat(key).matches("sessions/" + session + "/workers/w-1/updates/[0-9a-f-]{36}\\.a2fm");
        assertThat(Instant.parse(upload.path("expiresAt").asString()))
                .isBetween(Instant.now().plusSeconds(60), Instant.now().plusSeconds(6 * 60));

        HttpResponse<String> put = put(upload, update);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(BucketContents.read(s3.bucket(), key)).isEqualTo(update);

        JsonNode download = json(http.post("/api/v1/sessions/" + session + "/downloads", token,
                "{\"objectKey\":\"" + key + "\"}"), 200);
        assertThat(download.path("method").asString()).isEqualTo("GET");
        HttpResponse<byte[]> get = http.getFrom(download.path("url").asString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(update);

        assertThat(meters.get("asyn2f.gateway.urls.issued").tag("operation", "update-upload").counter().count())
                .isPositive();
    }

    @Test
    void shouldLetTheServiceReadAnyKeyOfTheSession() {
        byte[] update = randomBytes(10_000);
        JsonNode upload = json(http.post("/api/v1/sessions/" + session + "/uploads",
                tokens.trainer(session, "w-2", 10_000_000), uploadBody(update)), 200);
        assertThat(put(upload, update).statusCode()).isEqualTo(200);

        JsonNode download = json(http.post("/api/v1/sessions/" + session + "/downloads", tokens.service(),
                "{\"objectKey\":\"" + upload.path("objectKey").asString() + "\"}"), 200);

        assertThat(http.getFrom(download.path("url").asString()).body()).isEqualTo(update);
    }

    @Test
    void shouldServeGlobalModelsByVersionAndLatestAsAnnouncedByEvents() throws Exception {
        byte[] version1 = randomBytes(50_000);
        byte[] version2 = randomBytes(60_000);
        serviceUploadsGlobal(1, version1);
        serviceUploadsGlobal(2, version2);
        String worker = tokens.trainer(session, "w-3", 10_000_000);

        // Only version 1 is announced: stored but unannounced version 2 is not "latest" yet.
        events.publish(published(1, version1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(json(http.get(globalPath("latest"), worker), 200).path("version").asLong()).isEqualTo(1));
        JsonNode latest = json(http.get(globalPath("latest"), worker), 200);
        assertThat(latest.path("objectKey").asString()).isEqualTo("sessions/" + session + "/global/1.a2fm");
        assertThat(http.getFrom(latest.path("url").asString()).body()).isEqualTo(version1);

        events.publish(published(2, version2));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(json(http.get(globalPath("latest"), worker), 200).path("version").asLong()).isEqualTo(2));
        assertThat(http.getFrom(json(http.get(globalPath("latest"), worker), 200).path("url").asString()).body())
                .isEqualTo(version2);

        // By explicit version, for a tester of the session and for the service too.
        JsonNode byVersion = json(http.get(globalPath("1"), tokens.tester(session, "t-1")), 200);
        assertThat(byVersion.path("version").asLong()).isEqualTo(1);
        assertThat(http.getFrom(byVersion.path("url").asString()).body()).isEqualTo(version1);
        assertThat(http.getFrom(json(http.get(globalPath("2"), tokens.service()), 200).path("url").asString())
                .body()).isEqualTo(version2);
    }

    @Test
    void shouldFallBackToListingTheStoreWhenNoVersionWasAnnounced() {
        serviceUploadsGlobal(9, randomBytes(1000));
        byte[] version10 = randomBytes(1000);
        serviceUploadsGlobal(10, version10);

        byte[] version11 = randomBytes(1000);
        serviceUploadsGlobal(11, version11);
        String worker = tokens.trainer(session, "w-4", 1_000);

        JsonNode latest = json(http.get(globalPath("latest"), worker), 200);

        // 11 is stored but maybe not committed; that it was written proves 10 was (11 is built from committed 10).
        // Numeric order, not lexicographic ("9" > "11").
        assertThat(latest.path("version").asLong()).isEqualTo(10);
        assertThat(http.getFrom(latest.path("url").asString()).body()).isEqualTo(version10);
        assertThat(http.get(globalPath("11"), worker).statusCode()).isEqualTo(503);
    }

    @Test
    void shouldAnswerNotFoundWhenTheSessionHasNoSuchGlobalModel() {
        String worker = tokens.trainer(session, "w-5", 1_000);

        for (String version : List.of("latest", "7")) {
            HttpResponse<String> response = http.get(globalPath(version), worker);
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json(response, 404).path("reason").asString()).isEqualTo("not-found");
        }
    }

    @Test
    void shouldRefuseAPresignedPutUsedForAnotherKey() {
        byte[] update = randomBytes(5_000);
        JsonNode upload = json(http.post("/api/v1/sessions/" + session + "/uploads",
                tokens.trainer(session, "w-6", 1_000_000), uploadBody(update)), 200);
        String key = upload.path("objectKey").asString();
        Map<String, Long> before = BucketContents.list(s3.bucket());

        // Same signature, other object: another worker's prefix, and the global model.
        for (String otherKey : List.of(key.replace("/workers/w-6/", "/workers/w-7/"),
                "sessions/" + session + "/global/1.a2fm")) {
            String tampered = upload.path("url").asString().replace(key, otherKey);
            assertThat(tampered).contains(otherKey);
            HttpResponse<String> put = http.putTo(tampered, update);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(403);
        }

        assertThat(BucketContents.list(s3.bucket())).isEqualTo(before);
    }

    @Test
    void shouldNotSignAGlobalVersionThatWasWrittenButNotAnnounced() throws Exception {
        byte[] version1 = randomBytes(1000);
        serviceUploadsGlobal(1, version1);
        serviceUploadsGlobal(2, randomBytes(1000)); // written, not committed: no global.published for it
        String worker = tokens.trainer(session, "w-12", 1_000);
        events.publish(published(1, version1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(json(http.get(globalPath("latest"), worker), 200).path("version").asLong()).isEqualTo(1));

        HttpResponse<String> uncommitted = http.get(globalPath("2"), worker);

        // Stored but not announced: refused (503 + Retry-After, as its announcement may still be on its way).
        assertThat(uncommitted.statusCode()).isEqualTo(503);
        assertThat(uncommitted.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(uncommitted.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(uncommitted, 503).path("reason").asString()).isEqualTo("not-announced");
        assertThat(uncommitted.body()).doesNotContain("X-Amz");
        assertThat(http.get(globalPath("3"), worker).statusCode()).as("neither stored nor announced").isEqualTo(404);
        assertThat(json(http.get(globalPath("1"), worker), 200).path("version").asLong()).isEqualTo(1);
    }

    @Test
    void shouldSignTheDeclaredSizeAndChecksumIntoTheUploadUrl() {
        byte[] update = randomBytes(101_880);

        JsonNode upload = json(http.post("/api/v1/sessions/" + session + "/uploads",
                tokens.trainer(session, "w-7", 10_000_000), uploadBody(update)), 200);

        assertThat(upload.path("headers").path("Content-Length").asString()).isEqualTo("101880");
        assertThat(upload.path("headers").path("x-amz-checksum-sha256").asString())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(sha256Bytes(update)));
        assertThat(upload.path("url").asString()).contains("X-Amz-SignedHeaders=content-length%3Bhost%3Bx-amz-checksum-sha256");
    }

    @Test
    void shouldHaveTheStoreRefuseALargerBodyThroughAUrlIssuedForASmallerOne() {
        byte[] declared = randomBytes(101_880);
        JsonNode upload = json(http.post("/api/v1/sessions/" + session + "/uploads",
                tokens.trainer(session, "w-8", 30_000_000), uploadBody(declared)), 200);
        byte[] larger = java.util.Arrays.copyOf(declared, 20_000_000);

        // S3Proxy checks the signature when the headers arrive and closes the connection instead of reading 20 MB:
        // the client sees either the 403 or the closed connection, never a 200.
        try {
            HttpResponse<String> put = put(upload, larger);
            assertThat(put.statusCode()).as(put.body()).isIn(400, 403);
        } catch (java.io.UncheckedIOException closedByTheStore) {
            assertThat(closedByTheStore).hasRootCauseInstanceOf(java.io.IOException.class);
        }
        assertThat(BucketContents.keys(s3.bucket())).doesNotContain(upload.path("objectKey").asString());
        assertThat(put(upload, declared).statusCode()).as("the declared size still goes through").isEqualTo(200);
    }

    @Test
    void shouldHaveTheStoreRefuseAShorterBodyThroughTheUrl() {
        byte[] declared = randomBytes(10_000);
        JsonNode upload = uploadUrl("w-9", declared);

        HttpResponse<String> put = put(upload, java.util.Arrays.copyOf(declared, 9_999));

        assertRefusedByTheStore(put, upload);
    }

    @Test
    void shouldHaveTheStoreRefuseOtherBytesOfTheDeclaredLength() {
        byte[] declared = randomBytes(10_000);
        JsonNode upload = uploadUrl("w-11", declared);
        byte[] other = randomBytes(10_000);

        HttpResponse<String> put = put(upload, other);

        assertRefusedByTheStore(put, upload);
    }

    @Test
    void shouldHaveTheStoreRefuseAnUploadWithoutTheSignedChecksumHeader() {
        byte[] declared = randomBytes(10_000);
        JsonNode upload = uploadUrl("w-10", declared);

        HttpResponse<String> put = http.putTo(upload.path("url").asString(), declared);

        assertRefusedByTheStore(put, upload);
    }

    /** PUT with the headers the gateway's answer says its signature covers. */
    /** An upload URL for {@code declared}, as trainer {@code workerId} with a 1 MB limit. */
    private JsonNode uploadUrl(String workerId, byte[] declared) {
        return json(http.post("/api/v1/sessions/" + session + "/uploads",
                tokens.trainer(session, workerId, 1_000_000), uploadBody(declared)), 200);
    }

    /** The store itself refused the PUT through the URL, and wrote nothing under the key. */
    private void assertRefusedByTheStore(HttpResponse<String> put, JsonNode upload) {
        assertThat(put.statusCode()).as(put.body()).isIn(400, 403);
        assertThat(BucketContents.keys(s3.bucket())).doesNotContain(upload.path("objectKey").asString());
    }

    private HttpResponse<String> put(JsonNode upload, byte[] body) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        upload.path("headers").properties().forEach(entry -> headers.put(entry.getKey(), entry.getValue().asString()));
        return http.putTo(upload.path("url").asString(), body, headers);
    }

    private static byte[] sha256Bytes(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void serviceUploadsGlobal(long version, byte[] blob) {
        JsonNode upload = json(http.post("/api/v1/sessions/" + session + "/global-models/" + version + "/upload",
                tokens.service(), ""), 200);
        assertThat(upload.path("objectKey").asString())
                .isEqualTo("sessions/" + session + "/global/" + version + ".a2fm");
        HttpResponse<String> put = http.putTo(upload.path("url").asString(), blob);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    private GlobalModelPublished published(long version, byte[] blob) throws Exception {
        return new GlobalModelPublished(session, version, "sessions/" + session + "/global/" + version + ".a2fm",
                sha256(blob), blob.length, List.of("w-3"), 0.9, 0.4, 1000, 0.05);
    }

    private String globalPath(String version) {
        return "/api/v1/sessions/" + session + "/global-models/" + version;
    }

    private static String uploadBody(byte[] blob) {
        try {
            return "{\"sizeBytes\":" + blob.length + ",\"sha256\":\"" + sha256(blob) + "\"}";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode json(HttpResponse<String> response, int expectedStatus) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return jsonMapper.readTree(response.body());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
