package io.asyn2f.aggregator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.asyn2f.aggregator.session.SessionConfig;
import io.asyn2f.aggregator.storage.ModelStore;
import io.asyn2f.aggregator.support.AdminClient;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.aggregator.support.OwnAggregator;
import io.asyn2f.aggregator.support.TestRegistry;
import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.model.ArchitectureFingerprint;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.api.model.BlobSummary;
import io.asyn2f.api.storage.ObjectKeys;
import io.asyn2f.core.aggregation.AggregationResult;
import io.asyn2f.testing.PostgresEndpoint;
import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.S3Endpoint;
import io.asyn2f.testing.TestInfrastructure;
import io.asyn2f.testing.spring.BeanProxies;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import tools.jackson.databind.JsonNode;

/**
 * Two aggregator instances on one session: only the lease holder aggregates, and an instance that lost the lease
 * between writing a version's blob and committing it commits nothing and leaves the blob alone. The second instance
 * is played by a {@link SessionLeases} of the test's own on the same database; the unlucky orders are forced, not
 * waited for.
 */
class SessionLeaseIT {

    private static final String ARCH = "mlp:3-2";
    private static final String PREFIX = "asyn2f.test.lease.";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Runs right after the aggregator wrote a global blob (key given), before it commits; null: nothing. */
    private static final AtomicReference<Consumer<String>> AFTER_GLOBAL_WRITE = new AtomicReference<>();

    private static PostgresEndpoint db;
    private static String bucket;
    private static CachingConnectionFactory connections;
    private static ConfigurableApplicationContext aggregator;
    private static MinioClient minio;
    private static JdbcTemplate jdbc;
    private static AdminClient admin;
    private static FlTestClient fl;

    @BeforeAll
    static void start() {
        db = TestInfrastructure.freshDatabase("aggregator-lease");
        RabbitMqEndpoint broker = TestInfrastructure.rabbitMq();
        S3Endpoint s3 = TestInfrastructure.s3();
        bucket = s3.createFreshBucket("lease");
        Map<String, Object> properties = OwnAggregator.properties(db, broker, s3, bucket, PREFIX);
        aggregator = OwnAggregator.start(properties, GlobalWriteHook.class);
        connections = OwnAggregator.connections(broker);
        minio = s3.minioClient();
        jdbc = aggregator.getBean(JdbcTemplate.class);
        admin = OwnAggregator.admin(aggregator);
        fl = new FlTestClient(new RabbitTemplate(connections), new EventCodec(), minio, bucket, TestRegistry.shared());
    }

    @AfterAll
    static void stop() throws Exception {
        if (aggregator != null) {
            aggregator.close();
        }
        if (connections != null) {
            OwnAggregator.deleteQueues(new RabbitAdmin(connections), PREFIX);
            connections.destroy();
        }
        if (minio != null) {
            minio.close();
        }
    }

    @AfterEach
    void unhook() {
        AFTER_GLOBAL_WRITE.set(null);
    }

    @Test
    void shouldNotAggregateWhileAnotherInstanceHoldsTheSessionLease() {
        String id = runningSession("w1");
        SessionLeases other = new SessionLeases(jdbc, "aggregator", "other-instance", Duration.ofMinutes(5));
        long token = other.acquire(id).orElseThrow().token();

        fl.submit(update(id, "w1", "u-held", 0));
        await().atMost(TIMEOUT).until(() -> admin.session(id).path("pendingUpdates").asLong() == 1);
        // The update is recorded, the strategy (m = 1) would aggregate it, but this instance holds no lease.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> admin.session(id).path("currentVersion").asLong() == 0);

        other.releaseAll();
        await().atMost(TIMEOUT).until(() -> admin.session(id).path("currentVersion").asLong() == 1);
        JsonNode version1 = admin.getJson("/api/v1/sessions/" + id + "/versions").get(1);
        assertThat(version1.path("fencingToken").asLong()).as("the token after the other holder's")
                .isEqualTo(token + 1);
    }

