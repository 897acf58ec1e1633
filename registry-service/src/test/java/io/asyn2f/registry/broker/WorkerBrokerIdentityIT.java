package io.asyn2f.registry.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.asyn2f.api.event.EventRouting;
import io.asyn2f.registry.support.PerWorkerBrokerUsersTest;
import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.RabbitMqUsers;
import io.asyn2f.testing.TestInfrastructure;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-worker broker identity on the real RabbitMQ: the registry gives each registered worker a user of its own
 * through the management API, and the broker itself refuses whatever that user may not do (ACCESS_REFUSED, the
 * channel closed). One refusal per test; each next to what the worker may do, so a test cannot pass because
 * everything is refused. Skipped where the broker has no management API (embedded Qpid); CI has it.
 */
class WorkerBrokerIdentityIT extends PerWorkerBrokerUsersTest {

    private static final long CONFIRM_TIMEOUT_MS = 5_000;

    // ---- what a worker may do ----

    @Test
    void shouldGiveEachWorkerItsOwnUserThatPublishesItsUpdatesAndReadsItsQueue() throws Exception {
        String sessionId = openSession();
        JsonNode registration = register(sessionId, "trainer");
        String workerId = registration.path("workerId").asString();
        JsonNode broker = registration.path("broker");
        assertThat(broker.path("username").asString()).isEqualTo(EventRouting.workerBrokerUser(workerId));
        assertThat(broker.path("password").asString()).hasSizeGreaterThanOrEqualTo(22); // >= 128 random bits
        assertThat(broker.path("trustedPublishers").get(0).asString()).isEqualTo(TestInfrastructure.rabbitMq()
                .username());

        Channel channel = declareOwnQueue(connect(broker), workerId, sessionId);
        channel.confirmSelect();
        channel.basicPublish(EventRouting.EXCHANGE, "update.submitted." + sessionId, props(broker), body());
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
        // Its dead letters: to the dead-letter exchange under its queue's name.
        channel.basicPublish(EventRouting.DEAD_LETTER_EXCHANGE, EventRouting.workerQueue(workerId), props(broker),
                body());
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
        channel.basicConsume(EventRouting.workerQueue(workerId), true, (tag, delivery) -> { }, tag -> { });
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void shouldRefuseADeadLetterForAnotherQueue() throws Exception {
        String sessionId = openSession();
        JsonNode broker = register(sessionId, "trainer").path("broker");

        assertRefused(connect(broker), channel -> publish(channel, EventRouting.DEAD_LETTER_EXCHANGE,
                EventRouting.AGGREGATOR_UPDATES_QUEUE, broker));
    }

    @Test
    void shouldLetATesterPublishItsEvaluationsOnly() throws Exception {
        String sessionId = openSession();
        JsonNode broker = register(sessionId, "tester").path("broker");

        Channel channel = connect(broker).createChannel();
        channel.confirmSelect();
        channel.basicPublish(EventRouting.EXCHANGE, "evaluation.reported." + sessionId, props(broker), body());
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);

        assertRefused(connect(broker), c -> publish(c, EventRouting.EXCHANGE, "update.submitted." + sessionId,
                broker));
    }

    // ---- what the broker refuses ----

    @ParameterizedTest
    @ValueSource(strings = {"global.published", "session.stopped", "worker.registered", "worker.revoked"})
    void shouldRefuseAControlEventFromAWorker(String type) throws Exception {
        String sessionId = openSession();
        JsonNode broker = register(sessionId, "trainer").path("broker");

        assertRefused(connect(broker), channel -> publish(channel, EventRouting.EXCHANGE, type + "." + sessionId,
                broker));
    }

    @Test
    void shouldRefuseAnUpdateForAnotherSession() throws Exception {
        String sessionId = openSession();
        String otherSession = openSession();
        JsonNode broker = register(sessionId, "trainer").path("broker");

        assertRefused(connect(broker), channel -> publish(channel, EventRouting.EXCHANGE,
                "update.submitted." + otherSession, broker));
    }

