package io.asyn2f.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ConfigurableApplicationContext;

import io.asyn2f.aggregator.support.AdminClient;
import io.asyn2f.aggregator.support.DeadLetterInbox;
import io.asyn2f.aggregator.support.FlTestClient.Upload;
import io.asyn2f.aggregator.support.FlTestClient;
import io.asyn2f.aggregator.support.OwnAggregator;
import io.asyn2f.aggregator.support.TestRegistry;
import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.LocalUpdateSubmitted;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.event.WorkerRole;
import io.asyn2f.api.model.BlobKind;
import io.asyn2f.messaging.EventDelivery;
import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.RabbitMqUsers;
import io.asyn2f.testing.S3Endpoint;
import io.asyn2f.testing.TestInfrastructure;
import io.minio.MinioClient;

/**
 * With {@code asyn2f.messaging.worker-broker-users=true} (every worker has a broker user of its own) an update is
 * accepted only from the broker user of the worker it names, whose token it must also carry: r1's update with r1's
 * valid token, published by r2's broker user, is refused with its reason and builds no version; the same update from
 * r1's own user does. On an aggregator of its own (database, bucket, queues), since the shared test context runs
 * without the check. Needs the RabbitMQ management API for the two broker users.
 */
class WorkerBrokerUserIT {

    private static final String ARCH = "mlp:3-2";
    private static final String PREFIX = "asyn2f.test.broker-users.";
    private static final float[] PARAMS = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final Duration TIMEOUT = Duration.ofSeconds(40);

    @Test
    void shouldRefuseAnUpdateWhoseBrokerUserIsAnotherWorkers() throws Exception {
        assumeTrue(RabbitMqUsers.available(), "needs the RabbitMQ management API for per-worker broker users");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String r1 = "bu1-" + suffix;
        String r2 = "bu2-" + suffix;
        RabbitMqEndpoint broker = TestInfrastructure.rabbitMq();
        S3Endpoint s3 = TestInfrastructure.s3();
        String bucket = s3.createFreshBucket("broker-users");
        Map<String, Object> properties = OwnAggregator.properties(TestInfrastructure.freshDatabase(
                "aggregator-broker-users"), broker, s3, bucket, PREFIX);
        properties.put("asyn2f.messaging.worker-broker-users", true);

        RabbitMqEndpoint r1User = RabbitMqUsers.create(EventRouting.workerBrokerUser(r1), UUID.randomUUID().toString());
        RabbitMqEndpoint r2User = RabbitMqUsers.create(EventRouting.workerBrokerUser(r2), UUID.randomUUID().toString());
        CachingConnectionFactory services = OwnAggregator.connections(broker);
        CachingConnectionFactory asR1 = OwnAggregator.connections(r1User);
        CachingConnectionFactory asR2 = OwnAggregator.connections(r2User);
        try (MinioClient minio = s3.minioClient();
                ConfigurableApplicationContext app = OwnAggregator.start(properties)) {
            try {
                EventCodec codec = new EventCodec();
                FlTestClient fl = new FlTestClient(new RabbitTemplate(services), codec, minio, bucket,
                        TestRegistry.shared());
                FlTestClient fromR1 = new FlTestClient(new RabbitTemplate(asR1), codec, minio, bucket,
                        TestRegistry.shared());
                FlTestClient fromR2 = new FlTestClient(new RabbitTemplate(asR2), codec, minio, bucket,
                        TestRegistry.shared());
                DeadLetterInbox deadLetters = new DeadLetterInbox(new RabbitTemplate(services), PREFIX + "updates");
                AdminClient admin = OwnAggregator.admin(app);

                String id = admin.createSession("{\"modelArchitecture\":\"" + ARCH + "\","
                        + "\"dataset\":{\"name\":\"synthetic\"},\"strategy\":{\"name\":\"asyn2f\",\"m\":1},"
                        + "\"minWorkers\":1,\"maxWait\":\"PT10M\"}");
                fl.register(id, r1, WorkerRole.TRAINER);
                fl.register(id, r2, WorkerRole.TRAINER);
                await().atMost(TIMEOUT).until(() -> admin.session(id).path("state").asString().equals("RUNNING"));
                String r1Token = TestRegistry.shared().token(r1, id, "trainer");

                Upload upload = fl.upload(id, r1, ARCH, BlobKind.WEIGHTS, PARAMS);
                LocalUpdateSubmitted update = FlTestClient.update("u-" + suffix, id, r1, upload, 0, 100, 0.9, 0.5,
                        UpdateKind.MODEL);
                EventEnvelope forged = fromR2.publish(EventEnvelope.wrap(update), r1Token);

                assertThat(deadLetters.awaitReason(forged.eventId()))
                        .startsWith(EventDelivery.UNTRUSTED_PUBLISHER_REASON)
                        .contains("worker " + r1, "'" + EventRouting.workerBrokerUser(r2) + "'");
                assertThat(admin.session(id).path("currentVersion").asLong()).isZero();

                // The same update from r1's own broker user is accepted: the refusal above was for the user alone.
                fromR1.publish(EventEnvelope.wrap(update), r1Token);
                await().atMost(TIMEOUT).until(() -> admin.session(id).path("currentVersion").asLong() == 1);
            } finally {
                OwnAggregator.deleteQueues(app.getBean(AmqpAdmin.class), PREFIX);
            }
        } finally {
            services.destroy();
            asR1.destroy();
            asR2.destroy();
            RabbitMqUsers.delete(r1User.username());
            RabbitMqUsers.delete(r2User.username());
        }
    }
}
