package io.asyn2f.messaging;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.FlEvent;

/**
 * Publishes events to the event exchange and waits for the broker's confirm, so a method that returns has handed
 * the event to the broker durably. Requires {@code spring.rabbitmq.publisher-confirm-type=simple}.
 *
 * <p>A publish that fails on the broker side (the channel closed because the exchange is missing, e.g. on a broker
 * that restarted empty, or the connection dropped) is retried a few times with backoff, declaring this service's
 * topology again before each retry; only then does the caller see the failure.
 */
public class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    /** 200 ms, 400 ms, ... up to 2 s: five retries, about 5 s in all, before the caller sees the failure. */
    private static final RetryPolicy PUBLISH_RETRIES = RetryPolicy.builder()
            .includes(AmqpException.class)
            .maxRetries(5)
            .delay(Duration.ofMillis(200))
            .multiplier(2)
            .maxDelay(Duration.ofSeconds(2))
            .build();

    private final RabbitTemplate rabbitTemplate;
    private final EventCodec codec;
    private final Runnable declareTopology;

    /** A publisher whose exchanges are declared by someone else (retries still happen, without declaring). */
    public EventPublisher(RabbitTemplate rabbitTemplate, EventCodec codec) {
        this(rabbitTemplate, codec, () -> { });
    }

    /**
     * @param declareTopology declares the exchanges and queues this service owns or needs (e.g.
     *                        {@code RabbitAdmin::initialize}); idempotent, run before each retry
     */
    public EventPublisher(RabbitTemplate rabbitTemplate, EventCodec codec, Runnable declareTopology) {
        this.rabbitTemplate = rabbitTemplate;
        this.codec = codec;
        this.declareTopology = declareTopology;
    }

    /** Wraps and publishes an event; returns the envelope that was sent. */
    public EventEnvelope publish(FlEvent event) {
        EventEnvelope envelope = EventEnvelope.wrap(event);
        publish(envelope);
        return envelope;
    }

    /** Publishes an envelope (e.g. from an outbox, keeping its original id). */
    public void publish(EventEnvelope envelope) {
        Message message = EventMessages.toMessage(envelope, codec);
        // The broker checks that user_id is the publishing connection's user, so consumers can trust it.
        message.getMessageProperties().setUserId(rabbitTemplate.getConnectionFactory().getUsername());
        String routingKey = EventRouting.routingKey(envelope.event());
        RetryTemplate retries = new RetryTemplate(PUBLISH_RETRIES);
        boolean[] first = {true};
        try {
            retries.execute(() -> {
                if (!first[0]) {
                    redeclare(envelope);
                }
                first[0] = false;
                rabbitTemplate.invoke(operations -> {
                    operations.send(EventRouting.EXCHANGE, routingKey, message);
                    operations.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
                    return null;
                });
                return null;
            });
        } catch (RetryException e) {
            Throwable last = e.getLastException() != null ? e.getLastException() : e.getCause();
            if (last instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AmqpException("publishing " + envelope.event().type() + " failed", last);
        }
    }

    private void redeclare(EventEnvelope envelope) {
        log.warn("publishing {} event {} failed; declaring the topology again and retrying",
                envelope.event().type(), envelope.eventId());
        try {
            declareTopology.run();
        } catch (AmqpException e) {
            // The broker may still be away: the retry will tell.
            log.debug("declaring the topology failed: {}", e.toString());
        }
    }
}
