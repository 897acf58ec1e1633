package io.asyn2f.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;

import com.rabbitmq.client.Channel;

import io.asyn2f.core.event.EventCodec;
import io.asyn2f.core.event.EventEnvelope;
import io.asyn2f.core.event.EventFormatException;

/**
 * The acknowledgement discipline of every asyn2f consumer (listener containers in MANUAL ack mode):
 * <ul>
 *   <li>the message is acked only after the handler returned, i.e. after its effect is durable;</li>
 *   <li>an unreadable message, or one the handler refuses with {@link RejectedEventException}, is dead-lettered
 *       with its reason, then acked;</li>
 *   <li>any other failure is requeued once (it may be transient: a database restart); failing again on redelivery
 *       it is dead-lettered, so a poison message never loops.</li>
 * </ul>
 */
public class EventDelivery {

    private static final Logger log = LoggerFactory.getLogger(EventDelivery.class);

    private final EventCodec codec;
    private final DeadLetters deadLetters;

    public EventDelivery(EventCodec codec, DeadLetters deadLetters) {
        this.codec = codec;
        this.deadLetters = deadLetters;
    }

    public void handle(Message message, Channel channel, String queue, Consumer<EventEnvelope> handler) {
        long tag = message.getMessageProperties().getDeliveryTag();
        try {
            EventEnvelope envelope;
            try {
                envelope = EventMessages.fromMessage(message, codec);
            } catch (EventFormatException e) {
                reject(message, channel, queue, "unreadable event: " + e.getMessage());
                return;
            }
            try {
                handler.accept(envelope);
            } catch (RejectedEventException e) {
                reject(message, channel, queue, e.getMessage());
                return;
            } catch (RuntimeException e) {
                if (Boolean.TRUE.equals(message.getMessageProperties().getRedelivered())) {
                    log.error("event {} from {} failed again after redelivery; dead-lettering it",
                            envelope.eventId(), queue, e);
                    reject(message, channel, queue, "processing failed: " + e);
                } else {
                    log.warn("event {} from {} failed; requeueing it once", envelope.eventId(), queue, e);
                    channel.basicNack(tag, false, true);
                }
                return;
            }
            channel.basicAck(tag, false);
        } catch (IOException e) {
            throw new UncheckedIOException("acknowledging delivery " + tag + " on " + queue + " failed", e);
        }
    }

    private void reject(Message message, Channel channel, String queue, String reason) throws IOException {
        log.warn("dead-lettering a message from {}: {}", queue, reason);
        deadLetters.send(message, queue, reason);
        channel.basicAck(message.getMessageProperties().getDeliveryTag(), false);
    }
}
