package io.asyn2f.registry.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.amqp.core.AmqpAdmin;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.FlEvent;
import io.asyn2f.api.event.SessionOpened;
import io.asyn2f.api.event.SessionStopped;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.session.TrainingConfig;
import io.asyn2f.messaging.EventPublisher;
import io.asyn2f.registry.token.TestTokens;
import io.asyn2f.testing.spring.PostgresTestConfiguration;
import io.asyn2f.testing.spring.RabbitMqTestConfiguration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One application context for every registry IT (same annotations and properties, so Spring caches it): real
 * PostgreSQL and RabbitMQ from asyn2f-testing, a configured PEM signing key, a 2 s heartbeat timeout. The shared
 * enrollment secret is configured but its development mode is off (the default): workers enroll with tokens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "asyn2f.registry.enrollment-secret=" + RegistryIntegrationTest.ENROLLMENT_SECRET,
        "asyn2f.registry.admin.username=" + RegistryIntegrationTest.ADMIN_USER,
        "asyn2f.registry.admin.password=" + RegistryIntegrationTest.ADMIN_PASSWORD,
        "asyn2f.registry.service-clients.aggregator.secret=" + RegistryIntegrationTest.AGGREGATOR_SECRET,
        "asyn2f.registry.heartbeat.timeout=2s",
        "asyn2f.registry.heartbeat.sweep-interval=250ms",
        "asyn2f.registry.storage-gateway.url=http://gateway.test:8082",
        "asyn2f.registry.worker-broker.username=worker",
        "asyn2f.registry.worker-broker.password=worker-password",
        // Every IT of this context registers from 127.0.0.1; the limit has its own IT and context.
        "asyn2f.registry.enrollment.max-attempts=100000"})
@AutoConfigureMetrics // Boot switches metrics export off in tests unless asked; the Prometheus endpoint needs it.
@Import({PostgresTestConfiguration.class, RabbitMqTestConfiguration.class})
public abstract class RegistryIntegrationTest {

    protected static final String ENROLLMENT_SECRET = "test-enrollment-secret";
    protected static final String ADMIN_USER = "admin";
    protected static final String ADMIN_PASSWORD = "test-admin-password";
    protected static final String AGGREGATOR_SECRET = "test-aggregator-secret";
    protected static final Duration EVENT_WAIT = Duration.ofSeconds(15);

    private static final String SIGNING_KEY = TestTokens.newPemPrivateKey();
    /** Events the probe received during this test. */
    private final List<EventEnvelope> received = new ArrayList<>();
    /**
     * This test's own probe queue, on this test's context's connection: exclusive queues belong to the connection that
     * declared them, and a test class with other properties runs in another context (one probe for all broke them).
     */
    private String probeQueue;

    protected final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected EventPublisher publisher;

    @Autowired
    private RabbitTemplate rabbit;

    @Autowired
    private AmqpAdmin amqpAdmin;

    @Autowired
    private EventCodec codec;

    @DynamicPropertySource
    static void signingKey(DynamicPropertyRegistry registry) {
        registry.add("asyn2f.registry.tokens.signing-key", () -> SIGNING_KEY);
    }

    // ---- sessions, through the broker like the aggregator would ----

    protected String openSession() {
        String sessionId = "s-" + UUID.randomUUID().toString().substring(0, 12);
        publisher.publish(new SessionOpened(sessionId, "asyn2f", "mlp:784-128-10", 5_000_000L,
                new TrainingConfig("mlp:784-128-10", "asyn2f", UpdateKind.MODEL, "asyn2f", 0.6,
                        "BETA_ON_LOSS", 64, 5, 0, 0, 0.1, 42)));
        await().atMost(EVENT_WAIT).until(() -> "OPEN".equals(sessionStatus(sessionId)));
        return sessionId;
    }

    protected void stopSession(String sessionId) {
        publisher.publish(new SessionStopped(sessionId, SessionStopped.StopReason.ADMIN, "test", 0));
        await().atMost(EVENT_WAIT).until(() -> "CLOSED".equals(sessionStatus(sessionId)));
    }

