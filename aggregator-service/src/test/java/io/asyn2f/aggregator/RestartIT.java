package io.asyn2f.aggregator;

import static io.asyn2f.aggregator.support.FlTestClient.Registration.trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.ConfigurableApplicationContext;

import io.asyn2f.aggregator.support.AdminClient;
import io.asyn2f.aggregator.support.FlTestClient.Upload;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.aggregator.support.OwnAggregator;
import io.asyn2f.aggregator.support.OwnAggregator.Backends;
import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.messaging.EventTopology;
import io.asyn2f.testing.PostgresEndpoint;
import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.S3Endpoint;
import io.asyn2f.testing.TestInfrastructure;
import io.minio.MinioClient;
import tools.jackson.databind.JsonNode;

/**
 * Closes the application in the middle of a session and starts a new one on the same database, broker and bucket:
 * the pending update survives, an update sent while the aggregator was down (with a token that has expired since)
 * is accepted, an event whose publication the crash interrupted goes out at startup, and versions continue without a
 * gap or a repeat.
 */
class RestartIT {

    private static final String ARCH = "mlp:3-2";
    private static final String PREFIX = "asyn2f.test.restart.";
    /** Covers the backlog's settling (at most 30 s) on a busy machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * A restart during a store outage: the aggregator starts (its bucket is created before the first write, not at
     * start-up) and its admin API answers; what needs the store is refused with 503 and changes nothing.
     */
    @Test
    void shouldStartWhileTheObjectStoreIsUnreachableAndRefuseWhatNeedsIt() throws Exception {
        PostgresEndpoint db = TestInfrastructure.freshDatabase("aggregator-no-store");
        RabbitMqEndpoint broker = TestInfrastructure.rabbitMq();
        S3Endpoint s3 = TestInfrastructure.s3();
        Map<String, Object> properties = OwnAggregator.properties(db, broker, s3, "no-store", PREFIX);
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        properties.put("asyn2f.s3.endpoint", "http://127.0.0.1:" + closedPort);
        CachingConnectionFactory connections = OwnAggregator.connections(broker);
        try (ConfigurableApplicationContext aggregator = OwnAggregator.start(properties)) {
            AdminClient admin = OwnAggregator.admin(aggregator);
            assertThat(admin.get("/api/v1/sessions").statusCode()).isEqualTo(200);

            var refused = admin.post("/api/v1/sessions", "{\"modelArchitecture\":\"" + ARCH + "\","
                    + "\"dataset\":{\"name\":\"synthetic\"},\"strategy\":{\"name\":\"asyn2f\",\"m\":2}}");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(admin.json(refused.body()).path("type").asString())
                    .isEqualTo("urn:asyn2f:problem:object-store-unavailable");
            assertThat(admin.getJson("/api/v1/sessions").size()).isZero();
        } finally {
            OwnAggregator.deleteQueues(new RabbitAdmin(connections), PREFIX);
            connections.destroy();
        }
    }

