package io.asyn2f.aggregator.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.asyn2f.aggregator.AggregatorApplication;
import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.testing.PostgresEndpoint;
import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.S3Endpoint;
import io.asyn2f.testing.TestInfrastructure;
import io.minio.MinioClient;

/**
 * An aggregator application of a test's own (not the shared test context), on its own database, bucket and queues
 * ({@code <queuePrefix>updates|evaluations|workers}, so the shared context bound to the default queues does not take
 * its events), which the test may close and start again on the same state.
 */
public final class OwnAggregator {

    private OwnAggregator() {
    }

    /** A fresh database ({@code aggregator-<name>}) and bucket ({@code <name>}) on the shared broker. */
    public record Backends(PostgresEndpoint db, RabbitMqEndpoint broker, S3Endpoint s3, String bucket) {

        public static Backends fresh(String name) {
            PostgresEndpoint db = TestInfrastructure.freshDatabase("aggregator-" + name);
            S3Endpoint s3 = TestInfrastructure.s3();
            return new Backends(db, TestInfrastructure.rabbitMq(), s3, s3.createFreshBucket(name));
        }

        /** The application's properties on these backends, see {@link OwnAggregator#properties}. */
        public Map<String, Object> properties(String queuePrefix) {
            return OwnAggregator.properties(db, broker, s3, bucket, queuePrefix);
        }

        /** Workers and the registry on these backends, through {@code connections} and {@code minio}. */
        public FlTestClient fl(CachingConnectionFactory connections, MinioClient minio) {
            return new FlTestClient(new RabbitTemplate(connections), new EventCodec(), minio, bucket,
                    TestRegistry.shared());
        }
    }

    public static Map<String, Object> properties(PostgresEndpoint db, RabbitMqEndpoint broker, S3Endpoint s3,
            String bucket, String queuePrefix) {
        Map<String, Object> p = new HashMap<>();
        p.put("server.port", 0);
        p.put("spring.datasource.url", db.jdbcUrl());
        p.put("spring.datasource.username", db.username());
        p.put("spring.datasource.password", db.password());
        p.put("spring.rabbitmq.host", broker.host());
        p.put("spring.rabbitmq.port", broker.port());
        p.put("spring.rabbitmq.username", broker.username());
        p.put("spring.rabbitmq.password", broker.password());
        p.put("spring.rabbitmq.virtual-host", broker.virtualHost());
        p.put("asyn2f.s3.endpoint", s3.endpointUrl());
        p.put("asyn2f.s3.access-key", s3.accessKey());
        p.put("asyn2f.s3.secret-key", s3.secretKey());
        p.put("asyn2f.s3.region", s3.region());
        p.put("asyn2f.s3.bucket", bucket);
        p.put("asyn2f.aggregator.jwks-uri", TestRegistry.shared().jwksUri());
        p.put("asyn2f.aggregator.admin.username", AdminClient.USER);
        p.put("asyn2f.aggregator.admin.password", AdminClient.PASSWORD);
        p.put("asyn2f.aggregator.timer-interval", "200ms");
        p.put("asyn2f.aggregator.queues.updates", queuePrefix + "updates");
        p.put("asyn2f.aggregator.queues.evaluations", queuePrefix + "evaluations");
        p.put("asyn2f.aggregator.queues.workers", queuePrefix + "workers");
        p.put("spring.jmx.enabled", false);
        return p;
    }

    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return start(properties, new Class<?>[0]);
    }

    /** With test configuration classes added to the application's own (e.g. a bean post-processor). */
    public static ConfigurableApplicationContext start(Map<String, Object> properties, Class<?>... extraSources) {
        Class<?>[] sources = new Class<?>[extraSources.length + 1];
        sources[0] = AggregatorApplication.class;
        System.arraycopy(extraSources, 0, sources, 1, extraSources.length);
        // As command-line arguments: they win over application.yml (builder "properties" are only defaults).
        return new SpringApplicationBuilder(sources).run(properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new));
    }

    public static AdminClient admin(ConfigurableApplicationContext context) {
        return new AdminClient(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    /** A connection to the broker as a worker or the registry would have. */
    public static CachingConnectionFactory connections(RabbitMqEndpoint broker) {
        CachingConnectionFactory connections = new CachingConnectionFactory(broker.host(), broker.port());
        connections.setUsername(broker.username());
        connections.setPassword(broker.password());
        connections.setVirtualHost(broker.virtualHost());
        return connections;
    }

    /** Leaves no durable queue bound to every session's events on a shared broker. */
    public static void deleteQueues(AmqpAdmin amqp, String queuePrefix) {
        for (String name : List.of("updates", "evaluations", "workers")) {
            amqp.deleteQueue(queuePrefix + name);
            amqp.deleteQueue(EventRouting.deadLetterQueue(queuePrefix + name));
        }
    }
}
