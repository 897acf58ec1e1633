package io.asyn2f.registry.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.SessionOpened;
import io.asyn2f.api.event.UpdateKind;
import io.asyn2f.api.session.TrainingConfig;
import io.asyn2f.messaging.DeadLetters;
import io.asyn2f.messaging.EventDelivery;
import io.asyn2f.messaging.EventMessages;
import io.asyn2f.registry.support.RegistryIntegrationTest;

import tools.jackson.databind.JsonNode;

/**
 * The dead letters of the sessions queue over HTTP. The dead-letter queue is shared with earlier runs on a shared
 * broker, so the tests look only for their own events.
 */
class DeadLetterApiIT extends RegistryIntegrationTest {

    private static final String SESSIONS = EventRouting.REGISTRY_SESSIONS_QUEUE;
    private static final String BASE = "/api/v1/admin/dead-letters";

    private final String admin = basic(ADMIN_USER, ADMIN_PASSWORD);

    @Autowired
    RabbitTemplate rabbitTemplate;

    @Autowired
    EventCodec codec;

    @Test
    void shouldRefuseWithoutCredentialsAndAnswerProblemsForUnknownQueuesAndBadLimits() throws Exception {
        assertProblem(get(BASE, null), 401);
        assertProblem(post(BASE + "/" + SESSIONS + "/replay", null, basic(ADMIN_USER, "wrong")), 401);
        // Declared by the registry (it publishes worker events there) but consumed by the aggregator.
        assertProblem(get(BASE + "/" + EventRouting.AGGREGATOR_WORKERS_QUEUE, admin), 404);
        assertProblem(post(BASE + "/nope/replay", null, admin), 404);
        assertProblem(get(BASE + "?limit=0", admin), 400);
        assertProblem(get(BASE + "/" + SESSIONS + "?limit=1001", admin), 400);
        assertProblem(post(BASE + "/" + SESSIONS + "/replay", "{\"eventIds\":[]}", admin), 400);

        JsonNode all = json.readTree(get(BASE + "?limit=1", admin).body());
        assertThat(all.findValuesAsString("queue")).containsExactly(SESSIONS);
    }

    @Test
    void shouldReplayASessionEventThatFailedUntilItsCauseWasFixed() throws Exception {
        String sessionId = "s-" + UUID.randomUUID().toString().substring(0, 12);
        EventEnvelope opened = sessionOpened(sessionId);
        // As EventDelivery leaves one after its last retry failed (the database away for minutes).
        Message dead = EventMessages.toMessage(opened, codec);
        dead.getMessageProperties().setHeader(EventRouting.HEADER_REJECT_REASON,
                "processing failed after 8 attempts: the database is away");
        dead.getMessageProperties().setHeader(DeadLetters.HEADER_ORIGINAL_ROUTING_KEY,
                EventRouting.routingKey(opened.event()));
        dead.getMessageProperties().setHeader(EventDelivery.HEADER_ATTEMPTS, 8);
        rabbitTemplate.send(EventRouting.DEAD_LETTER_EXCHANGE, SESSIONS, dead);

        JsonNode listed = await().atMost(EVENT_WAIT).until(() -> deadLetter(opened.eventId()), Optional::isPresent)
                .orElseThrow();
        assertThat(listed.path("reason").asString()).startsWith("processing failed after 8 attempts");
        assertThat(listed.path("attempts").asInt()).isEqualTo(8);
        assertThat(listed.path("sessionId").asString()).isEqualTo(sessionId);
        assertThat(listed.path("type").asString()).isEqualTo(SessionOpened.TYPE);
        assertThat(sessionStatus(sessionId)).isNull();

        var replayed = post(BASE + "/" + SESSIONS + "/replay", "{\"eventIds\":[\"" + opened.eventId() + "\"]}", admin);

        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(json.readTree(replayed.body()).path("replayed").asInt()).isEqualTo(1);
        await().atMost(EVENT_WAIT).until(() -> "OPEN".equals(sessionStatus(sessionId)));
        assertThat(deadLetter(opened.eventId())).isEmpty();
    }

    @Test
    void shouldListButNeverReplayASessionEventFromAnUntrustedPublisher() throws Exception {
        String sessionId = "s-" + UUID.randomUUID().toString().substring(0, 12);
        EventEnvelope forged = sessionOpened(sessionId);
        // No user_id: not published by a service.
        rabbitTemplate.send(EventRouting.EXCHANGE, EventRouting.routingKey(forged.event()),
                EventMessages.toMessage(forged, codec));

        JsonNode listed = await().atMost(EVENT_WAIT).until(() -> deadLetter(forged.eventId()), Optional::isPresent)
                .orElseThrow();
        assertThat(listed.path("reason").asString()).startsWith(EventDelivery.UNTRUSTED_PUBLISHER_REASON);

        var replayed = post(BASE + "/" + SESSIONS + "/replay", "{\"eventIds\":[\"" + forged.eventId() + "\"]}", admin);

        assertThat(json.readTree(replayed.body()).path("replayed").asInt()).isZero();
        assertThat(deadLetter(forged.eventId())).isPresent();
        assertThat(sessionStatus(sessionId)).isNull();
    }

    private static EventEnvelope sessionOpened(String sessionId) {
        return EventEnvelope.wrap(new SessionOpened(sessionId, "asyn2f", "mlp:3-2", 4096,
                new TrainingConfig("mlp:3-2", "asyn2f", UpdateKind.MODEL, "asyn2f", 0.6,
                        "BETA_ON_LOSS", 64, 5, 0, 0, 0.1, 42)));
    }

    private Optional<JsonNode> deadLetter(String eventId) throws Exception {
        var response = get(BASE + "/" + SESSIONS + "?limit=1000", admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode dead : json.readTree(response.body()).path("deadLetters")) {
            if (eventId.equals(dead.path("eventId").asString())) {
                return Optional.of(dead);
            }
        }
        return Optional.empty();
    }
}
