package io.asyn2f.aggregator;

import static io.asyn2f.aggregator.support.FlTestClient.Registration.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.beans.factory.annotation.Autowired;

import io.asyn2f.aggregator.support.AggregatorITSupport;
import io.asyn2f.aggregator.support.FlTestClient.Upload;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.event.WorkerRevoked;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.ModelBlobWriter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Duplicates and bad updates change nothing: no version is built from them, each is recorded as rejected with its
 * reason, counted, and its message lands in the dead-letter queue with that reason. The session uses m = 1, so any
 * update that slipped through would produce a version at once.
 */
class UpdateRejectionIT extends AggregatorITSupport {


    @Autowired
    MeterRegistry meters;

    @Test
    void shouldRefuseDuplicatesAndBadUpdatesWithoutChangingAnything() throws Exception {
        String id = runningSession("{\"name\":\"asyn2f\",\"m\":1}",
                "\"minWorkers\":1,\"maxWait\":\"PT10M\",\"uploadLimitBytes\":4096",
                trainer("r1"), trainer("r2"));

        Upload good = fl.upload(id, "r1", ARCH, BlobKind.WEIGHTS, PARAMS);
        LocalUpdateSubmitted ok = FlTestClient.update("u-ok", id, "r1", good, 0, 100, 0.9, 0.5, UpdateKind.MODEL);
        String token = fl.registry().token("r1", id, "trainer");
        EventEnvelope first = fl.publish(EventEnvelope.wrap(ok), token);
        awaitVersion(id, 1);

        // The same event twice, and the same update id in a new event.
        assertThat(refused(fl.publish(first, token))).startsWith("DUPLICATE_EVENT");
        assertThat(refused(fl.publish(EventEnvelope.wrap(ok), token))).startsWith("DUPLICATE_UPDATE");

        // The declared sha-256 does not match the stored bytes.
        Upload other = fl.upload(id, "r1", ARCH, BlobKind.WEIGHTS, PARAMS);
        assertThat(refused(submit(new LocalUpdateSubmitted("u-sha", id, "r1", other.key(), "0".repeat(64),
                other.size(), 0, 100, 0.9, 0.5, 0.5, 1, UpdateKind.MODEL)))).startsWith("SHA256_MISMATCH");

        // Another architecture with the same parameter count (mlp:1-4 also has 8).
        Upload foreignArch = fl.upload(id, "r1", "mlp:1-4", BlobKind.WEIGHTS, PARAMS);
        assertThat(refused(submit(update("u-arch", "r1", foreignArch)))).startsWith("ARCHITECTURE_MISMATCH");

        // A NaN in the payload, with checksums that match, so only the value check can catch it.
        Upload nan = fl.uploadRaw("sessions/" + id + "/workers/r1/updates/nan.a2fm", blobWithNaN());
        assertThat(refused(submit(update("u-nan", "r1", nan)))).startsWith("NON_FINITE");

        // A declared size the stored object does not have (the store's answer is checked before its body is read),
        // and an object that is not there.
        Upload sized = fl.upload(id, "r1", ARCH, BlobKind.WEIGHTS, PARAMS);
        assertThat(refused(submit(update("u-size", "r1", new Upload(sized.key(), sized.size() + 1, sized.sha256())))))
                .startsWith("SIZE_MISMATCH").contains(Long.toString(sized.size()));
        Upload missing = new Upload("sessions/" + id + "/workers/r1/updates/never-uploaded.a2fm", sized.size(),
                sized.sha256());
        assertThat(refused(submit(update("u-missing", "r1", missing)))).startsWith("OBJECT_MISSING");

        // r1 announces an object under r2's prefix.
        Upload r2Object = fl.upload(id, "r2", ARCH, BlobKind.WEIGHTS, PARAMS);
        assertThat(refused(submit(update("u-foreign", "r1", r2Object)))).startsWith("FOREIGN_OBJECT_KEY");

        // A delta where the strategy takes models.
        Upload delta = fl.upload(id, "r1", ARCH, BlobKind.DELTA, PARAMS);
        assertThat(refused(fl.submit(FlTestClient.update("u-kind", id, "r1", delta, 0, 100, 0.9, 0.5,
                UpdateKind.DELTA)))).startsWith("KIND_MISMATCH");

        // Tokens: forged, absent, another worker's, expired before the event was sent.
        Upload fine = fl.upload(id, "r1", ARCH, BlobKind.WEIGHTS, PARAMS);
        assertThat(refused(fl.publish(EventEnvelope.wrap(update("u-forged", "r1", fine)),
                fl.registry().forged("r1", id, "trainer")))).startsWith("TOKEN_INVALID");
        assertThat(refused(fl.publish(EventEnvelope.wrap(update("u-none", "r1", fine)), null)))
                .startsWith("TOKEN_MISSING");
        assertThat(refused(fl.publish(EventEnvelope.wrap(update("u-other", "r1", fine)),
                fl.registry().token("r2", id, "trainer")))).startsWith("TOKEN_MISMATCH");
        assertThat(refused(fl.publish(EventEnvelope.wrap(update("u-tester", "r1", fine)),
                fl.registry().token("r1", id, "tester")))).startsWith("ROLE_NOT_ALLOWED");
        assertThat(refused(fl.publish(EventEnvelope.wrap(update("u-expired", "r1", fine)),
                fl.registry().token("r1", id, "trainer", Instant.now().minusSeconds(1200),
                        Instant.now().minusSeconds(600)))))
                .startsWith("TOKEN_EXPIRED");
        // A token valid two hours ago, replayed with occurredAt back-dated into its validity: older than
        // max-queue-delay (1h), so refused although the token was valid at the claimed time.
        Instant longAgo = Instant.now().minus(Duration.ofHours(2));
        assertThat(refused(fl.publish(new EventEnvelope(UUID.randomUUID().toString(), longAgo, 1,
                update("u-old", "r1", fine)), fl.registry().token("r1", id, "trainer", longAgo.minusSeconds(60),
                        longAgo.plusSeconds(60))))).startsWith("EVENT_TOO_OLD");

        // Samples or quality other than the registry recorded for r1 (100, 0.9): the weights are never self-reported.
        Upload meta = fl.upload(id, "r1", ARCH, BlobKind.WEIGHTS, PARAMS);
        assertThat(refused(submit(FlTestClient.update("u-samples", id, "r1", meta, 0, 5000, 0.9, 0.5,
                UpdateKind.MODEL)))).startsWith("METADATA_MISMATCH");
        assertThat(refused(submit(FlTestClient.update("u-quality", id, "r1", meta, 0, 100, 1.0, 0.5,
                UpdateKind.MODEL)))).startsWith("METADATA_MISMATCH");

        // A worker the aggregator never saw registered: retried once (its registration may be late), then refused.
        Upload ghost = fl.upload(id, "ghost", ARCH, BlobKind.WEIGHTS, PARAMS);
        assertThat(refused(submit(update("u-ghost", "ghost", ghost)))).startsWith("UNKNOWN_WORKER");

        // Not an event at all.
        MessageProperties properties = new MessageProperties();
        properties.setMessageId("garbage-" + UUID.randomUUID());
        properties.setContentType("application/json");
        rabbit.send(EventRouting.EXCHANGE, "update.submitted." + id,
                new Message("{\"type\":\"update.submitted\"".getBytes(StandardCharsets.UTF_8), properties));
        assertThat(updateDeadLetters.awaitReason(properties.getMessageId())).startsWith("unreadable event");

        // Nothing above made a version: the next good update builds version 2 from itself alone.
        assertThat(admin.session(id).path("currentVersion").asLong()).isEqualTo(1);
        submit(update("u-ok-2", "r1", fine));
        awaitVersion(id, 2);
        JsonNode versions = versions(id);
        assertThat(versions).hasSize(3);
        assertThat(versions.get(1).path("participants")).hasSize(1);
        assertThat(versions.get(1).path("participants").get(0).path("updateId").asString()).isEqualTo("u-ok");
        assertThat(versions.get(2).path("participants")).hasSize(1);
        assertThat(versions.get(2).path("participants").get(0).path("updateId").asString()).startsWith("u-ok-2");

        // A revoked worker's update is refused (checked again under the session lock when it is recorded).
        fl.publish(new WorkerRevoked(id, "r2", "compromised"));
        await().atMost(TIMEOUT).until(() -> admin.session(id).path("workers").path("revoked").asInt() == 1);
        Upload revoked = fl.upload(id, "r2", ARCH, BlobKind.WEIGHTS, PARAMS);
        assertThat(refused(submit(update("u-revoked", "r2", revoked)))).startsWith("WORKER_REVOKED");
        assertThat(admin.session(id).path("currentVersion").asLong()).isEqualTo(2);

        JsonNode rejections = admin.getJson("/api/v1/sessions/" + id + "/rejections");
        assertThat(rejections.findValuesAsString("reason")).contains("DUPLICATE_EVENT", "DUPLICATE_UPDATE",
                "SHA256_MISMATCH", "SIZE_MISMATCH", "OBJECT_MISSING", "ARCHITECTURE_MISMATCH", "NON_FINITE",
                "FOREIGN_OBJECT_KEY", "KIND_MISMATCH",
                "TOKEN_INVALID", "TOKEN_MISSING", "TOKEN_MISMATCH", "ROLE_NOT_ALLOWED", "TOKEN_EXPIRED",
                "EVENT_TOO_OLD", "WORKER_REVOKED", "METADATA_MISMATCH", "UNKNOWN_WORKER");
        assertThat(meters.find("asyn2f.aggregator.updates.rejected").tag("reason", "SHA256_MISMATCH").counter()
                .count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.find("asyn2f.aggregator.updates.rejected").tag("reason", "UNREADABLE").counter()
                .count()).isGreaterThanOrEqualTo(1);
    }

    private String refused(EventEnvelope envelope) {
        return updateDeadLetters.awaitReason(envelope.eventId());
    }

    private EventEnvelope submit(LocalUpdateSubmitted update) {
        return fl.submit(update);
    }

    private static LocalUpdateSubmitted update(String updateId, String workerId, Upload upload) {
        String sessionId = upload.key().split("/")[1];
        return FlTestClient.update(updateId + "-" + UUID.randomUUID().toString().substring(0, 4), sessionId, workerId,
                upload, 0, 100, 0.9, 0.5, UpdateKind.MODEL);
    }

    /** A valid blob whose fourth value is then replaced by NaN, with the header's payload checksum recomputed. */
    private static byte[] blobWithNaN() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelBlobWriter.write(out, BlobKind.WEIGHTS, ModelCatalogue.resolve(ARCH).fingerprint(), PARAMS);
        byte[] bytes = out.toByteArray();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(80 + 3 * 4, Float.NaN);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(bytes, 80, bytes.length - 80);
        System.arraycopy(digest.digest(), 0, bytes, 48, 32);
        return bytes;
    }
}