    @Test
    void shouldResumeFromTheStoredStateAfterARestart() {
        Backends backends = Backends.fresh("restart");
        Map<String, Object> properties = backends.properties(PREFIX);

        CachingConnectionFactory connections = OwnAggregator.connections(backends.broker());
        RabbitAdmin amqp = new RabbitAdmin(connections);
        Queue published = new Queue(PREFIX + "published", false, false, true);
        try (MinioClient minio = backends.s3().minioClient()) {
            FlTestClient fl = backends.fl(connections, minio);
            String id;
            try (ConfigurableApplicationContext first = OwnAggregator.start(properties)) {
                AdminClient admin = OwnAggregator.admin(first);
                id = admin.startSession(sessionBody(1), fl, TIMEOUT, trainer("w1"), trainer("w2"));
                String session = id;

                fl.submit(update(fl, id, "w1", "u1", 0));
                fl.submit(update(fl, id, "w2", "u2", 0));
                await().atMost(TIMEOUT).until(() -> admin.session(session).path("currentVersion").asLong() == 1);
                fl.submit(update(fl, id, "w1", "u3", 1));
                await().atMost(TIMEOUT).until(() -> admin.session(session).path("pendingUpdates").asLong() == 1);
            }

            // As if the process had died between committing version 1 and publishing it: the outbox row is unsent.
            try (Connection sql = backends.db().connect(); PreparedStatement unsend = sql.prepareStatement(
                    "update aggregator.outbox set sent_at = null where session_id = ? and type = 'global.published'")) {
                unsend.setString(1, id);
                assertThat(unsend.executeUpdate()).isEqualTo(1);
            }
            amqp.declareQueue(published);
            amqp.declareBinding(BindingBuilder.bind(published).to(EventTopology.eventExchange())
                    .with(EventRouting.oneSession(GlobalModelPublished.TYPE, id)));

            // Sent ten minutes ago while the aggregator was down; the token expired nine minutes ago.
            Instant sentAt = Instant.now().minusSeconds(600);
            fl.publish(new EventEnvelope(UUID.randomUUID().toString(), sentAt, 1, update(fl, id, "w2", "u4", 1)),
                    fl.registry().token("w2", id, "trainer", sentAt.minusSeconds(60), sentAt.plusSeconds(60)));

            try (ConfigurableApplicationContext second = OwnAggregator.start(properties)) {
                AdminClient admin = OwnAggregator.admin(second);
                String session = id;
                await().atMost(TIMEOUT).until(() -> admin.session(session).path("currentVersion").asLong() == 2);
                // The unsent global.published of version 1 went out at startup, with its original event id.
                List<Long> publishedVersions = new ArrayList<>();
                await().atMost(TIMEOUT).until(() -> {
                    Message message;
                    while ((message = fl.rabbit().receive(published.getName())) != null) {
                        publishedVersions.add(((GlobalModelPublished) new EventCodec().decode(message.getBody())
                                .event()).version());
                    }
                    return publishedVersions.contains(1L) && publishedVersions.contains(2L);
                });
                fl.submit(update(fl, id, "w1", "u5", 2));
                fl.submit(update(fl, id, "w2", "u6", 2));
                await().atMost(TIMEOUT).until(() -> admin.session(session).path("currentVersion").asLong() == 3);

                JsonNode versions = admin.getJson("/api/v1/sessions/" + id + "/versions");
                assertThat(versions.findValues("version").stream().map(JsonNode::asLong).toList())
                        .containsExactly(0L, 1L, 2L, 3L);
                assertThat(versions.get(2).path("participants").findValuesAsString("updateId"))
                        .containsExactlyInAnyOrder("u3", "u4");
                assertThat(versions.get(3).path("participants").findValuesAsString("updateId"))
                        .containsExactlyInAnyOrder("u5", "u6");
                assertThat(admin.session(id).path("state").asString()).isEqualTo("RUNNING");
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            OwnAggregator.deleteQueues(amqp, PREFIX);
            amqp.deleteQueue(published.getName());
            connections.destroy();
        }
    }

    /**
     * While the aggregator is down, two workers go on sending updates built on version 0 (they hear of no new
     * version). After the restart the queued backlog drains within moments: it must become one version from the
     * newest update of each worker (the strategy's rule), not a cascade of versions from the same stale base.
     */
    @Test
    void shouldFoldABacklogQueuedDuringTheOutageIntoOneVersionFromTheNewestUpdates() {
        Backends backends = Backends.fresh("backlog");
        Map<String, Object> properties = backends.properties(PREFIX);
        // Settling long enough that even a slow, busy machine records the whole backlog within it (the default is
        // tuned for latency; this checks the folding itself): a pause of a few seconds between two arrivals (a GC,
        // a starved consumer thread) must not end the settling early.
        properties.put("asyn2f.aggregator.aggregation.settle", "5s");
        properties.put("asyn2f.aggregator.aggregation.max-settle", "30s");

        CachingConnectionFactory connections = OwnAggregator.connections(backends.broker());
        RabbitAdmin amqp = new RabbitAdmin(connections);
        try (MinioClient minio = backends.s3().minioClient()) {
            FlTestClient fl = backends.fl(connections, minio);
            String id;
            try (ConfigurableApplicationContext first = OwnAggregator.start(properties)) {
                AdminClient admin = OwnAggregator.admin(first);
                id = admin.startSession(sessionBody(2), fl, TIMEOUT, trainer("w1"), trainer("w2"));
            }

            int perWorker = 6;
            for (int round = 1; round <= perWorker; round++) {
                fl.submit(update(fl, id, "w1", "w1-" + round, 0));
                fl.submit(update(fl, id, "w2", "w2-" + round, 0));
            }

            try (ConfigurableApplicationContext second = OwnAggregator.start(properties)) {
                AdminClient admin = OwnAggregator.admin(second);
                String session = id;
                await().atMost(TIMEOUT).until(() -> settledUpdates(backends.db(), session) == 2 * perWorker
                        && admin.session(session).path("currentVersion").asLong() >= 1);

                JsonNode versions = admin.getJson("/api/v1/sessions/" + id + "/versions");
                assertThat(versions.findValues("version").stream().map(JsonNode::asLong).toList())
                        .containsExactly(0L, 1L);
                assertThat(versions.get(1).path("participants").findValuesAsString("updateId"))
                        .containsExactlyInAnyOrder("w1-" + perWorker, "w2-" + perWorker);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            OwnAggregator.deleteQueues(amqp, PREFIX);
            connections.destroy();
        }
    }

    /** Updates of the session that were used or set aside, i.e. are no longer pending. */
    /** An asyn2f session (m = 2) of {@link #ARCH} that starts with {@code minWorkers} and never times out. */
    private static String sessionBody(int minWorkers) {
        return "{\"modelArchitecture\":\"" + ARCH + "\",\"dataset\":{\"name\":\"synthetic\"},"
                + "\"strategy\":{\"name\":\"asyn2f\",\"m\":2},\"minWorkers\":" + minWorkers + ",\"maxWait\":\"PT10M\"}";
    }

    private static int settledUpdates(PostgresEndpoint db, String sessionId) throws java.sql.SQLException {
        try (Connection sql = db.connect(); PreparedStatement count = sql.prepareStatement(
                "select count(*) from aggregator.local_update where session_id = ? and status <> 'PENDING'")) {
            count.setString(1, sessionId);
            try (java.sql.ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static Upload upload(FlTestClient fl, String sessionId, String workerId, float value) {
        float[] parameters = new float[8];
        Arrays.fill(parameters, value);
        return fl.upload(sessionId, workerId, ARCH, BlobKind.WEIGHTS, parameters);
    }

    private static LocalUpdateSubmitted update(FlTestClient fl, String sessionId,
            String workerId, String updateId, long base) {
        return FlTestClient.update(updateId, sessionId, workerId, upload(fl, sessionId, workerId, base + 1), base,
                100, 0.9, 0.5, UpdateKind.MODEL);
    }

}
