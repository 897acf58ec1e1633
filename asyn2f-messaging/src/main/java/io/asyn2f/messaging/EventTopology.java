package io.asyn2f.messaging;

import java.util.ArrayList;
import java.util.List;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

import io.asyn2f.core.event.EventRouting;

/**
 * Declarations on the broker. Every service declares the two exchanges; each consumer declares its own durable
 * queue, bound to the patterns it wants, with a dead-letter queue beside it.
 */
public final class EventTopology {

    private EventTopology() {
    }

    /** The durable topic exchange for events and the one for dead letters. */
    public static Declarables exchanges() {
        return new Declarables(eventExchange(), deadLetterExchange());
    }

    public static TopicExchange eventExchange() {
        return new TopicExchange(EventRouting.EXCHANGE, true, false);
    }

    public static TopicExchange deadLetterExchange() {
        return new TopicExchange(EventRouting.DEAD_LETTER_EXCHANGE, true, false);
    }

    /**
     * A durable queue bound to {@code patterns} on the event exchange, with {@code <queue>.dlq} bound to the
     * dead-letter exchange by the queue's name. {@link DeadLetters} moves refused messages there itself, with a
     * reason; no broker-side dead-letter arguments are set, since not every AMQP 0-9-1 broker supports them (Qpid
     * refuses {@code x-dead-letter-exchange}) and consumers never reject without requeue.
     */
    public static Declarables consumerQueue(String queue, String... patterns) {
        Queue main = QueueBuilder.durable(queue).build();
        Queue deadLetters = QueueBuilder.durable(EventRouting.deadLetterQueue(queue)).build();
        List<Declarable> declarables = new ArrayList<>();
        declarables.add(main);
        declarables.add(deadLetters);
        declarables.add(BindingBuilder.bind(deadLetters).to(deadLetterExchange()).with(queue));
        for (String pattern : patterns) {
            Binding binding = BindingBuilder.bind(main).to(eventExchange()).with(pattern);
            declarables.add(binding);
        }
        return new Declarables(declarables);
    }
}
