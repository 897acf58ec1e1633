package io.asyn2f.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import com.rabbitmq.client.Channel;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.WorkerRevoked;
import io.asyn2f.messaging.DeadLetterAdmin.DeadLetter;
import io.asyn2f.testing.spring.RabbitMqTestConfiguration;

/**
 * Dead letters made by {@link EventDelivery} over a real broker, listed without being removed and replayed back to
 * their consumer, which then handles each exactly once.
 */
@SpringBootTest(classes = DeadLetterAdminIT.TestApp.class, properties = {
        "spring.rabbitmq.publisher-confirm-type=simple", "spring.application.name=dead-letter-admin-it"})
class DeadLetterAdminIT {

    static final String QUEUE = "asyn2f.test.dead-letter-admin";
    /**
     * This run's session; the queue is bound to it alone, so events of other tests and of other runs on a shared
     * broker never reach it.
     */
    static final String SESSION = "s-dla-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    DeadLetterAdmin admin;

    @Autowired
    EventPublisher publisher;

    @Autowired
    RabbitTemplate rabbitTemplate;

    @Autowired
    RefusingListener listener;

    @Autowired
    EventCodec codec;

    private final String session = SESSION;

    /** What an earlier run left in the queues must not be counted. */
    @BeforeEach
    void emptyTheQueues() {
        listener.refusing = true;
        RabbitAdmin rabbitAdmin = new RabbitAdmin(rabbitTemplate.getConnectionFactory());
        rabbitAdmin.purgeQueue(QUEUE, false);
        rabbitAdmin.purgeQueue(EventRouting.deadLetterQueue(QUEUE), false);
    }

    @Test
    void shouldListDeadLettersWithTheirReasonWithoutRemovingThemAndReplayEachOnce() {
        List<EventEnvelope> sent = List.of(
                publisher.publish(new WorkerRevoked(session, "w-1", "test")),
                publisher.publish(new WorkerRevoked(session, "w-2", "test")),
                publisher.publish(new WorkerRevoked(session, "w-3", "test")));
        List<String> ids = sent.stream().map(EventEnvelope::eventId).toList();
        await().atMost(WAIT).until(() -> admin.list(QUEUE, 100).count() == 3);

        DeadLetterAdmin.Listing listing = admin.list(QUEUE, 100);
        assertThat(listing.deadLetterQueue()).isEqualTo(QUEUE + ".dlq");
        assertThat(listing.deadLetters()).extracting(DeadLetter::eventId).containsExactlyElementsOf(ids);
        DeadLetter first = listing.deadLetters().get(0);
        assertThat(first.type()).isEqualTo(WorkerRevoked.TYPE);
        assertThat(first.sessionId()).isEqualTo(session);
        assertThat(first.reason()).isEqualTo("refused while the test says so: w-1");
        assertThat(first.attempts()).isZero();
        assertThat(first.originalRoutingKey()).isEqualTo("worker.revoked." + session);
        assertThat(first.bodyBytes()).isEqualTo(codec.encode(sent.get(0)).length);
        assertThat(first.deadLetteredAt()).isBetween(Instant.now().minus(WAIT), Instant.now());

        // Listing removed nothing, not even for a listing right after it (each returns only once its messages are
        // back), and a smaller limit shows the first ones with the full count.
        for (int i = 0; i < 10; i++) {
            DeadLetterAdmin.Listing again = admin.list(QUEUE, 2);
            assertThat(again.count()).isEqualTo(3);
            assertThat(again.deadLetters()).extracting(DeadLetter::eventId)
                    .containsExactlyElementsOf(ids.subList(0, 2));
        }
        assertThat(admin.list(QUEUE, 100).deadLetters()).extracting(DeadLetter::eventId)
                .containsExactlyElementsOf(ids);

        listener.refusing = false;
        assertThat(admin.replay(QUEUE, List.of(ids.get(1), "no-such-event"))).isEqualTo(1);
        await().atMost(WAIT).until(() -> listener.handled.contains(ids.get(1)));
        assertThat(admin.list(QUEUE, 100).deadLetters()).extracting(DeadLetter::eventId)
                .containsExactly(ids.get(0), ids.get(2));

        assertThat(admin.replayAll(QUEUE)).isEqualTo(2);
        await().atMost(WAIT).until(() -> listener.handled.containsAll(ids));
        assertThat(listener.handled).filteredOn(ids::contains).hasSize(3).doesNotHaveDuplicates();
        assertThat(admin.list(QUEUE, 100).count()).isZero();
        Integer waiting = rabbitTemplate.execute(channel -> channel.queueDeclarePassive(QUEUE).getMessageCount());
        assertThat(waiting).isZero();

        // Back as it first came, for another first attempt, from this service's broker user.
        Message replayed = listener.lastHandled.get(ids.get(1));
        assertThat(replayed.getMessageProperties().getHeaders())
                .containsEntry(EventDelivery.HEADER_ATTEMPTS, 0)
                .doesNotContainKeys(EventRouting.HEADER_REJECT_REASON, DeadLetters.HEADER_DEAD_LETTERED_AT);
        assertThat(String.valueOf(replayed.getMessageProperties().getHeaders()
                .get(DeadLetters.HEADER_ORIGINAL_ROUTING_KEY))).isEqualTo("worker.revoked." + session);
        assertThat(replayed.getMessageProperties().getReceivedUserId())
                .isEqualTo(rabbitTemplate.getConnectionFactory().getUsername());
        assertThat(codec.decode(replayed.getBody())).isEqualTo(sent.get(1));
    }

