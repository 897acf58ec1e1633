package io.asyn2f.messaging;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;

/**
 * What an operator needs once the cause of dead letters is fixed: see what lies in the dead-letter queue of one of
 * this service's consumer queues, and put it back on that queue.
 *
 * <p>Listing takes messages with {@code basic.get} without acking and releases them all afterwards, so it removes
 * nothing; while a listing holds them, another listing or replay of the same queue sees fewer.
 *
 * <p>A replay publishes a copy to the queue (default exchange, routing key = queue name) with the failed attempts
 * reset to 0 and the reject reason removed, waits for the broker's confirm, and only then acks the dead letter: a
 * crash in between leaves a duplicate, never a loss, and consumers are idempotent by event id. A dead letter refused
 * for an untrusted publisher is never replayed: the copy goes out as this service's broker user, which would make a
 * forged control event look trusted.
 *
 * <p>Only the queues given at construction (the ones this service consumes) can be read or replayed.
 */
public class DeadLetterAdmin {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterAdmin.class);

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private static final long CONFIRM_TIMEOUT_MS = 10_000;
    /** Copies published before one wait for confirms: a big replay does not pay one round trip per message. */
    private static final int CONFIRM_BATCH = 100;

    private final RabbitTemplate rabbitTemplate;
    private final EventCodec codec;
    private final List<String> queues;

    /** @param queues the consumer queues (not their {@code .dlq}) whose dead letters may be listed and replayed */
    public DeadLetterAdmin(RabbitTemplate rabbitTemplate, EventCodec codec, Collection<String> queues) {
        this.rabbitTemplate = rabbitTemplate;
        this.codec = codec;
        this.queues = List.copyOf(new TreeSet<>(queues));
    }

    /** The queues this service owns, in name order. */
    public List<String> queues() {
        return queues;
    }

    public boolean owns(String queue) {
        return queue != null && queues.contains(queue);
    }

    /** Up to {@code limit} dead letters of {@code queue}, oldest first, and how many there are; removes none. */
    public Listing list(String queue, int limit) {
        requireOwned(queue);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        String deadLetterQueue = EventRouting.deadLetterQueue(queue);
        return rabbitTemplate.execute(channel -> {
            long count = channel.queueDeclarePassive(deadLetterQueue).getMessageCount();
            List<DeadLetter> read = new ArrayList<>();
            List<Long> held = new ArrayList<>();
            try {
                GetResponse response;
                while (read.size() < limit && (response = channel.basicGet(deadLetterQueue, false)) != null) {
                    held.add(response.getEnvelope().getDeliveryTag());
                    read.add(describe(response));
                }
            } finally {
                release(channel, held);
            }
            return new Listing(queue, deadLetterQueue, count, read);
        });
    }

    /** Puts every dead letter of {@code queue} back on it; returns how many were replayed. */
    public int replayAll(String queue) {
        return replay(queue, null);
    }

    /**
     * Puts the dead letters of {@code queue} whose event id is in {@code eventIds} back on it, leaving the others
     * where they are; returns how many were replayed (ids not found count for nothing).
     */
    public int replay(String queue, Collection<String> eventIds) {
        requireOwned(queue);
        Set<String> wanted = eventIds == null ? null : new HashSet<>(eventIds);
        if (wanted != null && wanted.isEmpty()) {
            return 0;
        }
        String deadLetterQueue = EventRouting.deadLetterQueue(queue);
        Integer replayed = rabbitTemplate.execute(channel -> {
            // Only what is there now: a replayed message refused again comes back behind these and is not replayed
            // a second time in the same call.
            long present = channel.queueDeclarePassive(deadLetterQueue).getMessageCount();
            List<Long> held = new ArrayList<>();
            List<Long> published = new ArrayList<>();
            int done = 0;
            try {
                for (long taken = 0; taken < present; taken++) {
                    if (wanted != null && wanted.isEmpty()) {
                        break; // every requested id found
                    }
                    GetResponse response = channel.basicGet(deadLetterQueue, false);
                    if (response == null) {
                        break;
                    }
                    long tag = response.getEnvelope().getDeliveryTag();
                    String eventId = response.getProps().getMessageId();
                    if (wanted != null && !wanted.remove(eventId)) {
                        held.add(tag);
                        continue;
                    }
                    if (refusedPublisher(response.getProps())) {
                        log.warn("not replaying event {} from {}: it was refused for its publisher", eventId,
                                deadLetterQueue);
                        held.add(tag);
                        continue;
                    }
                    channel.basicPublish("", queue, replayProperties(response.getProps()), response.getBody());
                    published.add(tag);
                    if (published.size() >= CONFIRM_BATCH) {
                        done += confirmThenAck(channel, published, queue);
                    }
                }
                done += confirmThenAck(channel, published, queue);
            } finally {
                // Unconfirmed copies keep their dead letter (a duplicate at worst); the rest were never touched.
                held.addAll(published);
                release(channel, held);
            }
            return done;
        });
        int count = replayed == null ? 0 : replayed;
        log.info("replayed {} dead letter(s) from {} to {}", count, deadLetterQueue, queue);
        return count;
    }

    private int confirmThenAck(Channel channel, List<Long> published, String queue) throws IOException {
        if (published.isEmpty()) {
            return 0;
        }
        AmqpHeaders.awaitConfirms(channel, CONFIRM_TIMEOUT_MS, "replayed messages to " + queue);
        int acked = 0;
        for (Long tag : List.copyOf(published)) {
            channel.basicAck(tag, false);
            published.remove(tag);
            acked++;
        }
        return acked;
    }

    /**
     * Back to the dead-letter queue unchanged, and the channel closed for real when the template is done with it.
     * A nack has no answer, and RabbitMQ serves a queue's message count before pending requeues and acks, so a
     * listing right after this call could miss them; the broker answers a channel close only once it has requeued
     * the channel's messages. If the channel is broken, the broker requeues them anyway.
     */
    private static void release(Channel channel, List<Long> tags) {
        RabbitUtils.setPhysicalCloseRequired(channel, true);
        for (Long tag : tags) {
            try {
                channel.basicNack(tag, false, true);
            } catch (IOException | RuntimeException e) {
                log.debug("could not release delivery {}: {}", tag, e.toString());
                return;
            }
        }
    }

    private static boolean refusedPublisher(AMQP.BasicProperties properties) {
        Object reason = AmqpHeaders.of(properties).get(EventRouting.HEADER_REJECT_REASON);
        return reason != null && reason.toString().startsWith(EventDelivery.UNTRUSTED_PUBLISHER_REASON);
    }

    /**
     * The dead letter's properties for its way back: attempts 0, no reason, no dead-letter time, no leftover retry
     * bookkeeping; the original routing key stays. Published by this service, so with its broker user.
     */
    private AMQP.BasicProperties replayProperties(AMQP.BasicProperties dead) {
        Map<String, Object> headers = new HashMap<>(AmqpHeaders.of(dead));
        headers.remove(EventRouting.HEADER_REJECT_REASON);
        headers.remove(DeadLetters.HEADER_DEAD_LETTERED_AT);
        headers.remove(DelayedRetries.HEADER_RETRY_QUEUE);
        headers.remove(DelayedRetries.HEADER_RETRY_AT);
        headers.put(EventDelivery.HEADER_ATTEMPTS, 0);
        return dead.builder()
                .headers(headers)
                .userId(rabbitTemplate.getConnectionFactory().getUsername())
                .build();
    }

    private DeadLetter describe(GetResponse response) {
        AMQP.BasicProperties properties = response.getProps();
        Map<String, Object> headers = AmqpHeaders.of(properties);
        String routingKey = text(headers.get(DeadLetters.HEADER_ORIGINAL_ROUTING_KEY));
        String type = properties.getType();
        byte[] body = response.getBody() == null ? new byte[0] : response.getBody();
        return new DeadLetter(properties.getMessageId(), type, sessionId(body, type, routingKey),
                text(headers.get(EventRouting.HEADER_REJECT_REASON)), AmqpHeaders.intValue(headers.get(EventDelivery.HEADER_ATTEMPTS), 0),
                routingKey, body.length, instant(headers.get(DeadLetters.HEADER_DEAD_LETTERED_AT)));
    }

    /** From the event itself; for an unreadable body, from the routing key {@code <type>.<sessionId>}. */
    private String sessionId(byte[] body, String type, String routingKey) {
        try {
            EventEnvelope envelope = codec.decode(body);
            return envelope.event().sessionId();
        } catch (RuntimeException e) { // EventFormatException, or an event that fails its own checks
            if (type != null && routingKey != null && routingKey.startsWith(type + ".")) {
                return routingKey.substring(type.length() + 1);
            }
            return null;
        }
    }

    private void requireOwned(String queue) {
        if (!owns(queue)) {
            throw new IllegalArgumentException("not a queue of this service: " + queue);
        }
    }

    /** Header values arrive as {@code LongString}s, not {@code String}s. */
    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant instant(Object value) {
        long millis = AmqpHeaders.longValue(value, Long.MIN_VALUE);
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
    }

    /**
     * The queues whose dead letters a service may list and replay; declare one as a bean next to the queues, and
     * {@link MessagingConfiguration} makes the {@link DeadLetterAdmin} for them.
     */
    public record OwnedQueues(List<String> names) {

        public OwnedQueues {
            names = List.copyOf(names);
        }

        public static OwnedQueues of(String... names) {
            return new OwnedQueues(List.of(names));
        }
    }

    /**
     * One dead-letter queue's content.
     *
     * @param count       messages in the dead-letter queue (ready ones: those another reader holds are not counted)
     * @param deadLetters the first of them, at most the requested limit
     */
    public record Listing(String queue, String deadLetterQueue, long count, List<DeadLetter> deadLetters) {

        public Listing {
            deadLetters = List.copyOf(deadLetters);
        }
    }

    /**
     * A dead letter as an operator sees it.
     *
     * @param eventId            the message id, which is the event id
     * @param type               the event type (AMQP {@code type} property); null for a message that had none
     * @param sessionId          from the event, or from the routing key for an unreadable one; may be null
     * @param reason             why it was dead-lettered
     * @param attempts           processing attempts that had failed before ({@value EventDelivery#HEADER_ATTEMPTS})
     * @param originalRoutingKey the routing key it was first published with
     * @param bodyBytes          the size of its body
     * @param deadLetteredAt     when it was dead-lettered; null for dead letters older than that header
     */
    public record DeadLetter(String eventId, String type, String sessionId, String reason, int attempts,
            String originalRoutingKey, long bodyBytes, Instant deadLetteredAt) {
    }
}
