package io.asyn2f.messaging;

import java.time.Duration;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.asyn2f.core.event.EventRouting;

/**
 * Moves a refused message to the dead-letter queue of the queue it came from, with the reason in the
 * {@value EventRouting#HEADER_REJECT_REASON} header (a broker-side reject cannot carry a reason).
 */
public class DeadLetters {

    /** Header with the routing key the message originally had. */
    public static final String HEADER_ORIGINAL_ROUTING_KEY = "x-asyn2f-original-routing-key";

    private static final int MAX_REASON_LENGTH = 1000;
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    private final RabbitTemplate rabbitTemplate;

    public DeadLetters(RabbitTemplate rabbitTemplate) {
        this.rabbitTemplate = rabbitTemplate;
    }

    /** Publishes a copy of {@code message} to {@code <queue>.dlq} and waits for the confirm. */
    public void send(Message message, String queue, String reason) {
        String shortReason = reason == null ? "unknown" : reason.length() <= MAX_REASON_LENGTH
                ? reason : reason.substring(0, MAX_REASON_LENGTH);
        Message copy = MessageBuilder.fromMessage(message)
                .setHeader(EventRouting.HEADER_REJECT_REASON, shortReason)
                .setHeader(HEADER_ORIGINAL_ROUTING_KEY, message.getMessageProperties().getReceivedRoutingKey())
                .build();
        rabbitTemplate.invoke(operations -> {
            operations.send(EventRouting.DEAD_LETTER_EXCHANGE, queue, copy);
            operations.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
            return null;
        });
    }
}
