package io.asyn2f.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.SessionOpened;
import io.asyn2f.api.event.SessionStopped;
import io.asyn2f.api.event.WorkerLost;
import io.asyn2f.api.event.WorkerRegistered;
import io.asyn2f.api.event.WorkerRevoked;

/**
 * Declarations on the broker. Every service declares the two exchanges; each consumer declares its own durable
 * queue, bound to the patterns it wants, with a dead-letter queue beside it. A consumer whose every replica must see
 * every event (e.g. the storage-gateway's revocations) declares an {@link #instanceQueue instance queue} instead.
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

    /**
     * The registry's queue of session events. Declared by the registry, which consumes it, and by the aggregator,
     * which publishes session.opened: a session opened before the registry ever started is waiting there.
     */
    public static Declarables registrySessionsQueue(String queue) {
        return consumerQueue(queue, EventRouting.allSessions(SessionOpened.TYPE),
                EventRouting.allSessions(SessionStopped.TYPE));
    }

    /**
     * The aggregator's queue of worker lifecycle events. Declared by the aggregator, which consumes it, and by the
     * registry, which publishes them: a worker registered while the aggregator was never up yet is not lost.
     */
    public static Declarables aggregatorWorkersQueue(String queue) {
        return consumerQueue(queue, EventRouting.allSessions(WorkerRegistered.TYPE),
                EventRouting.allSessions(WorkerLost.TYPE), EventRouting.allSessions(WorkerRevoked.TYPE));
    }

    /**
     * A queue of this instance alone: named {@code <prefix>.<random suffix>}, non-durable and auto-delete (the broker
     * drops it when its last consumer goes, so a replica that is gone leaves nothing behind), bound to
     * {@code patterns} on the event exchange. Every instance declaring one with the same patterns receives its own
     * copy of every matching event, where instances sharing a {@link #consumerQueue} would split them.
     *
     * <p>Dead letters of all instances go to one shared durable queue {@code <prefix>.dlq}, bound to the dead-letter
     * exchange with the topic pattern {@code <prefix>.*}: {@link DeadLetters#send} routes by the instance queue's
     * name, which that pattern matches (the suffix has no dot), and one stable binding serves every instance, past
     * and future. So the prefix must contain no {@code *} or {@code #}, and should be no other queue's name or
     * prefix.
     *
     * <p>A plain {@link Queue}, not Spring's {@code AnonymousQueue}: that one adds an {@code x-queue-leader-locator}
     * argument some brokers refuse.
     */
    public static InstanceQueue instanceQueue(String prefix, String... patterns) {
        if (prefix == null || prefix.isBlank() || prefix.contains("*") || prefix.contains("#")) {
            throw new IllegalArgumentException("an instance queue prefix must be non-blank without * or #, was "
                    + prefix);
        }
        String name = prefix + "." + UUID.randomUUID().toString().replace("-", "");
        Queue main = new Queue(name, false, false, true);
        Queue deadLetters = QueueBuilder.durable(EventRouting.deadLetterQueue(prefix)).build();
        List<Declarable> declarables = new ArrayList<>();
        declarables.add(main);
        declarables.add(deadLetters);
        declarables.add(BindingBuilder.bind(deadLetters).to(deadLetterExchange()).with(prefix + ".*"));
        for (String pattern : patterns) {
            declarables.add(BindingBuilder.bind(main).to(eventExchange()).with(pattern));
        }
        return new InstanceQueue(name, deadLetters.getName(), new Declarables(declarables));
    }

    /**
     * What {@link #instanceQueue} declares.
     *
     * @param name            the generated queue name: listen on it, and pass it to {@link DeadLetters#send}
     * @param deadLetterQueue the shared {@code <prefix>.dlq}
     * @param declarables     the queues and bindings; register them as a bean so that {@code RabbitAdmin} declares
     *                        them (again after every reconnect)
     */
    public record InstanceQueue(String name, String deadLetterQueue, Declarables declarables) {
    }
}
