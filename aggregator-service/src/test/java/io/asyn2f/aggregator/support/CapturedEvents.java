package io.asyn2f.aggregator.support;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import io.asyn2f.core.event.EventCodec;
import io.asyn2f.core.event.EventEnvelope;
import io.asyn2f.core.event.FlEvent;
import io.asyn2f.core.event.GlobalModelPublished;
import io.asyn2f.core.event.SessionOpened;
import io.asyn2f.core.event.SessionStopped;
import io.asyn2f.messaging.EventTopology;

/** What the aggregator publishes, as seen by a consumer of our own: a temporary queue bound to its event types. */
@TestConfiguration(proxyBeanMethods = false)
public class CapturedEvents {

    static final String QUEUE = "asyn2f.test.aggregator.captured";

    private final Queue<EventEnvelope> received = new ConcurrentLinkedQueue<>();
    private final EventCodec codec = new EventCodec();

    @Bean
    Declarables capturedEventsQueue() {
        org.springframework.amqp.core.Queue queue = QueueBuilder.nonDurable(QUEUE).autoDelete().build();
        return new Declarables(queue,
                BindingBuilder.bind(queue).to(EventTopology.eventExchange()).with(GlobalModelPublished.TYPE + ".*"),
                BindingBuilder.bind(queue).to(EventTopology.eventExchange()).with(SessionOpened.TYPE + ".*"),
                BindingBuilder.bind(queue).to(EventTopology.eventExchange()).with(SessionStopped.TYPE + ".*"));
    }

    @RabbitListener(queues = QUEUE)
    void onMessage(Message message) {
        received.add(codec.decode(message.getBody()));
    }

    public <T extends FlEvent> List<T> of(Class<T> type, String sessionId) {
        return received.stream().map(EventEnvelope::event).filter(type::isInstance).map(type::cast)
                .filter(event -> event.sessionId().equals(sessionId)).toList();
    }

    public List<EventEnvelope> envelopes(String sessionId) {
        return received.stream().filter(e -> e.event().sessionId().equals(sessionId)).toList();
    }
}
