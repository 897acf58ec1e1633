package io.asyn2f.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.FlEvent;
import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.event.SessionStopped;
import io.asyn2f.api.registry.RegistrationResponse;
import io.asyn2f.messaging.EventDelivery;
import io.asyn2f.messaging.EventMessages;
import io.asyn2f.messaging.EventPublisher;
import io.asyn2f.testing.RabbitMqEndpoint;
import io.asyn2f.testing.RabbitMqUsers;
import io.asyn2f.testing.TestInfrastructure;

/**
 * A worker acts on control events only from the services' broker users the registry named: a global.published or
 * session.stopped on its queue without user_id, or from another broker user (the broker vouches for user_id, so
 * that is another participant), is dead-lettered with the reason and never applied; one from the services is. A
 * failed event is requeued (a worker's own user may not republish through the default exchange) and dead-lettered
 * once it failed every attempt.
 */
class WorkerControlEventTrustIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SHA = "c".repeat(64);

    private final EventCodec codec = new EventCodec();
    private final Queue<FlEvent> applied = new ConcurrentLinkedQueue<>();
    /** Versions whose handling fails, and how many more times each fails (the worker's download failing). */
    private final java.util.Map<Long, java.util.concurrent.atomic.AtomicInteger> failing =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final String sessionId = "s-trust-" + UUID.randomUUID().toString().substring(0, 8);
    private final String workerId = "w-trust-" + UUID.randomUUID().toString().substring(0, 8);
    private RabbitMqEndpoint services;
    private CachingConnectionFactory servicesConnection;
    private WorkerBroker worker;

    @BeforeEach
    void startWorker() {
        services = TestInfrastructure.rabbitMq();
        servicesConnection = connectionFactory(services);
        worker = new WorkerBroker(new RegistrationResponse.Broker(services.host(), services.port(),
                services.virtualHost(),
                services.username(), services.password(), List.of(services.username())), sessionId, workerId);
        worker.start(new WorkerEventHandler() {
            @Override
            public void globalModelPublished(GlobalModelPublished event) {
                java.util.concurrent.atomic.AtomicInteger failures = failing.get(event.version());
                if (failures != null && failures.getAndDecrement() > 0) {
                    throw new IllegalStateException("download failed (test)");
                }
                applied.add(event);
            }

            @Override
            public void sessionStopped(SessionStopped event) {
                applied.add(event);
            }
        });
    }

    @AfterEach
    void stopWorker() {
        worker.close(true);
        servicesConnection.destroy();
    }

    @Test
    void shouldDeadLetterAGlobalModelWithoutUserIdAndNotApplyIt() {
        EventEnvelope forged = EventEnvelope.wrap(global(7));
        sendWithoutUserId(forged);

        assertThat(awaitDeadLetterReason(forged.eventId())).startsWith(EventDelivery.UNTRUSTED_PUBLISHER_REASON)
                .contains("without user_id");
        // The next, genuine event is applied; the forged one, before it on the queue, never was.
        new EventPublisher(new RabbitTemplate(servicesConnection), codec).publish(global(8));
        await().atMost(WAIT).until(() -> !applied.isEmpty());
        assertThat(applied).extracting(event -> ((GlobalModelPublished) event).version()).containsExactly(8L);
    }

    @Test
    void shouldDeadLetterASessionStopFromAnotherBrokerUserAndNotApplyIt() {
        assumeTrue(RabbitMqUsers.available(), "needs the RabbitMQ management API for a second broker user");
        String forgerName = EventRouting.WORKER_BROKER_USER_PREFIX + "forger-" + UUID.randomUUID().toString()
                .substring(0, 8);
        RabbitMqEndpoint forger = RabbitMqUsers.create(forgerName, UUID.randomUUID().toString());
        CachingConnectionFactory forgerConnection = connectionFactory(forger);
        try {
            EventEnvelope forged = new EventPublisher(new RabbitTemplate(forgerConnection), codec)
                    .publish(new SessionStopped(sessionId, SessionStopped.StopReason.ADMIN, "forged", 0));

            assertThat(awaitDeadLetterReason(forged.eventId())).startsWith(EventDelivery.UNTRUSTED_PUBLISHER_REASON)
                    .contains("'" + forgerName + "'");
            new EventPublisher(new RabbitTemplate(servicesConnection), codec).publish(global(9));
            await().atMost(WAIT).until(() -> !applied.isEmpty());
            assertThat(applied).hasSize(1).allMatch(GlobalModelPublished.class::isInstance);
        } finally {
            forgerConnection.destroy();
            RabbitMqUsers.delete(forgerName);
        }
    }

    @Test
    void shouldRequeueAFailedEventAndDeadLetterItOnceItFailedEveryAttempt() {
        failing.put(10L, new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE));
        failing.put(11L, new java.util.concurrent.atomic.AtomicInteger(2));
        EventPublisher publisher = new EventPublisher(new RabbitTemplate(servicesConnection), codec);

        EventEnvelope hopeless = publisher.publish(global(10));
        assertThat(awaitDeadLetterReason(hopeless.eventId()))
                .startsWith("processing failed after " + EventDelivery.DEFAULT_MAX_ATTEMPTS + " attempts");
        // Fails twice, then works: requeued by the broker (the worker's user may not republish), not lost.
        publisher.publish(global(11));
        await().atMost(WAIT).until(() -> !applied.isEmpty());
        assertThat(applied).extracting(event -> ((GlobalModelPublished) event).version()).containsExactly(11L);
    }

    private GlobalModelPublished global(long version) {
        return new GlobalModelPublished(sessionId, version, "sessions/" + sessionId + "/global/" + version + ".a2fm",
                SHA, 80, List.of("w-1"), 0.9, 0.5, 100, 0.05);
    }

    private void sendWithoutUserId(EventEnvelope envelope) {
        Message message = EventMessages.toMessage(envelope, codec);
        RabbitTemplate template = new RabbitTemplate(servicesConnection);
        template.invoke(operations -> {
            operations.send(EventRouting.EXCHANGE, EventRouting.routingKey(envelope.event()), message);
            operations.waitForConfirmsOrDie(10_000);
            return null;
        });
    }

    private String awaitDeadLetterReason(String eventId) {
        RabbitTemplate template = new RabbitTemplate(servicesConnection);
        String deadLetters = EventRouting.deadLetterQueue(EventRouting.workerQueue(workerId));
        return await().atMost(WAIT).until(() -> {
            Message message = template.receive(deadLetters);
            if (message == null || !eventId.equals(EventMessages.fromMessage(message, codec).eventId())) {
                return null;
            }
            return String.valueOf(message.getMessageProperties().getHeaders().get(EventRouting.HEADER_REJECT_REASON));
        }, reason -> reason != null);
    }

    private static CachingConnectionFactory connectionFactory(RabbitMqEndpoint endpoint) {
        CachingConnectionFactory factory = new CachingConnectionFactory(endpoint.host(), endpoint.port());
        factory.setUsername(endpoint.username());
        factory.setPassword(endpoint.password());
        factory.setVirtualHost(endpoint.virtualHost());
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
        return factory;
    }
}
