package io.asyn2f.aggregator.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.FlEvent;
import io.asyn2f.api.event.GlobalModelPublished;
import io.asyn2f.api.event.SessionOpened;
import io.asyn2f.api.event.SessionStopped;
import io.asyn2f.messaging.EventTopology;

/**
 * What the aggregator publishes, as seen by a consumer of our own: a temporary queue bound to its event types. The
 * queue is named per test JVM, so another one on the shared broker never takes our events; copies of an event
 * (the outbox publishes at least once) are dropped by event id, as the real consumers do.
 */
@TestConfiguration(proxyBeanMethods = false)
public class CapturedEvents {

    /** One per test JVM, which has one context of this configuration. */
    public static final String QUEUE = "asyn2f.test.aggregator.captured." + UUID.randomUUID();

    /** In arrival order, one per event id. */
    private final Map<String, EventEnvelope> received = new LinkedHashMap<>();
    private final EventCodec codec = new EventCodec();

    @Bean
    Declarables capturedEventsQueue() {
        org.springframework.amqp.core.Queue queue = QueueBuilder.nonDurable(QUEUE).autoDelete().build();
        return new Declarables(queue,
                BindingBuilder.bind(queue).to(EventTopology.eventExchange()).with(GlobalModelPublished.TYPE + ".*"),
                BindingBuilder.bind(queue).to(EventTopology.eventExchange()).with(SessionOpened.TYPE + ".*"),
                BindingBuilder.bind(queue).to(EventTopology.eventExchange()).with(SessionStopped.TYPE + ".*"));
    }

    @RabbitListener(queues = "#{T(io.asyn2f.aggregator.support.CapturedEvents).QUEUE}")
    void onMessage(Message message) {
        EventEnvelope envelope = codec.decode(message.getBody());
        synchronized (received) {
            received.putIfAbsent(envelope.eventId(), envelope);
        }
    }

    public <T extends FlEvent> List<T> of(Class<T> type, String sessionId) {
        return snapshot().stream().map(EventEnvelope::event).filter(type::isInstance).map(type::cast)
                .filter(event -> event.sessionId().equals(sessionId)).toList();
    }

    public List<EventEnvelope> envelopes(String sessionId) {
        return snapshot().stream().filter(e -> e.event().sessionId().equals(sessionId)).toList();
    }

    private List<EventEnvelope> snapshot() {
        synchronized (received) {
            return List.copyOf(received.values());
        }
    }
}
