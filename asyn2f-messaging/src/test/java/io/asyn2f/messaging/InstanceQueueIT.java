package io.asyn2f.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import io.asyn2f.api.event.EventCodec;
import io.asyn2f.api.event.EventEnvelope;
import io.asyn2f.api.event.EventRouting;
import io.asyn2f.api.event.WorkerRevoked;
import io.asyn2f.messaging.EventTopology.InstanceQueue;

/** Instance queues over a real broker: every instance gets every event; dead letters of all land in one queue. */
@MessagingTestContext
class InstanceQueueIT {

    @Autowired
    EventPublisher publisher;

    @Autowired
    RabbitTemplate rabbitTemplate;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    DeadLetters deadLetters;

    @Autowired
    EventCodec codec;

    private final String prefix = "asyn2f.test.instance-" + UUID.randomUUID().toString().substring(0, 8);
    private final String session = "s-" + UUID.randomUUID().toString().substring(0, 8);
    private final String pattern = "worker.revoked." + session;
    private InstanceQueue first;
    private InstanceQueue second;

    @AfterEach
    void deleteQueues() {
        for (InstanceQueue queue : new InstanceQueue[] { first, second }) {
            if (queue != null) {
                admin.deleteQueue(queue.name());
            }
        }
        admin.deleteQueue(EventRouting.deadLetterQueue(prefix));
    }

    @Test
    void shouldNameEachInstanceQueueUniquelyUnderThePrefix() {
        first = EventTopology.instanceQueue(prefix, pattern);
        second = EventTopology.instanceQueue(prefix, pattern);

        assertThat(first.name()).startsWith(prefix + ".").isNotEqualTo(second.name());
        assertThat(first.name().substring(prefix.length() + 1)).doesNotContain(".");
        assertThat(first.deadLetterQueue()).isEqualTo(prefix + ".dlq").isEqualTo(second.deadLetterQueue());
        Queue queue = first.declarables().getDeclarablesByType(Queue.class).stream()
                .filter(q -> q.getName().equals(first.name())).findFirst().orElseThrow();
        assertThat(queue.isDurable()).isFalse();
        assertThat(queue.isAutoDelete()).isTrue();
        assertThat(queue.isExclusive()).isFalse();
        assertThat(queue.getArguments()).isEmpty();
    }

    @Test
    void shouldDeliverEveryEventToEveryInstanceQueue() {
        first = declare(EventTopology.instanceQueue(prefix, pattern));
        second = declare(EventTopology.instanceQueue(prefix, pattern));

        EventEnvelope sent = publisher.publish(new WorkerRevoked(session, "w-1", "test"));

        assertThat(codec.decode(receive(first.name()).getBody()).eventId()).isEqualTo(sent.eventId());
        assertThat(codec.decode(receive(second.name()).getBody()).eventId()).isEqualTo(sent.eventId());
    }

    @Test
    void shouldCollectDeadLettersOfEveryInstanceInTheSharedQueue() {
        first = declare(EventTopology.instanceQueue(prefix, pattern));
        second = declare(EventTopology.instanceQueue(prefix, pattern));
        EventEnvelope sent = publisher.publish(new WorkerRevoked(session, "w-1", "test"));

        deadLetters.send(receive(first.name()), first.name(), "refused by the first");
        deadLetters.send(receive(second.name()), second.name(), "refused by the second");

        Message one = receive(first.deadLetterQueue());
        Message two = receive(first.deadLetterQueue());
        assertThat(one.getMessageProperties().getMessageId()).isEqualTo(sent.eventId());
        assertThat(two.getMessageProperties().getMessageId()).isEqualTo(sent.eventId());
        assertThat(List.of(reason(one), reason(two)))
                .containsExactlyInAnyOrder("refused by the first", "refused by the second");
    }

    @Test
    void shouldRefuseAPrefixThatIsATopicPattern() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EventTopology.instanceQueue("asyn2f.*", pattern));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EventTopology.instanceQueue(" ", pattern));
    }

    private InstanceQueue declare(InstanceQueue queue) {
        for (Declarable declarable : queue.declarables().getDeclarables()) {
            if (declarable instanceof Queue q) {
                admin.declareQueue(q);
            } else if (declarable instanceof Binding b) {
                admin.declareBinding(b);
            }
        }
        return queue;
    }

    private Message receive(String queue) {
        Message[] holder = new Message[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> (holder[0] = rabbitTemplate.receive(queue)) != null);
        return holder[0];
    }

    private static String reason(Message message) {
        return String.valueOf(message.getMessageProperties().getHeaders().get(EventRouting.HEADER_REJECT_REASON));
    }
}