    protected String sessionStatus(String sessionId) {
        return jdbc.query("select status from registry.training_session where session_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, sessionId);
    }

    // ---- workers ----

    protected static String registrationBody(String role, long samples, double quality) {
        return """
                {"role":"%s","samples":%d,"quality":%s,
                 "system":{"cpuCores":4,"memoryBytes":8589934592,"gpu":null,"backend":"nd4j-native"}}"""
                .formatted(role, samples, quality);
    }

    /** Registers a worker with an enrollment token of one seat (201 expected) and returns the response body. */
    protected JsonNode register(String sessionId, String role) throws Exception {
        HttpResponse<String> response = register(sessionId, enrollmentToken(sessionId, "{\"maxWorkers\":1}"),
                registrationBody(role, 1200, 0.9));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    protected HttpResponse<String> register(String sessionId, String enrollmentToken, String body)
            throws IOException, InterruptedException {
        return post("/api/v1/sessions/" + sessionId + "/workers", body,
                enrollmentToken == null ? null : bearer(enrollmentToken));
    }

    /** Issues an enrollment token through the admin API (201 expected); returns the whole answer. */
    protected JsonNode issueEnrollmentToken(String sessionId, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = post("/api/v1/admin/sessions/" + sessionId + "/enrollment-tokens", body,
                basic(ADMIN_USER, ADMIN_PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    /** The secret of a newly issued enrollment token. */
    protected String enrollmentToken(String sessionId, String body) throws IOException, InterruptedException {
        return issueEnrollmentToken(sessionId, body).path("token").asString();
    }

    protected Map<String, Object> enrollmentTokenRow(String tokenId) {
        return jdbc.queryForMap("select * from registry.enrollment_token where token_id = ?", tokenId);
    }

    /** Every worker row except its state (the sweeper may move ACTIVE to LOST at any time). */
    protected List<Map<String, Object>> workerRows() {
        return jdbc.queryForList("select worker_id, session_id, role, samples, quality, refresh_token_hash,"
                + " refresh_expires_at, last_heartbeat, revoked_at, revoke_reason from registry.worker"
                + " order by worker_id");
    }

    protected String workerState(String workerId) {
        return jdbc.queryForObject("select state from registry.worker where worker_id = ?", String.class, workerId);
    }

    // ---- HTTP ----

    protected HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String path, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    protected static String bearer(String token) {
        return "Bearer " + token;
    }

    /** Status, problem-detail content type and the status inside the problem body. */
    protected void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).get().asString()
                .startsWith("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    // ---- events: a private queue bound to every worker event ----

    /** Waits for a published event of {@code type} matching {@code filter}. */
    protected <T extends FlEvent> T awaitEvent(Class<T> type, Predicate<T> filter) {
        ensureProbeQueue();
        return await().atMost(EVENT_WAIT).until(() -> findEvent(type, filter), Optional::isPresent).orElseThrow();
    }

    /** Whether an event of {@code type} matching {@code filter} was published so far. */
    protected <T extends FlEvent> boolean sawEvent(Class<T> type, Predicate<T> filter) {
        ensureProbeQueue();
        return findEvent(type, filter).isPresent();
    }

    private synchronized <T extends FlEvent> Optional<T> findEvent(Class<T> type, Predicate<T> filter) {
        Message message;
        while ((message = rabbit.receive(probeQueue)) != null) {
            received.add(codec.decode(message.getBody()));
        }
        return received.stream().map(EventEnvelope::event).filter(type::isInstance).map(type::cast)
                .filter(filter).findFirst();
    }

    private synchronized void ensureProbeQueue() {
        if (probeQueue == null) {
            // Exclusive and auto-delete: gone when the test JVM's connection closes.
            probeQueue = amqpAdmin.declareQueue(new Queue("asyn2f.test.registry-probe-" + UUID.randomUUID(), false, true, true));
            amqpAdmin.declareBinding(new Binding(probeQueue, Binding.DestinationType.QUEUE, EventRouting.EXCHANGE,
                    "worker.*.*", null));
        }
    }

    /** Binds the probe queue before each test acts, so no event of the test is missed. */
    @BeforeEach
    void bindEventProbe() {
        ensureProbeQueue();
    }

    @AfterEach
    void removeEventProbe() {
        if (probeQueue != null) {
            amqpAdmin.deleteQueue(probeQueue);
            probeQueue = null;
        }
    }
}
