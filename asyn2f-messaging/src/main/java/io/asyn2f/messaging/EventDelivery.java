package io.asyn2f.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;

import com.rabbitmq.client.Channel;

import io.asyn2f.api.event.EvaluationReported;
import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventFormatException;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.FlEvent;
import io.asyn2f.api.event.LocalUpdateSubmitted;

/**
 * The acknowledgement discipline of every asyn2f consumer (listener containers in MANUAL ack mode):
 * <ul>
 *   <li>the message is acked only after the handler returned, i.e. after its effect is durable;</li>
 *   <li>an unreadable message, or one the handler refuses with {@link RejectedEventException}, is dead-lettered
 *       with its reason, then acked;</li>
 *   <li>any other failure may be transient (a database restart, JWKS or S3 briefly unreachable): a copy of the
 *       message, with its properties and headers and the failed attempts counted in the {@value #HEADER_ATTEMPTS}
 *       header, waits in a delay queue with exponential backoff ({@link DelayedRetries}) and comes back to the same
 *       queue; then the original is acked. Without delayed retries configured (a worker's own queue) the copy goes
 *       straight to the back of the queue. Once {@code maxAttempts} attempts have failed the message is
 *       dead-lettered instead, so a poison message never loops.</li>
 * </ul>
 * The broker's {@code redelivered} flag is deliberately not used to count: after a consumer restart every unacked
 * message comes back redelivered, without having failed.
 *
 * <p>With trusted publishers given, a control event (every type but the workers' own {@code update.submitted} and
 * {@code evaluation.reported}, whose senders are checked by their tokens) is accepted only if its AMQP
 * {@code user_id} names one of them; RabbitMQ refuses a {@code user_id} other than the publishing connection's user,
 * so a worker with its own broker account cannot forge a session, worker or global-model event.
 *
 * <p>{@link #checkingWorkerPublishers()} adds the check for the workers' own events, when every worker has a broker
 * user of its own ({@link EventRouting#workerBrokerUser}): an {@code update.submitted} or {@code evaluation.reported}
 * is accepted only with the {@code user_id} of the worker it names (the token check then ties that worker to the
 * token), or of a trusted publisher (a service's own retry copy or replay). So a worker cannot submit in another's
 * name even with a token it somehow obtained.
 *
 * <p>{@link #forWorkerQueue} is the delivery of a worker's own queue, whose broker user may publish nothing but its
 * events and its dead letters (not to the default exchange): a failed message is requeued by the broker, its failed
 * attempts counted in memory, and dead-lettered once {@code maxAttempts} have failed.
 */
public class EventDelivery {

    private static final Logger log = LoggerFactory.getLogger(EventDelivery.class);

    /** Header with the number of attempts that already failed to process the message (absent: none). */
    public static final String HEADER_ATTEMPTS = "x-asyn2f-attempts";

    /** How a refusal for the publisher's broker user begins; such a dead letter is never replayed. */
    public static final String UNTRUSTED_PUBLISHER_REASON = "untrusted publisher: ";

    /** How many attempts may fail before a message is dead-lettered. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    /** Events workers publish; their senders are checked by the access token they carry, not by the broker user. */
    private static final Set<String> WORKER_EVENTS = Set.of(LocalUpdateSubmitted.TYPE, EvaluationReported.TYPE);

    private final EventCodec codec;
    private final DeadLetters deadLetters;
    private final int maxAttempts;
    private final Set<String> trustedPublishers;
    private final DelayedRetries delayedRetries;
    private final boolean workerPublishersChecked;
    private final boolean requeueRetries;
    /** Failed attempts by event id, for {@link #forWorkerQueue}: forgotten once the event is acked. */
    private final Map<String, Integer> attemptsInMemory = new ConcurrentHashMap<>();

    /** Any publisher is accepted (used where every event comes from the services, e.g. a worker's own queue). */
    public EventDelivery(EventCodec codec, DeadLetters deadLetters) {
        this(codec, deadLetters, DEFAULT_MAX_ATTEMPTS, Set.of());
    }

    public EventDelivery(EventCodec codec, DeadLetters deadLetters, int maxAttempts) {
        this(codec, deadLetters, maxAttempts, Set.of());
    }

    /**
     * @param trustedPublishers broker users whose control events are accepted; empty accepts any publisher
     */
    public EventDelivery(EventCodec codec, DeadLetters deadLetters, int maxAttempts, Set<String> trustedPublishers) {
        this(codec, deadLetters, maxAttempts, trustedPublishers, null);
    }

    /** Failed messages wait in {@code delayedRetries}' delay queues; its {@code maxAttempts} applies. */
    public EventDelivery(EventCodec codec, DeadLetters deadLetters, DelayedRetries delayedRetries,
            Set<String> trustedPublishers) {
        this(codec, deadLetters, delayedRetries.maxAttempts(), trustedPublishers, delayedRetries);
    }

    private EventDelivery(EventCodec codec, DeadLetters deadLetters, int maxAttempts, Set<String> trustedPublishers,
            DelayedRetries delayedRetries) {
        this(codec, deadLetters, maxAttempts, trustedPublishers, delayedRetries, false, false);
    }

