package io.asyn2f.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.QueueBuilder;

/**
 * Delayed retries of messages whose processing failed for a reason that may pass (a database, store or JWKS endpoint
 * briefly away). A failed message waits in a durable <em>delay queue</em> of this service, one per delay of the
 * backoff ({@code initialDelay}, doubled each attempt, capped at {@code maxDelay}), then {@link RetryMover} puts it
 * back on the queue it came from. The number of failed attempts travels in {@value EventDelivery#HEADER_ATTEMPTS};
 * after {@code maxAttempts} the message is dead-lettered instead.
 *
 * <p>Why not per-queue TTL with a dead-letter exchange: Qpid (the embedded broker of the launcher and of tests
 * without RabbitMQ) refuses {@code x-message-ttl} and {@code x-dead-letter-exchange}. All messages in one delay queue
 * wait equally long, so the head is always the first due, and the mover only ever looks at the head.
 *
 * @param owner        names this service's delay queues, {@code asyn2f.retry.<owner>.<millis>ms}
 * @param maxAttempts  failed attempts after which a message is dead-lettered
 */
public record DelayedRetries(String owner, Duration initialDelay, Duration maxDelay, int maxAttempts, Clock clock) {

    /** Header with the queue a delayed message goes back to. */
    public static final String HEADER_RETRY_QUEUE = "x-asyn2f-retry-queue";
    /** Header with the time (epoch milliseconds) from which a delayed message may go back. */
    public static final String HEADER_RETRY_AT = "x-asyn2f-retry-at";

    public DelayedRetries {
        if (owner == null || !owner.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("owner must be 1-64 of A-Z a-z 0-9 _ -, was " + owner);
        }
        if (initialDelay.toMillis() < 1 || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 1 ms <= initialDelay <= maxDelay, got " + initialDelay + ", "
                    + maxDelay);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** The delays in order: initialDelay, doubled until maxDelay (which is always the last). */
    public List<Duration> delays() {
        List<Duration> delays = new ArrayList<>();
        for (Duration delay = initialDelay; delay.compareTo(maxDelay) < 0; delay = delay.multipliedBy(2)) {
            delays.add(delay);
        }
        delays.add(maxDelay);
        return delays;
    }

    /** The wait after the {@code failedAttempts}-th failure (1 = the first). */
    public Duration delayAfter(int failedAttempts) {
        List<Duration> delays = delays();
        return delays.get(Math.min(Math.max(failedAttempts, 1), delays.size()) - 1);
    }

    public String delayQueue(Duration delay) {
        return "asyn2f.retry." + owner.toLowerCase(Locale.ROOT) + "." + delay.toMillis() + "ms";
    }

    public List<String> delayQueues() {
        return delays().stream().map(this::delayQueue).toList();
    }

    /** The delay queues, durable, with no arguments any AMQP 0-9-1 broker could refuse. */
    public Declarables declarables() {
        List<Declarable> queues = new ArrayList<>();
        delayQueues().forEach(name -> queues.add(QueueBuilder.durable(name).build()));
        return new Declarables(queues);
    }

    /**
     * A copy of {@code message} to park in the delay queue for its attempt, with where and when it goes back. Its
     * properties, headers and persistence are kept.
     */
    Message delayed(Message message, String originQueue, int failedAttempts) {
        long retryAt = clock.millis() + delayAfter(failedAttempts).toMillis();
        return DeadLetters.copyOf(message)
                .setHeader(EventDelivery.HEADER_ATTEMPTS, failedAttempts)
                .setHeader(HEADER_RETRY_QUEUE, originQueue)
                .setHeader(HEADER_RETRY_AT, retryAt)
                .build();
    }
}