    @Test
    void shouldNeverReplayAControlEventRefusedForItsPublisher() {
        // No user_id: not from a trusted service. Replayed as this service's user, it would pass as trusted.
        EventEnvelope forged = EventEnvelope.wrap(new WorkerRevoked(session, "w-forged", "forged"));
        rabbitTemplate.send(EventRouting.EXCHANGE, EventRouting.routingKey(forged.event()),
                EventMessages.toMessage(forged, codec));
        await().atMost(WAIT).until(() -> admin.list(QUEUE, 100).count() == 1);
        listener.refusing = false;

        assertThat(admin.replayAll(QUEUE)).isZero();
        assertThat(admin.replay(QUEUE, List.of(forged.eventId()))).isZero();

        DeadLetterAdmin.Listing listing = admin.list(QUEUE, 100);
        assertThat(listing.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead.eventId()).isEqualTo(forged.eventId());
            assertThat(dead.reason()).startsWith(EventDelivery.UNTRUSTED_PUBLISHER_REASON);
        });
        assertThat(listener.handled).doesNotContain(forged.eventId());
    }

    @Test
    void shouldTouchOnlyItsOwnQueuesAndBoundTheLimit() {
        assertThat(admin.queues()).containsExactly(QUEUE);
        assertThatIllegalArgumentException().isThrownBy(() -> admin.list(EventRouting.AGGREGATOR_UPDATES_QUEUE, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> admin.replayAll(QUEUE + ".dlq"));
        assertThatIllegalArgumentException().isThrownBy(() -> admin.list(QUEUE, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> admin.list(QUEUE, DeadLetterAdmin.MAX_LIMIT + 1));
        assertThat(admin.list(QUEUE, DeadLetterAdmin.MAX_LIMIT).count()).isZero();
    }

    @SpringBootApplication
    @Import({MessagingConfiguration.class, RabbitMqTestConfiguration.class})
    static class TestApp {

        @Bean
        Declarables deadLetterAdminQueue() {
            return EventTopology.consumerQueue(QUEUE, EventRouting.oneSession(WorkerRevoked.TYPE, SESSION));
        }

        @Bean
        DeadLetterAdmin.OwnedQueues ownedQueues() {
            return DeadLetterAdmin.OwnedQueues.of(QUEUE);
        }

        @Bean
        RefusingListener refusingListener(EventDelivery delivery) {
            return new RefusingListener(delivery);
        }
    }

    /** Refuses every event while {@link #refusing}, as a handler would whose precondition is not met yet. */
    static class RefusingListener {

        final List<String> handled = new CopyOnWriteArrayList<>();
        final Map<String, Message> lastHandled = new ConcurrentHashMap<>();
        volatile boolean refusing = true;
        private final EventDelivery delivery;

        RefusingListener(EventDelivery delivery) {
            this.delivery = delivery;
        }

        @RabbitListener(queues = QUEUE, ackMode = "MANUAL")
        void onMessage(Message message, Channel channel) {
            delivery.handle(message, channel, QUEUE, envelope -> {
                if (refusing) {
                    throw new RejectedEventException("refused while the test says so: "
                            + ((WorkerRevoked) envelope.event()).workerId());
                }
                lastHandled.put(envelope.eventId(), message);
                handled.add(envelope.eventId());
            });
        }
    }
}
