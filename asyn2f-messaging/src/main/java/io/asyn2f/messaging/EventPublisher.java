package io.asyn2f.messaging;

import java.time.Duration;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.asyn2f.core.event.EventCodec;
import io.asyn2f.core.event.EventEnvelope;
import io.asyn2f.core.event.EventRouting;
import io.asyn2f.core.event.FlEvent;

/**
 * Publishes events to the event exchange and waits for the broker's confirm, so a method that returns has handed
 * the event to the broker durably. Requires {@code spring.rabbitmq.publisher-confirm-type=simple}.
 */
public class EventPublisher {

    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    private final RabbitTemplate rabbitTemplate;
    private final EventCodec codec;

    public EventPublisher(RabbitTemplate rabbitTemplate, EventCodec codec) {
        this.rabbitTemplate = rabbitTemplate;
        this.codec = codec;
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
        rabbitTemplate.invoke(operations -> {
            operations.send(EventRouting.EXCHANGE, EventRouting.routingKey(envelope.event()), message);
            operations.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
            return null;
        });
    }
}