    private EventDelivery(EventCodec codec, DeadLetters deadLetters, int maxAttempts, Set<String> trustedPublishers,
            DelayedRetries delayedRetries, boolean workerPublishersChecked, boolean requeueRetries) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.maxAttempts = maxAttempts;
        this.trustedPublishers = Set.copyOf(trustedPublishers);
        this.delayedRetries = delayedRetries;
        this.workerPublishersChecked = workerPublishersChecked;
        this.requeueRetries = requeueRetries;
    }

    /**
     * The delivery of a worker's own queue: control events only from {@code trustedPublishers} (the services' broker
     * users the registry named), failed messages requeued by the broker (see the class comment).
     */
    public static EventDelivery forWorkerQueue(EventCodec codec, DeadLetters deadLetters, int maxAttempts,
            Set<String> trustedPublishers) {
        return new EventDelivery(codec, deadLetters, maxAttempts, trustedPublishers, null, false, true);
    }

    /** This delivery, also requiring the workers' own events to carry their worker's broker user (class comment). */
    public EventDelivery checkingWorkerPublishers() {
        return new EventDelivery(codec, deadLetters, maxAttempts, trustedPublishers, delayedRetries, true,
                requeueRetries);
    }

    public void handle(Message message, Channel channel, String queue, Consumer<EventEnvelope> handler) {
        handle(message, channel, queue, handler, unreadable -> { });
    }

    /**
     * As {@link #handle(Message, Channel, String, Consumer)}, and tells {@code unreadable} why a message that is not
     * a readable event is dead-lettered (before it is), so a consumer can record it without decoding the message a
     * second time: each message is decoded once, here, and the handler gets the decoded envelope.
     */
    public void handle(Message message, Channel channel, String queue, Consumer<EventEnvelope> handler,
            Consumer<EventFormatException> unreadable) {
        long tag = message.getMessageProperties().getDeliveryTag();
        try {
            EventEnvelope envelope;
            try {
                envelope = EventMessages.fromMessage(message, codec);
            } catch (EventFormatException e) {
                unreadable.accept(e);
                reject(message, channel, queue, "unreadable event: " + e.getMessage());
                return;
            }
            String publisher = message.getMessageProperties().getReceivedUserId();
            if (!trustedPublishers.isEmpty() && !WORKER_EVENTS.contains(envelope.event().type())
                    && (publisher == null || !trustedPublishers.contains(publisher))) {
                reject(message, channel, queue, UNTRUSTED_PUBLISHER_REASON + envelope.event().type() + " from "
                        + (publisher == null ? "a publisher without user_id" : "broker user '" + publisher + "'"));
                return;
            }
            if (workerPublishersChecked && WORKER_EVENTS.contains(envelope.event().type())) {
                String worker = workerOf(envelope.event());
                if (publisher == null || !(trustedPublishers.contains(publisher)
                        || publisher.equals(EventRouting.workerBrokerUser(worker)))) {
                    reject(message, channel, queue, UNTRUSTED_PUBLISHER_REASON + envelope.event().type()
                            + " of worker " + worker + " from " + (publisher == null
                            ? "a publisher without user_id" : "broker user '" + publisher + "'"));
                    return;
                }
            }
            try {
                handler.accept(envelope);
            } catch (RejectedEventException e) {
                reject(message, channel, queue, e.getMessage());
                return;
            } catch (RuntimeException e) {
                retryOrReject(message, channel, queue, envelope, e);
                return;
            }
            if (requeueRetries) {
                attemptsInMemory.remove(envelope.eventId());
            }
            channel.basicAck(tag, false);
        } catch (IOException e) {
            throw new UncheckedIOException("acknowledging delivery " + tag + " on " + queue + " failed", e);
        }
    }

    private void retryOrReject(Message message, Channel channel, String queue, EventEnvelope envelope,
            RuntimeException failure) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        int attempts = requeueRetries ? attemptsInMemory.merge(envelope.eventId(), 1, Integer::sum)
                : previousAttempts(message) + 1;
        if (attempts >= maxAttempts) {
            attemptsInMemory.remove(envelope.eventId());
            log.error("event {} from {} failed {} times; dead-lettering it", envelope.eventId(), queue, attempts,
                    failure);
            deadLetters.send(message, queue, "processing failed after " + attempts + " attempts: " + failure, attempts);
            channel.basicAck(tag, false);
            return;
        }
        if (requeueRetries) {
            log.warn("event {} from {} failed (attempt {} of {}); requeueing it", envelope.eventId(), queue, attempts,
                    maxAttempts, failure);
            channel.basicNack(tag, false, true);
            return;
        }
        try {
            if (delayedRetries != null) {
                java.time.Duration delay = delayedRetries.delayAfter(attempts);
                log.warn("event {} from {} failed (attempt {} of {}); retrying it in {} ms: {}", envelope.eventId(),
                        queue, attempts, maxAttempts, delay.toMillis(), failure.toString());
                deadLetters.park(delayedRetries.delayed(message, queue, attempts), delayedRetries.delayQueue(delay));
            } else {
                log.warn("event {} from {} failed (attempt {} of {}); retrying it from the back of the queue",
                        envelope.eventId(), queue, attempts, maxAttempts, failure);
                deadLetters.republish(message, queue, HEADER_ATTEMPTS, attempts);
            }
        } catch (AmqpException e) {
            // The copy may not be in the queue: leave the message to the broker rather than risk losing it.
            log.error("could not republish event {} to {} for a retry; requeueing it", envelope.eventId(), queue, e);
            channel.basicNack(tag, false, true);
            return;
        }
        channel.basicAck(tag, false);
    }

    private static String workerOf(FlEvent event) {
        if (event instanceof LocalUpdateSubmitted update) {
            return update.workerId();
        }
        return ((EvaluationReported) event).workerId();
    }

    /** The attempts already counted in the header; a header that is not a number counts as none. */
    private static int previousAttempts(Message message) {
        return Math.max(0, AmqpHeaders.intValue(message.getMessageProperties().getHeaders().get(HEADER_ATTEMPTS), 0));
    }

    private void reject(Message message, Channel channel, String queue, String reason) throws IOException {
        log.warn("dead-lettering a message from {}: {}", queue, reason);
        deadLetters.send(message, queue, reason);
        channel.basicAck(message.getMessageProperties().getDeliveryTag(), false);
    }
}
