package io.asyn2f.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import com.rabbitmq.client.Channel;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.WorkerRevoked;
import io.asyn2f.testing.spring.RabbitMqTestConfiguration;

/** Publishing, consuming and dead-lettering over a real broker (local RabbitMQ in CI, embedded Qpid otherwise). */
@MessagingTestContext
class MessagingIT {

    static final String QUEUE = "asyn2f.test.messaging";
    static final int MAX_ATTEMPTS = 5;
    /** Worker id whose event fails while {@link TestListener#outage} lasts, like a database that is away. */
    static final String DURING_OUTAGE = "during-outage";
    /** Worker ids that make the test handler refuse, fail once, or fail always. */
    static final String REFUSE = "refuse";
    static final String FAIL_ONCE = "fail-once";
    static final String FAIL_ALWAYS = "fail-always";
    /** Worker id whose event is nacked back once by the consumer (so it arrives redelivered), then fails once. */
    static final String REDELIVERED_FAIL_ONCE = "redelivered-fail-once";

    @Autowired
    EventPublisher publisher;

    @Autowired
    RabbitTemplate rabbitTemplate;

    @Autowired
    TestListener listener;

    @Autowired
    EventCodec codec;

    /**
     * Dead letters read from the queue, by message id. The queue is durable and shared: leftovers of an earlier run,
     * or another test's late ones, must not answer for this test, so each test waits for its own message id.
     */
    private final Map<String, Message> deadLetters = new ConcurrentHashMap<>();

    @Test
    void shouldDeliverAPublishedEventAndAckIt() {
        EventEnvelope sent = publisher.publish(new WorkerRevoked("s-msg", "w-ok", "test"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(listener.handled).extracting(EventEnvelope::eventId).contains(sent.eventId()));
        assertThat(listener.handled).filteredOn(e -> e.eventId().equals(sent.eventId()))
                .singleElement().extracting(EventEnvelope::event).isEqualTo(sent.event());
    }

    @Test
    void shouldDeadLetterAnUnreadableMessageWithItsReason() {
        MessageProperties properties = new MessageProperties();
        properties.setContentType("application/json");
        properties.setMessageId("unreadable-" + UUID.randomUUID());
        rabbitTemplate.send(EventRouting.EXCHANGE, "worker.revoked.s-msg",
                new Message("{\"type\":\"worker.revoked\"".getBytes(StandardCharsets.UTF_8), properties));

        Message dead = receiveDeadLetter(properties.getMessageId());

        assertThat(header(dead, EventRouting.HEADER_REJECT_REASON)).startsWith("unreadable event: not valid JSON");
        assertThat(header(dead, DeadLetters.HEADER_ORIGINAL_ROUTING_KEY)).isEqualTo("worker.revoked.s-msg");
    }

    @Test
    void shouldDeadLetterAControlEventFromAnUntrustedPublisher() {
        EventCodec codec = new EventCodec();
        EventEnvelope forged = EventEnvelope.wrap(new WorkerRevoked("s-msg", "w-forged", "forged"));
        Message message = EventMessages.toMessage(forged, codec); // no user_id: not published by a trusted service
        rabbitTemplate.send(EventRouting.EXCHANGE, EventRouting.routingKey(forged.event()), message);

        Message dead = receiveDeadLetter(forged.eventId());

        assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(forged.eventId());
        assertThat(header(dead, EventRouting.HEADER_REJECT_REASON))
                .isEqualTo("untrusted publisher: worker.revoked from a publisher without user_id");
        assertThat(listener.handled).extracting(EventEnvelope::eventId).doesNotContain(forged.eventId());
    }

    @Test
    void shouldDeadLetterAnEventTheHandlerRefuses() {
        EventEnvelope sent = publisher.publish(new WorkerRevoked("s-msg", REFUSE, "test"));

        Message dead = receiveDeadLetter(sent.eventId());

        assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(sent.eventId());
        assertThat(header(dead, EventRouting.HEADER_REJECT_REASON)).isEqualTo("refused by the test handler");
        assertThat(listener.handled).extracting(EventEnvelope::eventId).doesNotContain(sent.eventId());
    }

    @Test
    void shouldRetryAFailedEventWithItsPropertiesAndHandleItOnTheNextAttempt() {
        EventEnvelope transient_ = EventEnvelope.wrap(new WorkerRevoked("s-msg", FAIL_ONCE, "test"));
        Message message = EventMessages.toMessage(transient_, codec);
        message.getMessageProperties().setHeader(EventRouting.HEADER_ACCESS_TOKEN, "token-of-the-worker");
        // Published as the services' broker user, as EventPublisher does: a control event must come from it.
        message.getMessageProperties().setUserId(rabbitTemplate.getConnectionFactory().getUsername());
        rabbitTemplate.send(EventRouting.EXCHANGE, "worker.revoked.s-msg", message);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(listener.handled).extracting(EventEnvelope::eventId).contains(transient_.eventId()));
        assertThat(listener.attempts(transient_.eventId())).isEqualTo(2);
        Message retried = listener.lastMessages.get(transient_.eventId());
        assertThat(retried.getMessageProperties().getMessageId()).isEqualTo(transient_.eventId());
        assertThat(retried.getMessageProperties().getType()).isEqualTo(WorkerRevoked.TYPE);
        assertThat(header(retried, EventRouting.HEADER_ACCESS_TOKEN)).isEqualTo("token-of-the-worker");
        assertThat(header(retried, EventDelivery.HEADER_ATTEMPTS)).isEqualTo("1");
        // It came back through this service's delay queue, not straight from the back of its own queue.
        assertThat(header(retried, DelayedRetries.HEADER_RETRY_QUEUE)).isEqualTo(QUEUE);
        assertThat(retried.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
    }

    @Test
    void shouldDeadLetterAnEventThatFailsEveryAttemptWithTheAttemptsInTheReason() {
        EventEnvelope poison = publisher.publish(new WorkerRevoked("s-msg", FAIL_ALWAYS, "test"));

        Message dead = receiveDeadLetter(poison.eventId());

        assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(poison.eventId());
        assertThat(header(dead, EventRouting.HEADER_REJECT_REASON))
                .startsWith("processing failed after " + MAX_ATTEMPTS + " attempts:")
                .contains("always fails");
        assertThat(header(dead, DeadLetters.HEADER_ORIGINAL_ROUTING_KEY)).isEqualTo("worker.revoked.s-msg");
        assertThat(listener.attempts(poison.eventId())).isEqualTo(MAX_ATTEMPTS);
    }

    @Test
    void shouldWaitOutAnOutageLongerThanAllImmediateRetriesWouldLastAndHandleTheEventOnce() {
        listener.outage = true;
        EventEnvelope sent = publisher.publish(new WorkerRevoked("s-msg", DURING_OUTAGE, "test"));
        // Backoff 100, 200, 400 ms...: three failed attempts take at least 300 ms; immediate retries would have
        // used up all five attempts in a few milliseconds.
        await().atMost(Duration.ofSeconds(20)).until(() -> listener.attempts(sent.eventId()) >= 3);
        assertThat(listener.attempts(sent.eventId())).isLessThan(MAX_ATTEMPTS);

        listener.outage = false;

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(listener.handled).extracting(EventEnvelope::eventId).contains(sent.eventId()));
        assertThat(listener.handled).extracting(EventEnvelope::eventId).containsOnlyOnce(sent.eventId());
        drainDeadLetters();
        assertThat(deadLetters).doesNotContainKey(sent.eventId());
    }

