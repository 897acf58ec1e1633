package io.asyn2f.messaging;

import java.time.Duration;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageBuilderSupport;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.asyn2f.api.event.EventRouting;

/**
 * Moves a refused message to the dead-letter queue of the queue it came from, with the reason in the
 * {@value EventRouting#HEADER_REJECT_REASON} header (a broker-side reject cannot carry a reason); and puts a message
 * whose processing failed back at the end of its queue for another attempt ({@link EventDelivery} counts them).
 */
public class DeadLetters {

    /** Header with the routing key the message originally had. */
    public static final String HEADER_ORIGINAL_ROUTING_KEY = "x-asyn2f-original-routing-key";
    /** Header with the time (epoch milliseconds) the message was dead-lettered, for operators listing them. */
    public static final String HEADER_DEAD_LETTERED_AT = "x-asyn2f-dead-lettered-at";

    private static final int MAX_REASON_LENGTH = 1000;
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    private final RabbitTemplate rabbitTemplate;

    public DeadLetters(RabbitTemplate rabbitTemplate) {
        this.rabbitTemplate = rabbitTemplate;
    }

    /** Publishes a copy of {@code message} to {@code <queue>.dlq} and waits for the confirm. */
    public void send(Message message, String queue, String reason) {
        publishConfirmed(EventRouting.DEAD_LETTER_EXCHANGE, queue, deadLetter(message, reason).build());
    }

    /** Like {@link #send(Message, String, String)}, recording all {@code failedAttempts} (the last one included). */
    void send(Message message, String queue, String reason, int failedAttempts) {
        publishConfirmed(EventRouting.DEAD_LETTER_EXCHANGE, queue, deadLetter(message, reason)
                .setHeader(EventDelivery.HEADER_ATTEMPTS, failedAttempts)
                .build());
    }

    private static MessageBuilderSupport<Message> deadLetter(Message message, String reason) {
        String shortReason = reason == null ? "unknown" : reason.length() <= MAX_REASON_LENGTH
                ? reason : reason.substring(0, MAX_REASON_LENGTH);
        return copyOf(message)
                .setHeader(EventRouting.HEADER_REJECT_REASON, shortReason)
                .setHeader(HEADER_DEAD_LETTERED_AT, System.currentTimeMillis());
    }

    /**
     * Publishes a copy of {@code message} straight to {@code queue} (default exchange, routing key = queue name), so
     * it is consumed again after the messages already waiting there, with {@code header} set to {@code value}; waits
     * for the confirm. The copy keeps the message's properties and headers.
     */
    void republish(Message message, String queue, String header, Object value) {
        // This service publishes the copy, so it carries this service's broker user (the original publisher's
        // user_id would be refused by the broker); the message was trusted before it failed.
        Message copy = copyOf(message).setHeader(header, value).build();
        copy.getMessageProperties().setUserId(rabbitTemplate.getConnectionFactory().getUsername());
        publishConfirmed("", queue, copy);
    }

    /**
     * Publishes a message prepared by {@link DelayedRetries#delayed} to its delay queue (default exchange) as this
     * service's broker user, and waits for the confirm.
     */
    void park(Message delayed, String delayQueue) {
        delayed.getMessageProperties().setUserId(rabbitTemplate.getConnectionFactory().getUsername());
        publishConfirmed("", delayQueue, delayed);
    }

    /**
     * A copy of a received message that can be published again: same properties and headers, the original routing
     * key kept in {@value #HEADER_ORIGINAL_ROUTING_KEY} (once: a republished copy arrives under its queue's name), and
     * the delivery mode it was received with (a received message has none set, which would publish it transient).
     */
    static MessageBuilderSupport<Message> copyOf(Message message) {
        MessageProperties received = message.getMessageProperties();
        Object originalRoutingKey = received.getHeaders().get(HEADER_ORIGINAL_ROUTING_KEY);
        MessageDeliveryMode deliveryMode = received.getReceivedDeliveryMode() != null
                ? received.getReceivedDeliveryMode() : MessageDeliveryMode.PERSISTENT;
        return MessageBuilder.fromMessage(message)
                .setHeader(HEADER_ORIGINAL_ROUTING_KEY,
                        originalRoutingKey != null ? originalRoutingKey.toString() : received.getReceivedRoutingKey())
                .setDeliveryMode(deliveryMode);
    }

    private void publishConfirmed(String exchange, String routingKey, Message message) {
        rabbitTemplate.invoke(operations -> {
            operations.send(exchange, routingKey, message);
            operations.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
            return null;
        });
    }
}
