package io.asyn2f.standalone.faults;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import io.asyn2f.api.event.EventRouting;
import io.asyn2f.standalone.platform.FaultPlatform;

/**
 * What the dead-letter queues of the services (and of a session's workers) received. The queues are the platform's
 * own, but a platform serves several scenarios one after the other: each message is taken off its queue and kept
 * here, and a session's check counts only the messages that name it. Drained before a broker restart too, which
 * would otherwise lose them.
 */
final class DeadLetters {

    record DeadLetter(String queue, String routingKey, String reason, String body) {
    }

    private final FaultPlatform platform;
    private final List<DeadLetter> received = new ArrayList<>();

    DeadLetters(FaultPlatform platform) {
        this.platform = platform;
    }

    /** Takes every message off the services' dead-letter queues and those of {@code workerIds}. */
    synchronized void drain(List<String> workerIds) {
        List<String> queues = new ArrayList<>(platform.serviceDeadLetterQueues());
        workerIds.forEach(worker -> queues.add(EventRouting.deadLetterQueue(EventRouting.workerQueue(worker))));
        CachingConnectionFactory connection = platform.brokerConnection();
        try {
            RabbitAdmin admin = new RabbitAdmin(connection);
            RabbitTemplate template = new RabbitTemplate(connection);
            for (String queue : queues) {
                if (admin.getQueueProperties(queue) == null) {
                    continue; // never declared: nothing was dead-lettered there
                }
                for (Message message = template.receive(queue); message != null; message = template.receive(queue)) {
                    Object reason = message.getMessageProperties().getHeaders().get(EventRouting.HEADER_REJECT_REASON);
                    received.add(new DeadLetter(queue, message.getMessageProperties().getReceivedRoutingKey(),
                            String.valueOf(reason), new String(message.getBody(), StandardCharsets.UTF_8)));
                }
            }
        } finally {
            connection.destroy();
        }
    }

    /** The dead letters that concern {@code sessionId} (its routing key or its body names it). */
    synchronized List<DeadLetter> of(String sessionId) {
        return received.stream().filter(letter -> String.valueOf(letter.routingKey()).contains(sessionId)
                || letter.body().contains("\"" + sessionId + "\"")).toList();
    }
}
