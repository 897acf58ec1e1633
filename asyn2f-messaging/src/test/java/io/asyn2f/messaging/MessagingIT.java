package io.asyn2f.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import com.rabbitmq.client.Channel;

import io.asyn2f.core.event.EventCodec;
import io.asyn2f.core.event.EventEnvelope;
import io.asyn2f.core.event.EventRouting;
import io.asyn2f.core.event.WorkerRevoked;
import io.asyn2f.testing.spring.RabbitMqTestConfiguration;

/** Publishing, consuming and dead-lettering over a real broker (local RabbitMQ in CI, embedded Qpid otherwise). */
@SpringBootTest(classes = MessagingIT.TestApp.class, properties = "spring.rabbitmq.publisher-confirm-type=simple")
class MessagingIT {

    static final String QUEUE = "asyn2f.test.messaging";
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

    /** A dead-letter queue left over by an earlier run on a shared broker must not answer for this one. */
    @BeforeEach
    void emptyTheDeadLetterQueue() {
        new RabbitAdmin(rabbitTemplate.getConnectionFactory()).purgeQueue(EventRouting.deadLetterQueue(QUEUE), false);
    }

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
        rabbitTemplate.send(EventRouting.EXCHANGE, "worker.revoked.s-msg",
                new Message("{\"type\":\"worker.revoked\"".getBytes(StandardCharsets.UTF_8), properties));

        Message dead = receiveDeadLetter();

        assertThat(header(dead, EventRouting.HEADER_REJECT_REASON)).startsWith("unreadable event: not valid JSON");
        assertThat(header(dead, DeadLetters.HEADER_ORIGINAL_ROUTING_KEY)).isEqualTo("worker.revoked.s-msg");
    }

    @Test
    void shouldDeadLetterAControlEventFromAnUntrustedPublisher() {
        EventCodec codec = new EventCodec();
        EventEnvelope forged = EventEnvelope.wrap(new WorkerRevoked("s-msg", "w-forged", "forged"));
        Message message = EventMessages.toMessage(forged, codec); // no user_id: not published by a trusted service
        rabbitTemplate.send(EventRouting.EXCHANGE, EventRouting.routingKey(forged.event()), message);

        Message dead = receiveDeadLetter();

        assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(forged.eventId());
        assertThat(header(dead, EventRouting.HEADER_REJECT_REASON))
                .isEqualTo("untrusted publisher: worker.revoked from a publisher without user_id");
        assertThat(listener.handled).extracting(EventEnvelope::eventId).doesNotContain(forged.eventId());
    }

    @Test
    void shouldDeadLetterAnEventTheHandlerRefuses() {
        EventEnvelope sent = publisher.publish(new WorkerRevoked("s-msg", REFUSE, "test"));

        Message dead = receiveDeadLetter();

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
        assertThat(listener.failOnceAttempts.get()).isEqualTo(2);
        Message retried = listener.lastFailOnceMessage;
        assertThat(retried.getMessageProperties().getMessageId()).isEqualTo(transient_.eventId());
        assertThat(retried.getMessageProperties().getType()).isEqualTo(WorkerRevoked.TYPE);
        assertThat(header(retried, EventRouting.HEADER_ACCESS_TOKEN)).isEqualTo("token-of-the-worker");
        assertThat(header(retried, EventDelivery.HEADER_ATTEMPTS)).isEqualTo("1");
        assertThat(retried.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
    }

    @Test
    void shouldDeadLetterAnEventThatFailsEveryAttemptWithTheAttemptsInTheReason() {
        EventEnvelope poison = publisher.publish(new WorkerRevoked("s-msg", FAIL_ALWAYS, "test"));

        Message dead = receiveDeadLetter();

        assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(poison.eventId());
        assertThat(header(dead, EventRouting.HEADER_REJECT_REASON))
                .startsWith("processing failed after " + EventDelivery.DEFAULT_MAX_ATTEMPTS + " attempts:")
                .contains("always fails");
        assertThat(header(dead, DeadLetters.HEADER_ORIGINAL_ROUTING_KEY)).isEqualTo("worker.revoked.s-msg");
        assertThat(listener.failAlwaysAttempts.get()).isEqualTo(EventDelivery.DEFAULT_MAX_ATTEMPTS);
    }

    @Test
    void shouldNotDeadLetterARedeliveredEventOnItsFirstFailure() {
        // Like after a consumer restart: the broker hands the unacked message back with redelivered=true, and it
        // then fails once. That is its first failed attempt, not its second.
        EventEnvelope sent = publisher.publish(new WorkerRevoked("s-msg", REDELIVERED_FAIL_ONCE, "test"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(listener.handled).extracting(EventEnvelope::eventId).contains(sent.eventId()));
        assertThat(listener.redeliveredFailOnceFailures).containsExactly(true);
        assertThat(listener.redeliveredFailOnceAttempts.get()).isEqualTo(2);
    }

    private Message receiveDeadLetter() {
        Message[] holder = new Message[1];
        await().atMost(Duration.ofSeconds(20)).until(() ->
                (holder[0] = rabbitTemplate.receive(EventRouting.deadLetterQueue(QUEUE))) != null);
        return holder[0];
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

    static class TestListener {

        final Queue<EventEnvelope> handled = new ConcurrentLinkedQueue<>();
        final AtomicInteger failOnceAttempts = new AtomicInteger();
        final AtomicInteger failAlwaysAttempts = new AtomicInteger();
        final AtomicInteger redeliveredFailOnceAttempts = new AtomicInteger();
        /** The redelivered flag of each failed attempt of the {@link #REDELIVERED_FAIL_ONCE} event. */
        final Queue<Boolean> redeliveredFailOnceFailures = new ConcurrentLinkedQueue<>();
        volatile Message lastFailOnceMessage;
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
                switch (worker) {
                    case REFUSE -> throw new RejectedEventException("refused by the test handler");
                    case FAIL_ALWAYS -> {
                        failAlwaysAttempts.incrementAndGet();
                        throw new IllegalStateException("always fails");
                    }
                    case FAIL_ONCE -> {
                        lastFailOnceMessage = message;
                        if (failOnceAttempts.incrementAndGet() == 1) {
                            throw new IllegalStateException("fails the first time");
                        }
                    }
                    case REDELIVERED_FAIL_ONCE -> {
                        if (redeliveredFailOnceAttempts.incrementAndGet() == 1) {
                            redeliveredFailOnceFailures.add(message.getMessageProperties().getRedelivered());
                            throw new IllegalStateException("fails the first time");
                        }
                    }
                    default -> { }
                }
                handled.add(envelope);
            });
        }
    }

    static List<String> ids(Queue<EventEnvelope> envelopes) {
        return envelopes.stream().map(EventEnvelope::eventId).toList();
    }
}