    @Test
    void shouldCommitNothingUnderALeaseThatAnotherInstanceTookOver() {
        String id = runningSession("w2");
        SessionLeases first = new SessionLeases(jdbc, "aggregator", "first-instance", Duration.ofMillis(500));
        SessionLeases second = new SessionLeases(jdbc, "aggregator", "second-instance", Duration.ofMinutes(5));
        SessionLeases.Lease stale = first.acquire(id).orElseThrow();
        assertThat(second.acquire(id)).as("taken while the first holds it").isEmpty();
        // The first instance stalls past its lease; the second takes the session over.
        SessionLeases.Lease current = await().atMost(TIMEOUT).until(() -> second.acquire(id).orElse(null),
                lease -> lease != null);
        assertThat(current.token()).isEqualTo(stale.token() + 1);

        VersionCommitter committer = aggregator.getBean(VersionCommitter.class);
        String key = ObjectKeys.globalModel(id, 1);
        BlobSummary blob = aggregator.getBean(ModelStore.class).writeModel(key, fingerprint(), new float[8]);
        AggregationResult result = new AggregationResult(1, new float[8], List.of(), 0, 0, 0);
        SessionConfig.Stop stop = new SessionConfig.Stop(null, null, null, null, null);

        assertThat(committer.commit(stale, 0, result, key, blob, 1, 0.1, List.of(), stop))
                .isEqualTo(VersionCommitter.Outcome.LEASE_LOST);
        assertThat(admin.session(id).path("currentVersion").asLong()).as("nothing committed").isZero();
        assertThat(admin.getJson("/api/v1/sessions/" + id + "/versions")).hasSize(1);

        assertThat(committer.commit(current, 0, result, key, blob, 1, 0.1, List.of(), stop))
                .isEqualTo(VersionCommitter.Outcome.COMMITTED);
        assertThat(admin.getJson("/api/v1/sessions/" + id + "/versions").get(1).path("fencingToken").asLong())
                .isEqualTo(current.token());
    }

    @Test
    void shouldLeaveTheBlobToTheNewHolderWhenTheLeaseIsTakenBetweenWriteAndCommit() throws Exception {
        String id = runningSession("w3");
        AFTER_GLOBAL_WRITE.set(key -> {
            if (key.equals(ObjectKeys.globalModel(id, 1))) {
                // Another instance takes the session over (its lease had expired) and writes the same key.
                jdbc.update("update aggregator.session_lease set holder = 'new-holder', token = token + 1, "
                        + "expires_at = now() + interval '5 minutes' "
                        + "where session_id = ?", id);
            }
        });
        fl.submit(update(id, "w3", "u-fenced", 0));

        await().atMost(TIMEOUT).until(() -> jdbc.queryForObject(
                "select count(*) from aggregator.session_lease where session_id = ? and holder = 'new-holder'",
                Integer.class, id) == 1);
        // The fenced instance keeps its hands off: no version, the update still pending, the blob still there.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> admin.session(id).path("currentVersion").asLong() == 0);
        assertThat(admin.session(id).path("pendingUpdates").asLong()).isEqualTo(1);
        minio.statObject(StatObjectArgs.builder().bucket(bucket).object(ObjectKeys.globalModel(id, 1)).build());
    }

    private static String runningSession(String worker) {
        String id = admin.createSession("{\"modelArchitecture\":\"" + ARCH + "\",\"dataset\":{\"name\":\"synthetic\"},"
                + "\"strategy\":{\"name\":\"asyn2f\",\"m\":1},\"minWorkers\":1,\"maxWait\":\"PT10M\"}");
        await().atMost(TIMEOUT).until(() -> admin.session(id).path("state").asString().equals("WAITING_FOR_WORKERS"));
        fl.register(id, worker, WorkerRole.TRAINER);
        await().atMost(TIMEOUT).until(() -> admin.session(id).path("state").asString().equals("RUNNING"));
        return id;
    }

    private static io.asyn2f.api.event.LocalUpdateSubmitted update(String sessionId, String workerId,
            String updateId, long base) {
        float[] parameters = new float[8];
        Arrays.fill(parameters, 1f);
        FlTestClient.Upload upload = fl.upload(sessionId, workerId, ARCH, BlobKind.WEIGHTS, parameters);
        return FlTestClient.update(updateId, sessionId, workerId, upload, base, 100, 0.9, 0.5, UpdateKind.MODEL);
    }

    private static ArchitectureFingerprint fingerprint() {
        return ArchitectureFingerprint.of(ARCH);
    }

    /** Calls {@link #AFTER_GLOBAL_WRITE} right after each global blob the aggregator writes. */
    @Configuration(proxyBeanMethods = false)
    static class GlobalWriteHook {

        @Bean
        static BeanPostProcessor globalWriteHook() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return BeanProxies.intercept(bean, ModelStore.class, invocation -> {
                        Object result = invocation.proceed();
                        Consumer<String> hook = AFTER_GLOBAL_WRITE.get();
                        if (hook != null && invocation.getMethod().getName().equals("writeModel")) {
                            hook.accept(String.valueOf(invocation.getArguments()[0]));
                        }
                        return result;
                    });
                }
            };
        }
    }
}