    @Test
    void shouldKeepAnEventPublishedBeforeItsConsumerEverStartedInTheQueueThePublisherDeclared() {
        // The aggregator declares the registry's session queue before publishing session.opened (and the registry
        // the aggregator's worker queue): started first, it loses nothing.
        String queue = "asyn2f.test.sessions." + java.util.UUID.randomUUID().toString().replace("-", "");
        RabbitAdmin admin = new RabbitAdmin(rabbitTemplate.getConnectionFactory());
        EventTopology.registrySessionsQueue(queue).getDeclarables().forEach(declarable -> {
            if (declarable instanceof org.springframework.amqp.core.Queue q) {
                admin.declareQueue(q);
            } else if (declarable instanceof org.springframework.amqp.core.Binding binding) {
                admin.declareBinding(binding);
            }
        });
        try {
            EventEnvelope early = publisher.publish(new io.asyn2f.api.event.SessionStopped("s-early",
                    io.asyn2f.api.event.SessionStopped.StopReason.ADMIN, "before the consumer", 0));

            Message waiting = await().atMost(Duration.ofSeconds(20))
                    .until(() -> rabbitTemplate.receive(queue), java.util.Objects::nonNull);

            assertThat(waiting.getMessageProperties().getMessageId()).isEqualTo(early.eventId());
        } finally {
            admin.deleteQueue(queue);
            admin.deleteQueue(EventRouting.deadLetterQueue(queue));
        }
    }

