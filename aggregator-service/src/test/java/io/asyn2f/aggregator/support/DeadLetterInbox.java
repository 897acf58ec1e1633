package io.asyn2f.aggregator.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.asyn2f.api.event.EventRouting;

/**
 * Reads a dead-letter queue and keeps what it read by message id, so tests can wait for their own message while other
 * messages (from other tests, or earlier runs on a shared broker) pass by.
 */
public final class DeadLetterInbox {

    private final RabbitTemplate rabbit;
    private final String queue;
    private final Map<String, Message> seen = new ConcurrentHashMap<>();

    public DeadLetterInbox(RabbitTemplate rabbit, String queue) {
        this.rabbit = rabbit;
        this.queue = EventRouting.deadLetterQueue(queue);
    }

    /** Waits for the dead letter of the event {@code eventId} and returns its reason header. */
    public String awaitReason(String eventId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Message message;
            while ((message = rabbit.receive(queue)) != null) {
                seen.put(String.valueOf(message.getMessageProperties().getMessageId()), message);
            }
            return seen.containsKey(eventId);
        });
        return String.valueOf(seen.get(eventId).getMessageProperties().getHeaders()
                .get(EventRouting.HEADER_REJECT_REASON));
    }
}
