package io.asyn2f.messaging;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventFormatException;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.FlEvent;

/** Conversion between events and AMQP messages: JSON body, the short type id as the message type, persistent. */
public final class EventMessages {

    public static final String CONTENT_TYPE = "application/json";

    private EventMessages() {
    }

    public static Message toMessage(EventEnvelope envelope, EventCodec codec) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(CONTENT_TYPE);
        properties.setContentEncoding("UTF-8");
        properties.setType(envelope.event().type());
        properties.setMessageId(envelope.eventId());
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        return new Message(codec.encode(envelope), properties);
    }

    /**
     * Publishes a worker's event as workers do: with its access token in {@value EventRouting#HEADER_ACCESS_TOKEN},
     * the connection's user as {@code user_id} (the broker refuses any other, and the aggregator may require the
     * worker's own), on a channel of its own, returning once the broker confirmed it.
     *
     * @return the envelope that was published (its event id)
     */
    public static EventEnvelope publishWorkerEvent(RabbitTemplate template, EventCodec codec, FlEvent event,
            String accessToken, String brokerUser, long confirmTimeoutMillis) {
        EventEnvelope envelope = EventEnvelope.wrap(event);
        Message message = toMessage(envelope, codec);
        message.getMessageProperties().setHeader(EventRouting.HEADER_ACCESS_TOKEN, accessToken);
        message.getMessageProperties().setUserId(brokerUser);
        template.invoke(operations -> {
            operations.send(EventRouting.EXCHANGE, EventRouting.routingKey(event), message);
            operations.waitForConfirmsOrDie(confirmTimeoutMillis);
            return null;
        });
        return envelope;
    }

    /** Reads the event in a message, or throws {@link EventFormatException} saying what is wrong. */
    public static EventEnvelope fromMessage(Message message, EventCodec codec) {
        byte[] body = message.getBody();
        if (body == null || body.length == 0) {
            throw new EventFormatException("empty message body");
        }
        return codec.decode(body);
    }
}
