package io.asyn2f.aggregator.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.aggregator.support.FlTestClient.Registration;
import io.asyn2f.s3.S3Properties;
import io.asyn2f.testing.spring.TestInfrastructureConfiguration;
import io.minio.MinioClient;
import tools.jackson.databind.JsonNode;

/**
 * The one Spring context the aggregator's integration tests share (same configuration, so Spring caches it): the
 * whole application on a random port with real PostgreSQL, RabbitMQ and S3, a test registry serving the JWKS, and a
 * queue that captures what the aggregator publishes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "asyn2f.aggregator.admin.username=" + AdminClient.USER,
        "asyn2f.aggregator.admin.password=" + AdminClient.PASSWORD,
        "asyn2f.aggregator.timer-interval=200ms",
        "asyn2f.aggregator.outbox-interval=1s"})
@Import({TestInfrastructureConfiguration.class, CapturedEvents.class})
@AutoConfigureMetrics // Boot switches metrics export off in tests unless asked; the Prometheus endpoint needs it.
public abstract class AggregatorITSupport {

    protected static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The architecture the tests train: 3*2 weights + 2 biases = 8 parameters. */
    protected static final String ARCH = "mlp:3-2";
    /** A model of {@link #ARCH}. */
    protected static final float[] PARAMS = {1, 2, 3, 4, 5, 6, 7, 8};

    @DynamicPropertySource
    static void registry(DynamicPropertyRegistry registry) {
        registry.add("asyn2f.aggregator.jwks-uri", () -> TestRegistry.shared().jwksUri());
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected RabbitTemplate rabbit;

    @Autowired
    protected EventCodec codec;

    @Autowired
    protected MinioClient minio;

    @Autowired
    protected S3Properties s3;

    @Autowired
    protected CapturedEvents captured;

    protected AdminClient admin;
    protected FlTestClient fl;
    protected DeadLetterInbox updateDeadLetters;

    @BeforeEach
    void clients() {
        admin = new AdminClient(port);
        fl = new FlTestClient(rabbit, codec, minio, s3.bucket(), TestRegistry.shared());
        updateDeadLetters = new DeadLetterInbox(rabbit, EventRouting.AGGREGATOR_UPDATES_QUEUE);
    }

    protected void awaitState(String sessionId, String state) {
        admin.awaitState(sessionId, state, TIMEOUT);
    }

    /** A session of {@link #ARCH} waiting for workers. */
    protected String waitingSession(String strategy, String extra) {
        String id = admin.createSession(sessionJson(ARCH, strategy, extra));
        awaitState(id, "WAITING_FOR_WORKERS");
        return id;
    }

    /** A session of {@link #ARCH} running with these workers registered. */
    protected String runningSession(String strategy, String extra, Registration... workers) {
        return admin.startSession(sessionJson(ARCH, strategy, extra), fl, TIMEOUT, workers);
    }

    protected void awaitVersion(String sessionId, long version) {
        await().atMost(TIMEOUT).untilAsserted(() ->
                org.assertj.core.api.Assertions.assertThat(admin.session(sessionId).path("currentVersion").asLong())
                        .isEqualTo(version));
    }

    protected JsonNode versions(String sessionId) {
        return admin.getJson("/api/v1/sessions/" + sessionId + "/versions");
    }

    /** A session body with this strategy object and extra top-level fields (JSON fragments). */
    protected static String sessionJson(String architecture, String strategy, String extra) {
        return "{\"modelArchitecture\":\"" + architecture + "\",\"dataset\":{\"name\":\"synthetic\"},"
                + "\"strategy\":" + strategy + (extra.isEmpty() ? "" : "," + extra) + "}";
    }
}
