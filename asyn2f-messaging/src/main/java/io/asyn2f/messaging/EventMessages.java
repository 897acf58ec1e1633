package io.asyn2f.messaging;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventFormatException;

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

    /** Reads the event in a message, or throws {@link EventFormatException} saying what is wrong. */
    public static EventEnvelope fromMessage(Message message, EventCodec codec) {
        byte[] body = message.getBody();
        if (body == null || body.length == 0) {
            throw new EventFormatException("empty message body");
        }
        return codec.decode(body);
    }
}
