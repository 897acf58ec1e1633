package io.asyn2f.aggregator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.asyn2f.aggregator.support.AdminClient;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.aggregator.support.OwnAggregator;
import io.asyn2f.aggregator.support.OwnAggregator.Backends;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.storage.ObjectKeys;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import tools.jackson.databind.JsonNode;

/**
 * Two aggregator replicas on one database, broker queues and bucket share a session; the one holding its lease dies
 * mid-session without giving the lease back (as after kill -9), and the other takes the session over once the lease
 * expires. The session reaches its maximum version with versions gap-free in the database and in the store.
 */
class AggregatorFailoverIT {

    private static final Logger log = LoggerFactory.getLogger(AggregatorFailoverIT.class);

    private static final String ARCH = "mlp:3-2";
    private static final String PREFIX = "asyn2f.test.failover.";
    private static final Duration LEASE_TTL = Duration.ofSeconds(6);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final long MAX_VERSION = 6;

    @Test
    void shouldMoveASessionToTheOtherReplicaWhenItsLeaseHolderDies() throws Exception {
        Backends backends = Backends.fresh("failover");
        Map<String, Object> properties = new HashMap<>(backends.properties(PREFIX));
        properties.put("asyn2f.aggregator.aggregation.lease-ttl", LEASE_TTL.toMillis() + "ms");
        properties.put("asyn2f.s3.call-timeout", "1s");
        properties.put("asyn2f.aggregator.retention.keep-global-versions", MAX_VERSION + 1);

        CachingConnectionFactory connections = OwnAggregator.connections(backends.broker());
        ConfigurableApplicationContext first = OwnAggregator.start(properties);
        ConfigurableApplicationContext second = OwnAggregator.start(properties);
        try (MinioClient minio = backends.s3().minioClient()) {
            FlTestClient fl = backends.fl(connections, minio);
            AdminClient firstAdmin = OwnAggregator.admin(first);
            AdminClient secondAdmin = OwnAggregator.admin(second);
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            String id = firstAdmin.createSession("{\"modelArchitecture\":\"" + ARCH + "\","
                    + "\"dataset\":{\"name\":\"synthetic\"},\"strategy\":{\"name\":\"asyn2f\",\"m\":1},"
                    + "\"minWorkers\":1,\"maxWait\":\"PT10M\",\"stop\":{\"maxVersion\":" + MAX_VERSION + "}}");
            await().atMost(TIMEOUT).until(() -> secondAdmin.session(id).path("state").asString()
                    .equals("WAITING_FOR_WORKERS"));
            fl.register(id, "f1", WorkerRole.TRAINER);
            await().atMost(TIMEOUT).until(() -> secondAdmin.session(id).path("state").asString().equals("RUNNING"));

            for (long v = 0; v < 3; v++) {
                submit(fl, id, "u" + v, v);
                long next = v + 1;
                await().atMost(TIMEOUT).until(() -> secondAdmin.session(id).path("currentVersion").asLong() == next);
            }

            // The replica holding the lease dies; a crash gives nothing back, so its lease stays valid for a TTL.
            String holder = jdbc.queryForObject("select holder from aggregator.session_lease where session_id = ?",
                    String.class, id);
            boolean firstHolds = holder.equals(first.getBean(SessionLeases.class).holder());
            assertThat(holder).isIn(first.getBean(SessionLeases.class).holder(),
                    second.getBean(SessionLeases.class).holder());
            ConfigurableApplicationContext dying = firstHolds ? first : second;
            ConfigurableApplicationContext survivor = firstHolds ? second : first;
            AdminClient admin = firstHolds ? secondAdmin : firstAdmin;
            dying.close();
            long killedAt = System.nanoTime();
            jdbc = survivor.getBean(JdbcTemplate.class);
            assertThat(jdbc.update("update aggregator.session_lease set expires_at = now() + make_interval(secs => ?) "
                    + "where session_id = ? and holder = ?", LEASE_TTL.toMillis() / 1000.0, id, holder))
                    .as("the dead replica's lease, as a crash leaves it").isEqualTo(1);

            submit(fl, id, "u3", 3);
            await().atMost(TIMEOUT).until(() -> admin.session(id).path("currentVersion").asLong() == 4);
            Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
            log.info("failover: the surviving replica committed the next version {} ms after the holder died",
                    takeover.toMillis());
            assertThat(takeover).as("no sooner than the dead holder's lease expired")
                    .isGreaterThanOrEqualTo(LEASE_TTL.minusSeconds(1));

            for (long v = 4; v < MAX_VERSION; v++) {
                submit(fl, id, "u" + v, v);
                long next = v + 1;
                await().atMost(TIMEOUT).until(() -> admin.session(id).path("currentVersion").asLong() == next);
            }
            await().atMost(TIMEOUT).until(() -> admin.session(id).path("state").asString().equals("FINISHED"));

            JsonNode versions = admin.getJson("/api/v1/sessions/" + id + "/versions");
            assertThat(versions.findValues("version").stream().map(JsonNode::asLong).toList())
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
            List<Long> tokens = versions.findValues("fencingToken").stream().skip(1).map(JsonNode::asLong).toList();
            assertThat(tokens.get(3)).as("version 4 under the survivor's new token").isGreaterThan(tokens.get(2));
            for (JsonNode version : versions) {
                byte[] stored;
                try (var in = minio.getObject(GetObjectArgs.builder().bucket(backends.bucket())
                        .object(ObjectKeys.globalModel(id, version.path("version").asLong())).build())) {
                    stored = in.readAllBytes();
                }
                assertThat(FlTestClient.sha256(stored)).as("stored blob of version %s", version.path("version"))
                        .isEqualTo(version.path("sha256").asString());
            }
        } finally {
            second.close();
            first.close();
            OwnAggregator.deleteQueues(new RabbitAdmin(connections), PREFIX);
            connections.destroy();
        }
    }

    private static void submit(FlTestClient fl, String sessionId, String updateId, long base) {
        float[] parameters = new float[8];
        Arrays.fill(parameters, base + 1);
        FlTestClient.Upload upload = fl.upload(sessionId, "f1", ARCH, BlobKind.WEIGHTS, parameters);
        fl.submit(FlTestClient.update(updateId, sessionId, "f1", upload, base, 100, 0.9, 0.5, UpdateKind.MODEL));
    }
}
