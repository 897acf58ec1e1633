package io.asyn2f.aggregator.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.asyn2f.api.catalogue.ModelCatalogue;
import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.FlEvent;
import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.event.WorkerRegistered;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.ModelBlobWriter;
import io.asyn2f.messaging.EventMessages;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;

/**
 * Plays the workers and the registry against a running aggregator: uploads real blobs straight to S3 and publishes
 * real events on the broker, with tokens signed by the {@link TestRegistry}.
 */
public final class FlTestClient {

    private final RabbitTemplate rabbit;
    private final EventCodec codec;
    private final MinioClient minio;
    private final String bucket;
    private final TestRegistry registry;

    public FlTestClient(RabbitTemplate rabbit, EventCodec codec, MinioClient minio, String bucket,
            TestRegistry registry) {
        this.rabbit = rabbit;
        this.codec = codec;
        this.minio = minio;
        this.bucket = bucket;
        this.registry = registry;
    }

    public RabbitTemplate rabbit() {
        return rabbit;
    }

    public TestRegistry registry() {
        return registry;
    }

    /** Bytes in the store and what a worker declares about them. */
    public record Upload(String key, long size, String sha256) {
    }

    public Upload upload(String sessionId, String workerId, String architecture, BlobKind kind, float[] parameters) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelBlobWriter.write(out, kind, ModelCatalogue.resolve(architecture).fingerprint(), parameters);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return uploadRaw("sessions/" + sessionId + "/workers/" + workerId + "/updates/" + UUID.randomUUID() + ".a2fm",
                out.toByteArray());
    }

    /**
     * PUTs the bytes, retrying for a while when the store answers 500 "try again" (the embedded S3Proxy does when
     * the aggregator's retention removes the last object of a worker's folder while this one is written into it).
     */
    public Upload uploadRaw(String key, byte[] bytes) {
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .pollInterval(java.time.Duration.ofMillis(200))
                    .ignoreExceptionsMatching(FlTestClient::storeSaysTryAgain)
                    .until(() -> {
                        minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
                        return true;
                    });
        } catch (RuntimeException e) {
            throw new IllegalStateException("upload of " + key + " failed", e);
        }
        return new Upload(key, bytes.length, sha256(bytes));
    }

    private static boolean storeSaysTryAgain(Throwable e) {
        return e instanceof io.minio.errors.ErrorResponseException error
                && "InternalError".equals(error.errorResponse().code());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An update.submitted event for an upload. */
    public static LocalUpdateSubmitted update(String updateId, String sessionId, String workerId, Upload upload,
            long baseVersion, long samples, double quality, double loss, UpdateKind kind) {
        return new LocalUpdateSubmitted(updateId, sessionId, workerId, upload.key(), upload.sha256(), upload.size(),
                baseVersion, samples, quality, loss, 0.5, 1, kind);
    }

    /** Publishes an update with its worker's own valid trainer token. */
    public EventEnvelope submit(LocalUpdateSubmitted update) {
        return publish(EventEnvelope.wrap(update),
                registry.token(update.workerId(), update.sessionId(), "trainer"));
    }

    /** Publishes {@code envelope} with {@code token} in the access-token header (none if null). */
    public EventEnvelope publish(EventEnvelope envelope, String token) {
        Message message = EventMessages.toMessage(envelope, codec);
        // Plays the services (for worker and session events) as well as the workers: publishes as the services'
        // broker user, which the aggregator trusts for control events.
        message.getMessageProperties().setUserId(rabbit.getConnectionFactory().getUsername());
        if (token != null) {
            message.getMessageProperties().setHeader(EventRouting.HEADER_ACCESS_TOKEN, token);
        }
        rabbit.send(EventRouting.EXCHANGE, EventRouting.routingKey(envelope.event()), message);
        return envelope;
    }

    public EventEnvelope publish(FlEvent event) {
        return publish(EventEnvelope.wrap(event), null);
    }

    /** A worker as it registers: its role, and the samples and quality its updates must declare. */
    public record Registration(String workerId, WorkerRole role, long samples, double quality) {

        /** A trainer with 100 samples and quality 0.9 (what {@link #update} callers usually declare). */
        public static Registration trainer(String workerId) {
            return trainer(workerId, 100, 0.9);
        }

        public static Registration trainer(String workerId, long samples, double quality) {
            return new Registration(workerId, WorkerRole.TRAINER, samples, quality);
        }

        /** A tester with 100 samples and quality 0.9. */
        public static Registration tester(String workerId) {
            return new Registration(workerId, WorkerRole.TESTER, 100, 0.9);
        }
    }

    public EventEnvelope register(String sessionId, Registration worker) {
        return register(sessionId, worker.workerId(), worker.role(), worker.samples(), worker.quality());
    }

    /** Registers a worker with 100 samples and quality 0.9 (what {@link #update} callers usually declare). */
    public EventEnvelope register(String sessionId, String workerId, WorkerRole role) {
        return register(sessionId, workerId, role, 100, 0.9);
    }

    /** Registers a worker with these samples and quality; its updates must declare the same. */
    public EventEnvelope register(String sessionId, String workerId, WorkerRole role, long samples, double quality) {
        return publish(new EventEnvelope(UUID.randomUUID().toString(), Instant.now(), 1,
                new WorkerRegistered(sessionId, workerId, role, samples, quality, "cpu", false)), null);
    }
}