    @Test
    void shouldNotDeadLetterARedeliveredEventOnItsFirstFailure() {
        // Like after a consumer restart: the broker hands the unacked message back with redelivered=true, and it
        // then fails once. That is its first failed attempt, not its second.
        EventEnvelope sent = publisher.publish(new WorkerRevoked("s-msg", REDELIVERED_FAIL_ONCE, "test"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(listener.handled).extracting(EventEnvelope::eventId).contains(sent.eventId()));
        assertThat(listener.redeliveredFailures.get(sent.eventId())).containsExactly(true);
        assertThat(listener.attempts(sent.eventId())).isEqualTo(2);
    }

    /** Waits for the dead letter with this message id; others read on the way are kept aside. */
    private Message receiveDeadLetter(String messageId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            drainDeadLetters();
            return deadLetters.containsKey(messageId);
        });
        return deadLetters.get(messageId);
    }

    private void drainDeadLetters() {
        Message message;
        while ((message = rabbitTemplate.receive(EventRouting.deadLetterQueue(QUEUE))) != null) {
            deadLetters.put(String.valueOf(message.getMessageProperties().getMessageId()), message);
        }
    }

    private static String header(Message message, String name) {
        Object value = message.getMessageProperties().getHeaders().get(name);
        return value == null ? null : value.toString();
    }

    @SpringBootApplication
    @Import({MessagingConfiguration.class, RabbitMqTestConfiguration.class})
    static class TestApp {

        @Bean
        Declarables testQueue() {
            return EventTopology.consumerQueue(QUEUE, EventRouting.allSessions(WorkerRevoked.TYPE));
        }

        @Bean
        TestListener testListener(EventDelivery delivery) {
            return new TestListener(delivery);
        }
    }

    /**
     * Counts per event id, not per kind of event: a copy left in the durable queue (or its delay queue) by an
     * earlier run on a shared broker is another event and does not change this run's counts.
     */
    static class TestListener {

        final Queue<EventEnvelope> handled = new ConcurrentLinkedQueue<>();
        /** Handler attempts by event id. */
        private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        volatile boolean outage;
        /** The redelivered flag of each failed attempt of a {@link #REDELIVERED_FAIL_ONCE} event, by event id. */
        final Map<String, Queue<Boolean>> redeliveredFailures = new ConcurrentHashMap<>();
        /** The last message of each {@link #FAIL_ONCE} event, by event id. */
        final Map<String, Message> lastMessages = new ConcurrentHashMap<>();
        private final EventDelivery delivery;

        TestListener(EventDelivery delivery) {
            this.delivery = delivery;
        }

        @RabbitListener(queues = QUEUE, ackMode = "MANUAL")
        void onMessage(Message message, Channel channel) throws IOException {
            if (new String(message.getBody(), StandardCharsets.UTF_8).contains(REDELIVERED_FAIL_ONCE)
                    && !Boolean.TRUE.equals(message.getMessageProperties().getRedelivered())) {
                // Gone without an ack, as a consumer that stops would: the broker redelivers it.
                channel.basicNack(message.getMessageProperties().getDeliveryTag(), false, true);
                return;
            }
            delivery.handle(message, channel, QUEUE, envelope -> {
                String worker = ((WorkerRevoked) envelope.event()).workerId();
                int attempt = attempts.computeIfAbsent(envelope.eventId(), id -> new AtomicInteger())
                        .incrementAndGet();
                switch (worker) {
                    case REFUSE -> throw new RejectedEventException("refused by the test handler");
                    case FAIL_ALWAYS -> throw new IllegalStateException("always fails");
                    case FAIL_ONCE -> {
                        lastMessages.put(envelope.eventId(), message);
                        if (attempt == 1) {
                            throw new IllegalStateException("fails the first time");
                        }
                    }
                    case DURING_OUTAGE -> {
                        if (outage) {
                            throw new IllegalStateException("the database is away");
                        }
                    }
                    case REDELIVERED_FAIL_ONCE -> {
                        if (attempt == 1) {
                            redeliveredFailures.computeIfAbsent(envelope.eventId(), id -> new ConcurrentLinkedQueue<>())
                                    .add(message.getMessageProperties().getRedelivered());
                            throw new IllegalStateException("fails the first time");
                        }
                    }
                    default -> { }
                }
                handled.add(envelope);
            });
        }

        int attempts(String eventId) {
            AtomicInteger count = attempts.get(eventId);
            return count == null ? 0 : count.get();
        }
    }

    static List<String> ids(Queue<EventEnvelope> envelopes) {
        return envelopes.stream().map(EventEnvelope::eventId).toList();
    }
}