    @Test
    void shouldRefuseAPublishThroughTheDefaultExchange() throws Exception {
        String sessionId = openSession();
        JsonNode broker = register(sessionId, "trainer").path("broker");

        assertRefused(connect(broker), channel -> publish(channel, "", EventRouting.REGISTRY_SESSIONS_QUEUE,
                broker));
    }

    @ParameterizedTest
    @ValueSource(strings = {"update.submitted.*", "global.published.*", "#", "session.stopped.OTHER"})
    void shouldRefuseBindingItsQueueToAnotherRoutingKey(String pattern) throws Exception {
        String sessionId = openSession();
        JsonNode registration = register(sessionId, "trainer");
        String workerId = registration.path("workerId").asString();
        Connection connection = connect(registration.path("broker"));
        declareOwnQueue(connection, workerId, sessionId);

        assertRefused(connection, channel -> channel.queueBind(EventRouting.workerQueue(workerId),
                EventRouting.EXCHANGE, pattern.replace("OTHER", "s-other")));
    }

    @Test
    void shouldRefuseConsumingAnotherWorkersQueue() throws Exception {
        String sessionId = openSession();
        JsonNode first = register(sessionId, "trainer");
        JsonNode second = register(sessionId, "trainer");
        String secondId = second.path("workerId").asString();
        declareOwnQueue(connect(second.path("broker")), secondId, sessionId);

        assertRefused(connect(first.path("broker")), channel -> channel.basicConsume(
                EventRouting.workerQueue(secondId), true, (tag, delivery) -> { }, tag -> { }));
    }

    @ParameterizedTest
    @ValueSource(strings = {EventRouting.AGGREGATOR_UPDATES_QUEUE, "asyn2f.shared"})
    void shouldRefuseDeclaringASharedQueue(String queue) throws Exception {
        String sessionId = openSession();
        JsonNode broker = register(sessionId, "trainer").path("broker");

        assertRefused(connect(broker), channel -> channel.queueDeclare(queue, true, false, false, null));
    }

    @Test
    void shouldRefuseDeclaringOrDeletingASharedExchange() throws Exception {
        String sessionId = openSession();
        JsonNode broker = register(sessionId, "trainer").path("broker");

        assertRefused(connect(broker), channel -> channel.exchangeDeclare("asyn2f.other", "topic", true));
        assertRefused(connect(broker), channel -> channel.exchangeDelete(EventRouting.EXCHANGE));
    }

    @Test
    void shouldCloseTheConnectionAndRefuseTheCredentialsAfterRevoke() throws Exception {
        String sessionId = openSession();
        JsonNode registration = register(sessionId, "trainer");
        String workerId = registration.path("workerId").asString();
        JsonNode broker = registration.path("broker");
        Connection connection = connect(broker);
        assertThat(connection.isOpen()).isTrue();

        assertThat(post("/api/v1/admin/workers/" + workerId + "/revoke", "{\"reason\":\"test\"}",
                basic(ADMIN_USER, ADMIN_PASSWORD)).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> !connection.isOpen());
        assertThatThrownBy(() -> connect(broker)).isInstanceOf(AuthenticationFailureException.class);
    }

    @Test
    void shouldReplaceThePasswordOnReconnect() throws Exception {
        String sessionId = openSession();
        JsonNode registration = register(sessionId, "trainer");
        String workerId = registration.path("workerId").asString();
        JsonNode first = registration.path("broker");

        var response = post("/api/v1/sessions/" + sessionId + "/workers", """
                {"role":"trainer","samples":1200,"quality":0.9,"workerId":"%s","refreshToken":"%s",
                 "system":{"cpuCores":4,"memoryBytes":8589934592,"gpu":null,"backend":"nd4j-native"}}"""
                .formatted(workerId, registration.path("refreshToken").asString()), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200); // a reconnect: no enrolment token
        JsonNode second = json.readTree(response.body()).path("broker");

        assertThat(second.path("username").asString()).isEqualTo(first.path("username").asString());
        assertThat(second.path("password").asString()).isNotEqualTo(first.path("password").asString());
        assertThat(connect(second).isOpen()).isTrue();
        assertThatThrownBy(() -> connect(first)).isInstanceOf(AuthenticationFailureException.class);
    }

