package io.asyn2f.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.asyn2f.api.event.EventCodec;

/**
 * Import into a service's {@code *MessagingConfig} to get the exchanges declared and the shared beans. The service
 * declares its own queues with {@link EventTopology#consumerQueue}.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    Declarables asyn2fExchanges() {
        return EventTopology.exchanges();
    }

    /** Declares everything this service declares (its {@code Declarables} beans) again before a retried publish. */
    @Bean
    EventPublisher eventPublisher(RabbitTemplate rabbitTemplate, EventCodec eventCodec,
            ObjectProvider<RabbitAdmin> rabbitAdmin) {
        return new EventPublisher(rabbitTemplate, eventCodec, () -> rabbitAdmin.ifAvailable(RabbitAdmin::initialize));
    }

    @Bean
    DeadLetters deadLetters(RabbitTemplate rabbitTemplate) {
        return new DeadLetters(rabbitTemplate);
    }

    /**
     * Lists and replays the dead letters of the queues named by this service's {@link DeadLetterAdmin.OwnedQueues}
     * beans (none declared: no queue may be touched).
     */
    @Bean
    DeadLetterAdmin deadLetterAdmin(RabbitTemplate rabbitTemplate, EventCodec eventCodec,
            ObjectProvider<DeadLetterAdmin.OwnedQueues> ownedQueues) {
        return new DeadLetterAdmin(rabbitTemplate, eventCodec,
                ownedQueues.orderedStream().flatMap(owned -> owned.names().stream()).toList());
    }

    /**
     * Control events are accepted only from {@code asyn2f.messaging.trusted-publishers}: by default this service's
     * own broker user, which all asyn2f services share unless configured otherwise. Workers must get a broker
     * account of their own (the registry's {@code asyn2f.registry.worker-broker.*}) for this to keep them out.
     * With {@code asyn2f.messaging.worker-broker-users=true} (the registry gives every worker its own broker user)
     * a worker's update or evaluation must also carry that worker's broker user
     * ({@link EventDelivery#checkingWorkerPublishers()}).
     */
    @Bean
    EventDelivery eventDelivery(EventCodec eventCodec, DeadLetters deadLetters, DelayedRetries delayedRetries,
            @Value("${asyn2f.messaging.trusted-publishers:${spring.rabbitmq.username:guest}}") List<String> trusted,
            @Value("${asyn2f.messaging.worker-broker-users:false}") boolean workerBrokerUsers) {
        EventDelivery delivery = new EventDelivery(eventCodec, deadLetters, delayedRetries, Set.copyOf(trusted));
        return workerBrokerUsers ? delivery.checkingWorkerPublishers() : delivery;
    }

    /**
     * Backoff of failed events: {@code asyn2f.messaging.retry.initial-delay} (1 s), doubled per attempt up to
     * {@code max-delay} (60 s), dead-lettered after {@code max-attempts} (8) failed attempts, about two minutes of
     * waiting in all: a 20 s outage of the database, the store or the registry is waited out.
     */
    @Bean
    DelayedRetries delayedRetries(
            @Value("${asyn2f.messaging.retry.owner:${spring.application.name:asyn2f}}") String owner,
            @Value("${asyn2f.messaging.retry.initial-delay:1s}") Duration initialDelay,
            @Value("${asyn2f.messaging.retry.max-delay:60s}") Duration maxDelay,
            @Value("${asyn2f.messaging.retry.max-attempts:8}") int maxAttempts) {
        return new DelayedRetries(owner.replaceAll("[^A-Za-z0-9_-]", "-"), initialDelay, maxDelay, maxAttempts,
                Clock.systemUTC());
    }

    @Bean
    Declarables asyn2fDelayQueues(DelayedRetries delayedRetries) {
        return delayedRetries.declarables();
    }

    @Bean
    RetryMover retryMover(RabbitTemplate rabbitTemplate, DelayedRetries delayedRetries,
            @Value("${asyn2f.messaging.retry.look-interval:250ms}") Duration interval) {
        return new RetryMover(rabbitTemplate, delayedRetries, interval.toMillis());
    }
}
