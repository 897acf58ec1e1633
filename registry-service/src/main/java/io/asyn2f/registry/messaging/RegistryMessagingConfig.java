package io.asyn2f.registry.messaging;

import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.asyn2f.api.event.EventRouting;
import io.asyn2f.messaging.DeadLetterAdmin;
import io.asyn2f.messaging.EventTopology;
import io.asyn2f.messaging.MessagingConfiguration;
import io.asyn2f.registry.config.RegistryProperties;

/** The registry publishes worker events and consumes session events from its own queue. */
@Configuration(proxyBeanMethods = false)
@Import(MessagingConfiguration.class)
class RegistryMessagingConfig {

    @Bean
    Declarables registrySessionsQueue(RegistryProperties properties) {
        return EventTopology.registrySessionsQueue(properties.sessionsQueue());
    }

    /** The admin API may list and replay the dead letters of the sessions queue, the one the registry consumes. */
    @Bean
    DeadLetterAdmin.OwnedQueues registryOwnedQueues(RegistryProperties properties) {
        return DeadLetterAdmin.OwnedQueues.of(properties.sessionsQueue());
    }

    /** The queue the registry's worker events are for, so none is dropped while the aggregator has never run. */
    @Bean
    Declarables aggregatorWorkersQueue() {
        return EventTopology.aggregatorWorkersQueue(EventRouting.AGGREGATOR_WORKERS_QUEUE);
    }
}