    @Test
    void shouldDeleteTheUserOnceItsSessionStopped() throws Exception {
        String sessionId = openSession();
        JsonNode broker = register(sessionId, "trainer").path("broker");
        Connection connection = connect(broker);

        stopSession(sessionId);

        // Active when the session stopped: it keeps its user for the grace (3 s here), then the sweep removes it.
        await().atMost(Duration.ofSeconds(15)).until(() -> !connection.isOpen());
        assertThatThrownBy(() -> connect(broker)).isInstanceOf(AuthenticationFailureException.class);
    }

    @Test
    void shouldDeleteALeftOverUserWithoutAWorker() throws Exception {
        // What a registration leaves when the registry dies between making the user and committing the worker.
        String user = EventRouting.workerBrokerUser("w-orphan-" + java.util.UUID.randomUUID().toString()
                .substring(0, 8));
        RabbitMqEndpoint orphan = RabbitMqUsers.create(user, "orphan-password");
        ObjectNode credentials = json.createObjectNode().put("host", orphan.host()).put("port", orphan.port())
                .put("virtualHost", orphan.virtualHost()).put("username", user).put("password", "orphan-password");
        Connection connection = connect(credentials);

        // Seen without a worker row for longer than the grace (3 s here), then deleted by the sweep.
        await().atMost(Duration.ofSeconds(15)).until(() -> !connection.isOpen());
        assertThatThrownBy(() -> connect(credentials)).isInstanceOf(AuthenticationFailureException.class);
    }

    // ---- helpers ----

    @FunctionalInterface
    private interface ChannelAction {
        void run(Channel channel) throws Exception;
    }

    /** The action fails, and the broker closed the channel with ACCESS_REFUSED (403). */
    private static void assertRefused(Connection connection, ChannelAction action) throws Exception {
        Channel channel = connection.createChannel();
        try {
            action.run(channel);
            // A publish is answered asynchronously: a round trip on the channel brings the closure back.
            channel.basicQos(1);
        } catch (Exception expected) {
            // inspected below
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !channel.isOpen());
        assertThat(channel.getCloseReason().getReason()).isInstanceOf(AMQP.Channel.Close.class);
        AMQP.Channel.Close close = (AMQP.Channel.Close) channel.getCloseReason().getReason();
        assertThat(close.getReplyCode()).as(close.getReplyText()).isEqualTo(AMQP.ACCESS_REFUSED);
        assertThat(close.getReplyText()).startsWith("ACCESS_REFUSED");
    }

    private static void publish(Channel channel, String exchange, String routingKey, JsonNode broker)
            throws Exception {
        channel.confirmSelect();
        channel.basicPublish(exchange, routingKey, props(broker), body());
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
    }

    /** Declares the worker's queue and its dead letters with its bindings, as the worker does. */
    private static Channel declareOwnQueue(Connection connection, String workerId, String sessionId)
            throws Exception {
        Channel channel = connection.createChannel();
        String queue = EventRouting.workerQueue(workerId);
        channel.exchangeDeclarePassive(EventRouting.EXCHANGE);
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueDeclare(EventRouting.deadLetterQueue(queue), true, false, false, null);
        channel.queueBind(EventRouting.deadLetterQueue(queue), EventRouting.DEAD_LETTER_EXCHANGE, queue);
        channel.queueBind(queue, EventRouting.EXCHANGE, "global.published." + sessionId);
        channel.queueBind(queue, EventRouting.EXCHANGE, "session.stopped." + sessionId);
        return channel;
    }

    private static AMQP.BasicProperties props(JsonNode broker) {
        return new AMQP.BasicProperties.Builder().userId(broker.path("username").asString()).build();
    }

    private static byte[] body() {
        return "{}".getBytes(StandardCharsets.UTF_8);
    }
}
